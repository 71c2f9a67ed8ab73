import { readFileSync } from 'node:fs';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunningOperator } from '../../src/operator/runtime.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';
import { startTestOperator } from '../support/testOperator.js';

let sandbox: KubeSandbox;
let operator: RunningOperator;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const api = { group: 'kafka.banzaicloud.io', version: 'v1beta1', plural: 'kafkaclusters' };

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
  operator = await startTestOperator(sandbox);
  for (const namespace of ['kraft', 'zookeeper']) await core.createNamespace({ body: { metadata: { name: namespace } } });
});
afterAll(async () => {
  await operator.stop();
  await sandbox.close();
});

const sample = (file: string): Record<string, unknown> => parse(readFileSync(`test/k8s/crd/samples/${file}`, 'utf8')) as Record<string, unknown>;
type Status = { status?: { state?: string; brokersReady?: string; conditions?: Array<{ type: string; status: string; reason: string; message: string }> } };

describe("Koperator's own sample manifests", () => {
  it('brings up the KRaft sample unchanged (3 controllers, 3 brokers), and warns about the fields it ignores', async () => {
    await custom.createNamespacedCustomObject({ ...api, namespace: 'kraft', body: sample('kraft/simplekafkacluster_kraft.yaml') });
    await expect
      .poll(
        async () => {
          const { status } = (await custom.getNamespacedCustomObject({ ...api, namespace: 'kraft', name: 'kafka' })) as Status;
          return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
        },
        { timeout: 20_000 },
      )
      .toBe('ClusterRunning 6/6');
    const pods = (await core.listNamespacedPod({ namespace: 'kraft', labelSelector: 'app=kafka' })).items;
    expect(pods.map((p) => p.metadata?.labels?.processRoles).sort()).toEqual(['broker', 'broker', 'broker', 'controller', 'controller', 'controller']);
    const events = (await core.listNamespacedEvent({ namespace: 'kraft' })).items;
    expect(events.filter((e) => e.reason === 'UnsupportedField' && e.type === 'Warning').length).toBeGreaterThanOrEqual(1);

    // Its Cruise Control config sets webserver.http.port=9090: the rest applies, the port stays the one the Service serves.
    const cc = await core.readNamespacedConfigMap({ namespace: 'kraft', name: 'kafka-cruisecontrol-config' });
    expect(cc.data?.['cruisecontrol.properties']).toMatch(/^webserver\.http\.port=8090$/m);
    expect(cc.data?.['cruisecontrol.properties']).toMatch(/^webserver\.accesslog\.enabled=true$/m);
    await expect
      .poll(async () => (await core.listNamespacedEvent({ namespace: 'kraft' })).items.find((e) => e.reason === 'CruiseControlOwnedKeyKept')?.message, {
        timeout: 10_000,
      })
      .toMatch(/webserver\.http\.port=9090/);
  });

  it('refuses the ZooKeeper sample with a condition and Event naming why, and creates nothing', async () => {
    await custom.createNamespacedCustomObject({ ...api, namespace: 'zookeeper', body: sample('simplekafkacluster.yaml') });
    await expect
      .poll(
        async () =>
          ((await custom.getNamespacedCustomObject({ ...api, namespace: 'zookeeper', name: 'kafka' })) as Status).status?.conditions?.find(
            (c) => c.type === 'SpecAccepted',
          )?.status,
        { timeout: 10_000 },
      )
      .toBe('False');
    const { status } = (await custom.getNamespacedCustomObject({ ...api, namespace: 'zookeeper', name: 'kafka' })) as Status;
    const accepted = status?.conditions?.find((c) => c.type === 'SpecAccepted');
    expect(accepted?.reason).toBe('RefusedField');
    expect(accepted?.message).toMatch(/kRaft/i);
    expect((await core.listNamespacedEvent({ namespace: 'zookeeper' })).items.some((e) => e.type === 'Warning' && e.reason === 'InvalidSpec')).toBe(true);
    expect((await core.listNamespacedPod({ namespace: 'zookeeper' })).items).toEqual([]);
  });
});
