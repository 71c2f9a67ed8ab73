import type { Request, Response, Router } from 'express';
import express from 'express';

/** One condition the server needs before it should receive traffic. */
export interface ReadinessCheck {
  name: string;
  /** Resolves with a reason when not ready, or undefined when ready. Must honour the signal. */
  check(signal: AbortSignal): Promise<string | undefined>;
}

const CHECK_TIMEOUT_MS = 3_000;

/**
 * `/healthz`: the process answers. `/readyz`: every readiness check passes (caches synced,
 * Kubernetes reachable), and the server is not shutting down. `?verbose` lists the checks,
 * as the Kubernetes API server's own probes do.
 */
export class Probes {
  private readonly checks: ReadinessCheck[] = [];
  private shuttingDown = false;

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  router(): Router {
    const router = express.Router();
    router.get('/healthz', (_req, res) => {
      res.type('text/plain').send('ok\n');
    });
    router.get('/readyz', (req, res) => {
      void this.answerReadiness(req, res);
    });
    return router;
  }

  private async answerReadiness(req: Request, res: Response): Promise<void> {
    const results = await Promise.all(this.checks.map(async (c) => ({ name: c.name, problem: await runCheck(c) })));
    if (this.shuttingDown) results.unshift({ name: 'shutdown', problem: 'the server is shutting down' });
    const ready = results.every((r) => r.problem === undefined);
    const lines = results.map((r) => (r.problem === undefined ? `[+]${r.name} ok` : `[-]${r.name} failed: ${r.problem}`));
    const verbose = req.query.verbose !== undefined;
    res.status(ready ? 200 : 503).type('text/plain');
    if (ready) res.send(verbose ? `${lines.join('\n')}\nreadyz check passed\n` : 'ok\n');
    else res.send(`${lines.join('\n')}\nreadyz check failed\n`);
  }
}

async function runCheck(check: ReadinessCheck): Promise<string | undefined> {
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  try {
    return await check.check(signal);
  } catch (err) {
    return signal.aborted ? `no answer within ${CHECK_TIMEOUT_MS} ms` : (err as Error).message;
  }
}
