import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { CoreV1Api, CustomObjectsApi, type CoreV1Event } from '@kubernetes/client-node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readLedger } from '../../src/alerts/ledger.js';
import { readRecord, type AlertRecord } from '../../src/alerts/record.js';
import { effectiveBrokerConfig, kafkaClusterSpecSchema, type KafkaClusterSpec } from '../../src/k8s/crd/index.js';
import { startDemoApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import {
  alertmanagerTestConfig,
  missingPrograms,
  prometheusConfig,
  rulesTestCopy,
  startAlertmanager,
  startPrometheus,
  type RunningProgram,
  type RunningPrometheus,
} from './support/monitoringStack.js';

const TOKEN = 'real-loop-token';
const NAMESPACE = 'kafka';
const missing = missingPrograms();
const title = `the alert loop with the real Prometheus and Alertmanager${
  missing.length > 0 ? ` (skipped: ${missing.join(' and ')} not installed; apt-get install prometheus prometheus-alertmanager, as .ci/run does)` : ''
}`;

describe.skipIf(missing.length > 0)(title, () => {
  let dir: string;
  let tokenFile: string;
  let rulesFile: string;
  let api: ApiSandbox;
  let alertmanager: RunningProgram | undefined;
  let prometheus: RunningPrometheus | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafkaplane-real-loop-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    rulesFile = join(dir, 'rules.yml');
    writeFileSync(rulesFile, rulesTestCopy());
    api = await startDemoApiSandbox(['--alertmanager-token-file', tokenFile]);
    alertmanager = await startAlertmanager(dir, alertmanagerTestConfig(`${api.server.url}/alertmanager`, tokenFile));
    prometheus = await startPrometheus(
      dir,
      prometheusConfig({ scrapeTargetsDir: api.sandbox.scrapeTargetsDir, rulesFile, alerts: { alertmanager: alertmanager.url } }),
    );
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await api?.close();
  });

  const kubeConfig = () => api.sandbox.kube.kubeConfig;
  const stored = async () => {
    return (await kubeConfig()
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({ group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: 'kafka' })) as {
      metadata: { annotations?: Record<string, string> };
      spec: KafkaClusterSpec;
    };
  };
  const mountPaths = async (brokerId: number) => {
    const spec = kafkaClusterSpecSchema.parse((await stored()).spec);
    const broker = spec.brokers.find((b) => b.id === brokerId);
    return broker === undefined
      ? []
      : (effectiveBrokerConfig(spec, broker).storageConfigs ?? []).map((s) => `${s.mountPath} ${s.pvcSpec?.resources?.requests?.storage ?? ''}`);
  };
  const records = async (alertname: string): Promise<AlertRecord[]> => {
    const events = await kubeConfig().makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: NAMESPACE, labelSelector: 'kafkaplane.io/alert-command' });
    return events.items.flatMap((e: CoreV1Event) => readRecord(e as unknown as IEvent) ?? []).filter((r) => r.alert.labels.alertname === alertname);
  };
  const claimOf = (brokerId: number) => {
    const pvc = api.sandbox.kube.api.store
      .list('/persistentvolumeclaims', NAMESPACE)
      .find((p) => p.metadata.labels?.brokerId === String(brokerId) && p.metadata.annotations?.mountPath === '/kafka-logs');
    if (pvc?.metadata.name === undefined) throw new Error(`no claim of broker ${brokerId} at /kafka-logs`);
    return pvc.metadata.name;
  };
  /** Fills a claim to this share of its capacity with bytes besides Kafka's. */
  const fill = (claim: string, share: number) => {
    const stats = api.sandbox.world.volumeStats().find((v) => v.persistentVolumeClaim === claim);
    if (stats === undefined) throw new Error(`no volume stats of ${claim}`);
    api.sandbox.world.fillVolume(NAMESPACE, claim, share * stats.capacityBytes - stats.usedBytes);
  };
  const notificationsSent = async (): Promise<number> => {
    const text = await (await fetch(`${alertmanager?.url}/metrics`)).text();
    const line = /^alertmanager_notifications_total\{integration="webhook"\} (\d+)/m.exec(text);
    return Number(line?.[1] ?? 0);
  };

  it('scrapes every broker Pod and the claims it mounts from the sandbox file_sd files, labelled as Kubernetes discovery gives them', async () => {
    const targets = JSON.parse(await readFile(join(api.sandbox.scrapeTargetsDir, 'kafka.json'), 'utf8')) as Array<{
      targets: string[];
      labels: Record<string, string>;
    }>;
    expect(targets.map((t) => t.labels.brokerId).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(Object.keys(targets[0]?.labels ?? {}).sort()).toEqual(['brokerId', 'kafka_cr', 'namespace', 'pod']);
    await vi.waitFor(
      async () => {
        const up = await prometheus?.query('up == 1');
        expect(up?.filter((s) => s.metric.job === 'kafka').length).toBe(6);
        expect(up?.some((s) => s.metric.job === 'kubelet')).toBe(true);
      },
      { timeout: 20_000, interval: 250 },
    );
    const underReplicated = await prometheus?.query('kafka_server_replicamanager_underreplicatedpartitions');
    expect(underReplicated?.[0]?.metric).toMatchObject({ namespace: NAMESPACE, kafka_cr: 'kafka', job: 'kafka' });
    const claim = claimOf(1);
    const capacity = await prometheus?.query(`kubelet_volume_stats_capacity_bytes{persistentvolumeclaim="${claim}"}`);
    expect(capacity?.[0]?.metric).toMatchObject({ namespace: NAMESPACE, persistentvolumeclaim: claim });
    expect(Number(capacity?.[0]?.value[1])).toBe(100 * 2 ** 30);
  });

  it('adds a disk once when a broker disk fills (Prometheus fires, Alertmanager groups, sends and resends), and nothing more once it is freed', async () => {
    const claim = claimOf(1);
    const before = await mountPaths(1);
    const sentBefore = await notificationsSent();
    fill(claim, 0.88);

    await vi.waitFor(
      async () => {
        const acted = (await records('KafkaDiskWillFillIn4Days')).filter((r) => r.outcome === 'Acted');
        expect(acted).toHaveLength(1);
        expect(acted[0]?.command).toBe('addPvc');
        expect(acted[0]?.alert.labels.persistentvolumeclaim).toBe(claim);
        expect(acted[0]?.alert.receiver).toBe('kafkaplane');
      },
      { timeout: 30_000, interval: 250 },
    );
    const firing = (await prometheus?.alerts())?.find((a) => a.labels.alertname === 'KafkaDiskWillFillIn4Days');
    expect(firing).toMatchObject({ state: 'firing', labels: { persistentvolumeclaim: claim, alertGroup: 'kafka' }, annotations: { command: 'addPvc' } });
    // Alertmanager sends the group again while it fires; the alert acts only once.
    await vi.waitFor(async () => expect(await notificationsSent()).toBeGreaterThanOrEqual(sentBefore + 3), { timeout: 20_000, interval: 250 });
    const added = await mountPaths(1);
    expect(added).toHaveLength(before.length + 1);
    expect(added.filter((m) => !before.includes(m))[0]).toMatch(/^\/kafka-logs-[a-z0-9]{6} 100Gi$/);

    api.sandbox.world.fillVolume(NAMESPACE, claim, 0);
    await vi.waitFor(
      async () => {
        expect((await records('KafkaDiskWillFillIn4Days')).some((r) => r.outcome === 'Resolved')).toBe(true);
        expect((await prometheus?.alerts())?.filter((a) => a.labels.alertname === 'KafkaDiskWillFillIn4Days')).toEqual([]);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect((await records('KafkaDiskWillFillIn4Days')).filter((r) => r.outcome === 'Acted')).toHaveLength(1);
    expect(readLedger((await stored()).metadata.annotations).filter((e) => e.command === 'addPvc')).toHaveLength(1);
    expect(await mountPaths(1)).toEqual(added);
    // Broker 1 restarted in a new Pod for its disk: the discovery file follows, and Prometheus scrapes it with the new claim.
    await vi.waitFor(
      async () => {
        const pod = api.sandbox.kube.api.store.list('/pods', NAMESPACE).find((p) => p.metadata.labels?.brokerId === '1' && p.metadata.labels.app === 'kafka');
        const up = await prometheus?.query('up{job="kafka",brokerId="1"} == 1');
        expect(up?.map((s) => s.metric.pod)).toEqual([pod?.metadata.name]);
        const claims = await prometheus?.query('kubelet_volume_stats_capacity_bytes{persistentvolumeclaim=~"kafka-1-storage-.+"}');
        expect(claims).toHaveLength(2);
      },
      { timeout: 20_000, interval: 250 },
    );
  }, 60_000);

  it('grows a disk once when Prometheus sends its alerts to kafkaplane directly, as Koperator users configure it, and nothing more once it is freed', async () => {
    await prometheus?.reconfigure(
      prometheusConfig({ scrapeTargetsDir: api.sandbox.scrapeTargetsDir, rulesFile, alerts: { kafkaplane: api.server.url, tokenFile } }),
    );
    const claim = claimOf(2);
    expect(await mountPaths(2)).toEqual(['/kafka-logs 100Gi']);
    fill(claim, 0.95);

    await vi.waitFor(
      async () => {
        const acted = (await records('KafkaDiskAlmostFull')).filter((r) => r.outcome === 'Acted');
        expect(acted).toHaveLength(1);
        expect(acted[0]?.alert.labels.persistentvolumeclaim).toBe(claim);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(await mountPaths(2)).toEqual(['/kafka-logs 120Gi']);
    // The same fill is one that will not last four days: addPvc is asked too, and its cooldown refuses it.
    await vi.waitFor(
      async () =>
        expect((await records('KafkaDiskWillFillIn4Days')).some((r) => r.alert.labels.persistentvolumeclaim === claim && r.outcome === 'Refused')).toBe(true),
      { timeout: 20_000, interval: 250 },
    );

    api.sandbox.world.fillVolume(NAMESPACE, claim, 0);
    await vi.waitFor(
      async () => {
        expect((await records('KafkaDiskAlmostFull')).some((r) => r.outcome === 'Resolved')).toBe(true);
        expect((await prometheus?.alerts())?.filter((a) => a.labels.persistentvolumeclaim === claim)).toEqual([]);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect((await records('KafkaDiskAlmostFull')).filter((r) => r.outcome === 'Acted')).toHaveLength(1);
    expect(readLedger((await stored()).metadata.annotations).map((e) => e.command)).toEqual(['addPvc', 'resizePvc']);
    expect(await mountPaths(2)).toEqual(['/kafka-logs 120Gi']);
  }, 60_000);
});
