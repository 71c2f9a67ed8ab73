import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { expect, vi } from 'vitest';
import { print } from 'graphql';
import { labelsFingerprint } from '../../../src/alerts/fingerprint.js';
import { readRecord, type AlertOutcome, type AlertRecord } from '../../../src/alerts/record.js';
import { startServer, type RunningServer } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { encodeGlobalId } from '../../../src/domain/globalId.js';
import { createLogger } from '../../../src/logging.js';
import { AlertReceivedDocument, type AlertReceivedSubscription } from '../../__generated__/graphql.js';
import { wsClient } from '../../support/subscriber.js';
import { CLUSTER, NAMESPACE, startOperationsWorld, untilClusterServes, type OperationsWorld } from '../../operator/support/operationsSandbox.js';

export const TOKEN = 'alert-token';

/** The operations sandbox (Kubernetes, Kafka, Cruise Control, 100× real time) with kafkaplane's server on it, in this process. */
export interface AlertsWorld extends OperationsWorld {
  server: RunningServer;
  /** The server's JSON log lines so far (across restarts). */
  logs: Array<Record<string, unknown>>;
  /** Every alert a subscriber of alertReceived was sent, in order (across restarts). */
  published: PublishedAlert[];
  restartServer(): Promise<void>;
  /** The alert records on the cluster, as Kubernetes holds them. */
  records(): Promise<AlertRecord[]>;
}

/** An alert as the alertReceived subscription sent it: its record's name and outcome. */
export interface PublishedAlert {
  name: string;
  outcome: AlertOutcome;
}

const OUTCOMES: Record<AlertReceivedSubscription['alertReceived']['outcome'], AlertOutcome> = {
  PENDING: 'Pending',
  ACTED: 'Acted',
  DRY_RUN: 'DryRun',
  REFUSED: 'Refused',
  REJECTED: 'Rejected',
  IGNORED: 'Ignored',
  RESOLVED: 'Resolved',
};

/** Subscribes to alertReceived on the cluster over graphql-ws, as a dashboard would; answers how to stop. */
function followAlerts(url: string, published: PublishedAlert[]): () => void {
  const client = wsClient(url);
  const unsubscribe = client.subscribe<AlertReceivedSubscription>(
    { query: print(AlertReceivedDocument), variables: { clusterId: encodeGlobalId('KafkaCluster', NAMESPACE, CLUSTER) } },
    {
      next: (result) => {
        const alert = result.data?.alertReceived;
        if (alert) published.push({ name: alert.recordName, outcome: OUTCOMES[alert.outcome] });
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return () => {
    unsubscribe();
    void client.dispose();
  };
}

export async function startAlertsWorld(): Promise<AlertsWorld> {
  const world = await startOperationsWorld();
  const logs: Array<Record<string, unknown>> = [];
  const published: PublishedAlert[] = [];
  let unfollow: (() => void) | undefined;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ logLevel: 'info', logFormat: 'json' }, stream);
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'kafkaplane-alerts-')), 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const parsed = parseConfig(['--port', '0', '--host', '127.0.0.1', '--alertmanager-token-file', tokenFile], {});
  if (parsed.help) throw new Error('unexpected --help');
  const config = parsed.config;
  const { sandbox } = world;
  const start = async (): Promise<RunningServer> => {
    const server = await startServer(config, logger, {
      kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: sandbox.kube.kubeConfig, clusterDns: sandbox.clusterDns },
      // Koperator's timings in sandbox time (10 s polls), and a short lease.
      operator: {
        leaseDurationMs: 1_500,
        renewDeadlineMs: 1_000,
        retryPeriodMs: 200,
        requeueAfterMs: 50,
        operationPollIntervalMs: 100,
        operationRetryBackoffMs: 300,
      },
      alerts: { claimTimeoutMs: 2_000, sweepIntervalMs: 500 },
    });
    return server;
  };
  const alertsWorld: AlertsWorld = {
    ...world,
    server: await start(),
    logs,
    published,
    restartServer: async () => {
      unfollow?.();
      await alertsWorld.server.stop();
      alertsWorld.server = await start();
      await untilReady(alertsWorld.server);
      unfollow = followAlerts(alertsWorld.server.url, published);
    },
    records: async () => {
      const events = await world.core.listNamespacedEvent({ namespace: NAMESPACE, labelSelector: 'kafkaplane.io/alert-command' });
      return events.items.flatMap((e: CoreV1Event) => {
        // client-node reads timestamps as Dates, which readRecord accepts as the cache's strings.
        const record = readRecord(e as unknown as IEvent);
        return record !== undefined && record.cluster.name === CLUSTER ? [record] : [];
      });
    },
    close: async () => {
      unfollow?.();
      await alertsWorld.server.stop();
      await world.close();
    },
  };
  try {
    await untilReady(alertsWorld.server);
    await world.createCluster();
    await untilClusterServes(world);
    unfollow = followAlerts(alertsWorld.server.url, published);
  } catch (err) {
    await alertsWorld.close();
    throw err;
  }
  return alertsWorld;
}

/** The operator starts in the background: its caches report synced once its CRDs are installed. */
async function untilReady(server: RunningServer): Promise<void> {
  await vi.waitFor(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), { timeout: 20_000, interval: 50 });
}

/** POSTs a body as Alertmanager or Prometheus would, retrying a 503 as they do. */
export async function deliver(url: string, body: unknown, token = TOKEN): Promise<Response> {
  let response: Response | undefined;
  await vi.waitFor(
    async () => {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(response.status).not.toBe(503);
    },
    { timeout: 20_000, interval: 100 },
  );
  if (response === undefined) throw new Error('no response');
  return response;
}

/** Waits until the cluster runs, the operator has seen its latest spec, and no graceful action is under way. */
export async function untilIdle(world: OperationsWorld, timeout = 60_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const cluster = (await world.readCluster()) as Awaited<ReturnType<OperationsWorld['readCluster']>> & { status?: { observedGeneration?: number } };
      expect(cluster.status?.state).toBe('ClusterRunning');
      expect(cluster.status?.observedGeneration).toBe(cluster.metadata?.generation);
      const busy = Object.entries(cluster.status?.brokersState ?? {}).flatMap(([id, b]) => [
        ...(/(Required|Scheduled|Running)$/.test(b.gracefulActionState?.cruiseControlState ?? '') ? [id] : []),
        ...Object.values(b.gracefulActionState?.volumeStates ?? {})
          .filter((v) => /(Required|Scheduled|Running)$/.test(v.cruiseControlVolumeState))
          .map(() => id),
      ]);
      expect(busy).toEqual([]);
    },
    { timeout, interval: 50 },
  );
}

/** Alertmanager's webhook_configs body (version 4) for these alerts. */
export function webhook(alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string>; startsAt: string }>) {
  return {
    version: '4',
    groupKey: '{}:{alertname="x"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'kafkaplane',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((a) => ({
      status: 'firing',
      ...a,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: labelsFingerprint(a.labels),
    })),
  };
}
