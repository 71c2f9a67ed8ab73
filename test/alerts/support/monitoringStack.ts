import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { parse, stringify } from 'yaml';

/** Where Debian's packages `prometheus` and `prometheus-alertmanager` install the programs. */
export const PROMETHEUS = '/usr/bin/prometheus';
export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

/** The programs this machine lacks, for the skip message. */
export const missingPrograms = (): string[] => [PROMETHEUS, ALERTMANAGER].filter((p) => !existsSync(p));

/** A free port on 127.0.0.1 (asked of the kernel, then released for the program to take). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningProgram {
  url: string;
  child: ChildProcess;
  /** What it printed so far (both programs log to stderr). */
  output(): string;
  stop(): Promise<void>;
}

async function run(program: string, args: string[], url: string): Promise<RunningProgram> {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = once(child, 'exit');
  const running: RunningProgram = {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
  try {
    await vi.waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${program} exited with ${child.exitCode}: ${output}`);
        expect((await fetch(`${url}/-/ready`)).status).toBe(200);
      },
      { timeout: 20_000, interval: 100 },
    );
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

/**
 * The shipped Alertmanager config with what a test must change: the webhook's URL and token file,
 * and the grouping and resend intervals shortened to seconds. Routes, matchers, group_by,
 * send_resolved and the receiver stay as shipped.
 */
export function alertmanagerTestConfig(webhookUrl: string, tokenFile: string): string {
  const config = parse(readFileSync('deploy/monitoring/alertmanager-config.yaml', 'utf8')) as {
    route: { routes: Array<Record<string, unknown>> };
    receivers: Array<{ name: string; webhook_configs?: Array<{ url: string; http_config: { authorization: { credentials_file: string } } }> }>;
  };
  for (const route of config.route.routes) Object.assign(route, { group_wait: '1s', group_interval: '1s', repeat_interval: '2s' });
  for (const receiver of config.receivers)
    for (const webhook of receiver.webhook_configs ?? []) {
      webhook.url = webhookUrl;
      webhook.http_config.authorization.credentials_file = tokenFile;
    }
  return stringify(config);
}

/** The shipped rules with `for` shortened to two seconds and `keep_firing_for` to five; expressions, labels and annotations as shipped. */
export function rulesTestCopy(): string {
  const rules = parse(readFileSync('deploy/monitoring/prometheus-rules.yaml', 'utf8')) as {
    groups: Array<{ rules: Array<{ for?: string; keep_firing_for?: string }> }>;
  };
  for (const group of rules.groups)
    for (const rule of group.rules) {
      rule.for = '2s';
      if (rule.keep_firing_for !== undefined) rule.keep_firing_for = '5s';
    }
  return stringify(rules);
}

export async function startAlertmanager(dir: string, config: string): Promise<RunningProgram> {
  const port = await freePort();
  mkdirSync(join(dir, 'alertmanager'), { recursive: true });
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  return run(
    ALERTMANAGER,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // A single Alertmanager: no gossip port to take.
      '--cluster.listen-address=',
    ],
    `http://127.0.0.1:${port}`,
  );
}

/** Where a Prometheus sends its alerts: an Alertmanager, or kafkaplane itself with its token. */
export type AlertDestination = { alertmanager: string } | { kafkaplane: string; tokenFile: string };

/**
 * A Prometheus configuration scraping the sandbox through its file_sd files every second and
 * evaluating the rules every second: the broker Pods' JMX exporters (job kafka) and the kubelet
 * (job kubelet, whose own namespace and persistentvolumeclaim labels are kept, honor_labels).
 */
export function prometheusConfig(options: { scrapeTargetsDir: string; rulesFile: string; alerts: AlertDestination }): string {
  const destination =
    'alertmanager' in options.alerts
      ? { api_version: 'v2', static_configs: [{ targets: [new URL(options.alerts.alertmanager).host] }] }
      : {
          api_version: 'v2',
          path_prefix: '/',
          static_configs: [{ targets: [new URL(options.alerts.kafkaplane).host] }],
          authorization: { type: 'Bearer', credentials_file: options.alerts.tokenFile },
        };
  return stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [options.rulesFile],
    alerting: { alertmanagers: [destination] },
    scrape_configs: [
      { job_name: 'kafka', file_sd_configs: [{ files: [join(options.scrapeTargetsDir, 'kafka.json')], refresh_interval: '1s' }] },
      { job_name: 'kubelet', honor_labels: true, file_sd_configs: [{ files: [join(options.scrapeTargetsDir, 'kubelet.json')], refresh_interval: '1s' }] },
    ],
  });
}

export interface RunningPrometheus extends RunningProgram {
  /** Writes a new configuration and has Prometheus load it (POST /-/reload). */
  reconfigure(config: string): Promise<void>;
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  alerts(): Promise<Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string; activeAt: string; value: string }>>;
}

export async function startPrometheus(dir: string, config: string): Promise<RunningPrometheus> {
  const port = await freePort();
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const program = await run(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      // Firing alerts are sent again every second (default a minute): the resends the loop must survive.
      '--rules.alert.resend-delay=1s',
    ],
    `http://127.0.0.1:${port}`,
  );
  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${program.url}${path}`)).json()) as { status: string; data: T };
    return body.data;
  };
  return {
    ...program,
    reconfigure: async (next) => {
      writeFileSync(configFile, next);
      const response = await fetch(`${program.url}/-/reload`, { method: 'POST' });
      expect(response.status, await response.text()).toBe(200);
    },
    query: async (expr) =>
      (await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    alerts: async () =>
      (
        await api<{ alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; state: string; activeAt: string; value: string }> }>(
          '/api/v1/alerts',
        )
      ).alerts,
  };
}
