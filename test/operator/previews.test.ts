import { afterEach, describe, expect, it } from 'vitest';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { ProposalPreviews } from '../../src/operator/operations/preview.js';
import { startReferenceServer, type ReferenceServer } from '../cruisecontrol/referenceServer.js';

const cluster = { namespace: 'kafka', name: 'kafka' };
const rebalance = { operation: 'rebalance', parameters: {} };

describe('dry-run previews: bounded waits', () => {
  let server: ReferenceServer;
  afterEach(async () => server.close());

  async function hangingPreviews(limits: { deadlineMs?: number; perCluster?: number }): Promise<ProposalPreviews> {
    server = await startReferenceServer();
    server.on('POST rebalance', 'hang', 'hang', 'hang', 'hang');
    // The client's own timeout is long: the preview's deadline is what must end the wait.
    const client = new CruiseControlClient({ url: server.url, timeoutMs: 600_000, retries: 0 });
    return new ProposalPreviews(() => client, limits);
  }

  it('gives up on a Cruise Control that hangs at its deadline, with a clear previewError', async () => {
    const previews = await hangingPreviews({ deadlineMs: 300 });
    expect(await previews.preview(cluster, rebalance)).toEqual({ ok: false, message: 'Cruise Control did not compute the proposal within 0.3 s; ask again' });
    expect(server.requests).toHaveLength(1);
  });

  it("stops waiting when the request's signal aborts", async () => {
    const previews = await hangingPreviews({ deadlineMs: 600_000 });
    const request = new AbortController();
    const pending = previews.preview(cluster, rebalance, request.signal);
    await expect.poll(() => server.requests.length).toBe(1);
    request.abort();
    expect(await pending).toEqual({ ok: false, message: 'the preview was cancelled: the request ended' });
  });

  it('runs at most a few previews of one cluster at once, refusing the others at once, and frees the slot when one ends', async () => {
    const previews = await hangingPreviews({ deadlineMs: 600_000, perCluster: 2 });
    const requests = [new AbortController(), new AbortController()];
    const running = requests.map((r) => previews.preview(cluster, rebalance, r.signal));
    await expect.poll(() => server.requests.length).toBe(2);
    expect(await previews.preview(cluster, rebalance)).toEqual({
      ok: false,
      message: '2 previews of this cluster are being computed already; ask again once they end',
    });
    expect(server.requests).toHaveLength(2);
    requests[0]?.abort();
    await running[0];
    const third = new AbortController();
    const next = previews.preview(cluster, rebalance, third.signal);
    await expect.poll(() => server.requests.length).toBe(3);
    third.abort();
    requests[1]?.abort();
    await Promise.all([next, running[1]]);
  });
});
