import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderElector } from '../../src/k8s/leaderElection.js';
import { createLogger } from '../../src/logging.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';

let sandbox: KubeSandbox;
const logger = createLogger({ logLevel: process.env.DEBUG_LE ? 'debug' : 'silent', logFormat: 'json' });
beforeAll(async () => {
  sandbox = await startKubeSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

function elector(identity: string, leaseName: string, log: string[]): LeaderElector {
  return new LeaderElector(sandbox.kubeConfig, {
    namespace: 'default',
    leaseName,
    identity,
    // The test operator's timings: short, with room for a machine under load.
    leaseDurationMs: 1_500,
    renewDeadlineMs: 1_000,
    retryPeriodMs: 200,
    logger,
    onStartedLeading: () => {
      log.push(`${identity} leads`);
    },
    onStoppedLeading: () => {
      log.push(`${identity} stops`);
    },
  });
}

describe('leader election on a Lease', () => {
  it('makes one replica leader at a time, and hands over when the leader stops', async () => {
    const log: string[] = [];
    const a = elector('a', 'handover', log);
    const b = elector('b', 'handover', log);
    a.start();
    await expect.poll(() => a.isLeader).toBe(true);
    b.start();
    const overlap = setInterval(() => {
      if (a.isLeader && b.isLeader) log.push('both lead');
    }, 5);
    // Past the renew deadline, the leader has renewed and still leads; the other waits.
    const leases = sandbox.kubeConfig.makeApiClient(CoordinationV1Api);
    const firstRenewal = (await leases.readNamespacedLease({ name: 'handover', namespace: 'default' })).spec?.renewTime;
    await expect
      .poll(
        async () => {
          const renewed = (await leases.readNamespacedLease({ name: 'handover', namespace: 'default' })).spec?.renewTime;
          return renewed !== undefined && firstRenewal !== undefined && new Date(renewed).getTime() - new Date(firstRenewal).getTime() > 1_100;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    await a.stop();
    await expect.poll(() => b.isLeader, { timeout: 5_000 }).toBe(true);
    clearInterval(overlap);
    await b.stop();
    expect(log).toEqual(['a leads', 'a stops', 'b leads', 'b stops']);
    const lease = await sandbox.kubeConfig.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'handover', namespace: 'default' });
    expect(lease.spec?.leaseTransitions).toBe(1);
  });

  it('takes over a lease whose holder stopped renewing, only after the lease duration', async () => {
    const leases = sandbox.kubeConfig.makeApiClient(CoordinationV1Api);
    await leases.createNamespacedLease({
      namespace: 'default',
      body: {
        metadata: { name: 'ghost' },
        spec: { holderIdentity: 'ghost', leaseDurationSeconds: 1, renewTime: new V1MicroTime(), acquireTime: new V1MicroTime() },
      },
    });
    const log: string[] = [];
    const c = elector('c', 'ghost', log);
    const started = Date.now();
    c.start();
    await expect.poll(() => c.isLeader, { timeout: 5_000 }).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    await c.stop();
  });
});
