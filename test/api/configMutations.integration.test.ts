import type { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { ConfigReadBackDocument, SetBrokerConfigDocument, SetClusterConfigDocument } from '../__generated__/graphql.js';
import { startDemoApiClients, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', name: 'kafka' };
const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
interface ClusterObject {
  metadata: { generation: number };
  spec: Record<string, unknown>;
  status?: { state?: string; observedGeneration?: number; clusterWideConfigKeys?: string[] };
}
const readCluster = async () => (await custom.getNamespacedCustomObject(clusterApi)) as ClusterObject;
const kafka = () => {
  const model = api.sandbox.world.model('kafka', 'kafka');
  if (model === undefined) throw new Error('no Kafka model for kafka/kafka');
  return model;
};
/** Broker id -> Pod uid. */
const podUids = async () =>
  Object.fromEntries(
    (await core.listNamespacedPod({ namespace: 'kafka', labelSelector: 'app=kafka,kafka_cr=kafka' })).items.map((p) => [
      p.metadata?.labels?.brokerId ?? '',
      p.metadata?.uid ?? '',
    ]),
  );
/** The reconciler has acted on this generation and the cluster runs in sync. */
const settled = async (generation: number) =>
  vi.waitFor(
    async () => {
      const status = (await readCluster()).status;
      expect(status?.observedGeneration).toBe(generation);
      expect(status?.state).toBe('ClusterRunning');
    },
    { timeout: 60_000, interval: 100 },
  );

beforeAll(async () => {
  ({ api, url, core, custom } = await startDemoApiClients());
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('config mutations over HTTP', () => {
  it.each([
    ['an unknown broker', { brokerId: 42, set: [{ name: 'log.cleaner.threads', value: '2' }] }, [['input.brokerId', 'NOT_FOUND']]],
    ['an empty name', { brokerId: 1, set: [{ name: '', value: '2' }] }, [['input.set.0.name', 'INVALID_INPUT']]],
    [
      'a name given twice',
      {
        brokerId: 1,
        set: [
          { name: 'num.io.threads', value: '8' },
          { name: 'num.io.threads', value: '9' },
        ],
      },
      [['input.set.1.name', 'INVALID_INPUT']],
    ],
    [
      'a name both set and unset',
      { brokerId: 1, set: [{ name: 'num.io.threads', value: '8' }], unset: ['num.io.threads'] },
      [['input.unset.0', 'INVALID_INPUT']],
    ],
    [
      'keys kafkaplane manages',
      {
        brokerId: 1,
        set: [
          { name: 'node.id', value: '9' },
          { name: 'broker.rack', value: 'z' },
        ],
      },
      [
        ['input.set.0.name', 'CONFIG_MANAGED'],
        ['input.set.1.name', 'CONFIG_MANAGED'],
      ],
    ],
    ['a number that is not one', { brokerId: 1, set: [{ name: 'num.io.threads', value: 'many' }] }, [['input.set.0.value', 'INVALID_INPUT']]],
    ['a name Kafka does not define', { brokerId: 1, set: [{ name: 'log.retention.hour', value: '1' }] }, [['input.set.0.name', 'INVALID_INPUT']]],
    ['unsetting what the broker does not set', { brokerId: 1, unset: ['num.partitions'] }, [['input.unset.0', 'NOT_FOUND']]],
  ])('setBrokerConfig refuses %s with userErrors and writes nothing', async (_case, input, expected) => {
    const before = await readCluster();
    const answer = await postGraphQL(url, SetBrokerConfigDocument, { input: { clusterId, ...input } });
    expect(answer.data?.setBrokerConfig.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual(expected);
    expect(answer.data?.setBrokerConfig).toMatchObject({ generation: null, applied: [], restartedBrokers: [] });
    const after = await readCluster();
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec).toEqual(before.spec);
  });

  it('setClusterConfig refuses a managed key, a bad value and a stale generation, writing nothing', async () => {
    const before = await readCluster();
    const managed = await postGraphQL(url, SetClusterConfigDocument, {
      input: {
        clusterId,
        set: [
          { name: 'log.dirs', value: '/x' },
          { name: 'log.retention.ms', value: 'a week' },
        ],
      },
    });
    expect(managed.data?.setClusterConfig.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.set.0.name', 'CONFIG_MANAGED'],
      ['input.set.1.value', 'INVALID_INPUT'],
    ]);
    const stale = await postGraphQL(url, SetClusterConfigDocument, {
      input: { clusterId, set: [{ name: 'log.retention.ms', value: '1' }], expectedGeneration: before.metadata.generation - 1 },
    });
    expect(stale.data?.setClusterConfig.userErrors.map((e) => e.code)).toEqual(['STALE_GENERATION']);
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);
  });

  it('refuses a config name Kafka does not define, suggesting the one meant, and takes it when marked custom', async () => {
    const before = await readCluster();
    const typo = await postGraphQL(url, SetClusterConfigDocument, {
      input: {
        clusterId,
        set: [
          { name: 'log.retention.hours', value: '48' },
          { name: 'log.retention.hour', value: '48' },
          { name: 'my.plugin.setting', value: 'on' },
        ],
      },
    });
    const errors = typo.data?.setClusterConfig.userErrors ?? [];
    expect(errors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.set.1.name', 'INVALID_INPUT'],
      ['input.set.2.name', 'INVALID_INPUT'],
    ]);
    expect(errors[0]?.message).toMatch(/^log\.retention\.hour is not a config Kafka's brokers know.*Did you mean log\.retention\.hours\?.*custom: true/);
    expect(errors[1]?.message).not.toContain('Did you mean');
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);

    // Listener-scoped names, a plugin's family Kafka's brokers load, and a name marked custom are taken.
    const taken = await postGraphQL(url, SetBrokerConfigDocument, {
      input: {
        clusterId,
        brokerId: 1,
        dryRun: true,
        set: [
          { name: 'listener.name.internal.ssl.client.auth', value: 'required' },
          { name: 'listener.name.internal.scram-sha-512.sasl.jaas.config', value: 'x required;' },
          { name: 'cruise.control.metrics.reporter.metrics.reporting.interval.ms', value: '10000' },
          { name: 'my.plugin.setting', value: 'on', custom: true },
        ],
      },
    });
    expect(taken.data?.setBrokerConfig.userErrors).toEqual([]);
    expect(taken.data?.setBrokerConfig.applied.map((a) => a.name)).toEqual([
      'listener.name.internal.ssl.client.auth',
      'listener.name.internal.scram-sha-512.sasl.jaas.config',
      'cruise.control.metrics.reporter.metrics.reporting.interval.ms',
      'my.plugin.setting',
    ]);
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);
  });

  it('previews a broker change with dryRun, then applies a per-broker dynamic key live: it reaches broker 1 in Kafka and no Pod restarts', async () => {
    const before = await readCluster();
    const uids = await podUids();
    const input = { clusterId, brokerId: 1, set: [{ name: 'log.cleaner.threads', value: '2' }], expectedGeneration: before.metadata.generation };
    const preview = await postGraphQL(url, SetBrokerConfigDocument, { input: { ...input, dryRun: true } });
    expect(preview.data?.setBrokerConfig).toMatchObject({
      dryRun: true,
      generation: before.metadata.generation,
      applied: [
        { name: 'log.cleaner.threads', value: '2', unset: false, live: true, restartRequired: false, specField: 'spec.brokers[1].brokerConfig.config' },
      ],
      restartedBrokers: [],
      userErrors: [],
    });
    expect((await readCluster()).metadata.generation).toBe(before.metadata.generation);
    expect(kafka().dynamicConfig(1).has('log.cleaner.threads')).toBe(false);

    const done = await postGraphQL(url, SetBrokerConfigDocument, { input });
    expect(done.data?.setBrokerConfig).toMatchObject({ dryRun: false, generation: before.metadata.generation + 1, restartedBrokers: [], userErrors: [] });
    await vi.waitFor(() => expect(kafka().dynamicConfig(1).get('log.cleaner.threads')).toBe('2'), { timeout: 30_000, interval: 50 });
    expect(kafka().dynamicConfig(2).has('log.cleaner.threads')).toBe(false);
    await settled(before.metadata.generation + 1);
    expect(await podUids()).toEqual(uids);
  }, 90_000);

  it('applies cluster-wide dynamic keys to the cluster default in Kafka with no restart, and deletes one unset later', async () => {
    const before = await readCluster();
    const uids = await podUids();
    // min.insync.replicas moves from readOnlyConfig (applied per broker) to the cluster default.
    const set = [
      { name: 'log.retention.ms', value: '3600000' },
      { name: 'min.insync.replicas', value: '2' },
    ];
    const done = await postGraphQL(url, SetClusterConfigDocument, { input: { clusterId, set } });
    expect(done.data?.setClusterConfig.userErrors).toEqual([]);
    expect(done.data?.setClusterConfig.applied.map((a) => [a.name, a.live, a.restartRequired, a.specField])).toEqual([
      ['log.retention.ms', true, false, 'spec.clusterWideConfig'],
      ['min.insync.replicas', true, false, 'spec.clusterWideConfig'],
    ]);
    expect(done.data?.setClusterConfig.restartedBrokers).toEqual([]);
    await vi.waitFor(() => expect(Object.fromEntries(kafka().dynamicConfig(null))).toEqual({ 'log.retention.ms': '3600000', 'min.insync.replicas': '2' }), {
      timeout: 30_000,
      interval: 50,
    });
    // ...and no broker keeps it as its own dynamic value, which would shadow the default.
    await vi.waitFor(() => expect([0, 1, 2, 3, 4, 5].filter((id) => kafka().dynamicConfig(id).has('min.insync.replicas'))).toEqual([]), {
      timeout: 30_000,
      interval: 50,
    });
    await settled(before.metadata.generation + 1);
    expect((await readCluster()).status?.clusterWideConfigKeys).toEqual(['log.retention.ms', 'min.insync.replicas']);
    expect(await podUids()).toEqual(uids);

    const unset = await postGraphQL(url, SetClusterConfigDocument, { input: { clusterId, unset: ['log.retention.ms'] } });
    expect(unset.data?.setClusterConfig.applied).toEqual([
      { name: 'log.retention.ms', value: null, unset: true, live: true, restartRequired: false, specField: 'spec.clusterWideConfig' },
    ]);
    await vi.waitFor(() => expect([...kafka().dynamicConfig(null).keys()]).toEqual(['min.insync.replicas']), { timeout: 30_000, interval: 50 });
    await settled(before.metadata.generation + 2);
    expect((await readCluster()).status?.clusterWideConfigKeys).toEqual(['min.insync.replicas']);
    expect(await podUids()).toEqual(uids);
  }, 120_000);

  it("reads the cluster-default config back from Kafka, with entries set outside kafkaplane, and a broker's dynamic values as Kafka holds them", async () => {
    // As kafka-configs.sh --entity-default would: Kafka holds it, the spec does not.
    kafka().replaceDynamicConfig(null, new Map([...kafka().dynamicConfig(null), ['message.max.bytes', '2000000']]));
    const answer = await postGraphQL(url, ConfigReadBackDocument, {
      namespace: 'kafka',
      name: 'kafka',
      brokerId: 1,
      names: ['log.cleaner.threads', 'message.max.bytes', 'min.insync.replicas'],
    });
    expect(answer.data?.cluster?.configs).toEqual([
      { name: 'message.max.bytes', value: '2000000', source: 'DYNAMIC', dynamic: true },
      { name: 'min.insync.replicas', value: '2', source: 'DYNAMIC', dynamic: true },
    ]);
    expect(answer.data?.cluster?.broker?.configs).toEqual([
      { name: 'log.cleaner.threads', value: '2', source: 'BROKER', dynamic: true },
      { name: 'message.max.bytes', value: '2000000', source: 'DYNAMIC', dynamic: true },
      { name: 'min.insync.replicas', value: '2', source: 'DYNAMIC', dynamic: true },
    ]);
  });

  it('restarts only the broker whose static config changed', async () => {
    const before = await readCluster();
    const uids = await podUids();
    const done = await postGraphQL(url, SetBrokerConfigDocument, { input: { clusterId, brokerId: 4, set: [{ name: 'num.partitions', value: '3' }] } });
    expect(done.data?.setBrokerConfig).toMatchObject({
      applied: [{ name: 'num.partitions', live: false, restartRequired: true, specField: 'spec.brokers[4].readOnlyConfig' }],
      restartedBrokers: [4],
      userErrors: [],
    });
    await vi.waitFor(async () => expect((await podUids())['4']).not.toBe(uids['4']), { timeout: 60_000, interval: 100 });
    await settled(before.metadata.generation + 1);
    const after = await podUids();
    expect(Object.keys(after).filter((id) => after[id] !== uids[id])).toEqual(['4']);
    expect(kafka().staticConfig(4).get('num.partitions')).toBe('3');
  }, 120_000);

  it('reports a clusterWideConfig Kafka refuses with a False condition and one Warning Event, restarting nothing', async () => {
    const uids = await podUids();
    // Written by hand (setClusterConfig would put a static key in readOnlyConfig): Kafka refuses num.partitions as a dynamic config.
    await custom.patchNamespacedCustomObject({
      ...clusterApi,
      body: [{ op: 'replace', path: '/spec/clusterWideConfig', value: 'num.partitions=3\nmin.insync.replicas=2\n' }],
    });
    type Condition = { type: string; status: string; reason: string; message: string };
    const condition = async () =>
      ((await readCluster()).status as { conditions?: Condition[] } | undefined)?.conditions?.find((c) => c.type === 'ClusterWideConfigInSync');
    await vi.waitFor(async () => expect(await condition()).toMatchObject({ status: 'False', reason: 'ClusterWideConfigError' }), {
      timeout: 30_000,
      interval: 100,
    });
    expect((await condition())?.message).toContain('Cannot update these configs dynamically: Set(num.partitions)');
    const events = (await core.listNamespacedEvent({ namespace: 'kafka' })).items.filter((e) => e.reason === 'ClusterWideConfigError');
    expect(events.map((e) => e.type)).toEqual(['Warning']);
    // Validated first: nothing of the refused change reached Kafka.
    expect(kafka().dynamicConfig(null).has('num.partitions')).toBe(false);
    expect(await podUids()).toEqual(uids);
  }, 60_000);
});
