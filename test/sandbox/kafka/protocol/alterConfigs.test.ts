import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decode, loadDefinition, type Json } from './kafkaDefinitions.js';
import { RawKafkaConnection } from './rawClient.js';
import { startCluster } from './fixtures.js';

type Resource = { ResourceType: number; ResourceName: string; Configs: Array<{ Name: string; ConfigOperation: number; Value: string | null }> };

const set = (Name: string, Value: string | null) => ({ Name, ConfigOperation: 0, Value });
const broker = (name: string, ...configs: Resource['Configs']): Resource => ({ ResourceType: 4, ResourceName: name, Configs: configs });

describe('IncrementalAlterConfigs checks, in Kafka order and words', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let connection: RawKafkaConnection;

  beforeAll(async () => {
    cluster = await startCluster();
    connection = await RawKafkaConnection.open(cluster.servers.get(1)?.port ?? 0);
  });

  afterAll(async () => {
    connection.close();
    await cluster.close();
  });

  beforeEach(() => {
    cluster.backend.dynamics.clear();
  });

  async function alter(resources: Resource[], validateOnly = false): Promise<Array<[Json, Json]>> {
    const response = await connection.send('IncrementalAlterConfigs', 1, { Resources: resources, ValidateOnly: validateOnly });
    const decoded = decode(loadDefinition('IncrementalAlterConfigsResponse'), 1, response.body);
    return (decoded.value.Responses as Array<Record<string, Json>>).map((r) => [r.ErrorCode ?? null, r.ErrorMessage ?? null]);
  }

  it.each([
    [
      'a resource named twice',
      [broker('1', set('log.cleaner.threads', '2')), broker('1', set('log.cleaner.threads', '3'))],
      [
        [42, 'Each resource must appear at most once.'],
        [42, 'Each resource must appear at most once.'],
      ],
    ],
    ['a key named twice', [broker('1', set('log.cleaner.threads', '2'), set('log.cleaner.threads', '3'))], [[42, 'Error due to duplicate config keys']]],
    ['a null value to set', [broker('1', set('log.cleaner.threads', null))], [[42, 'Null value not supported for : log.cleaner.threads']]],
    ['another broker', [broker('2', set('log.cleaner.threads', '2'))], [[42, 'Unexpected broker id, expected 1, but received 2']]],
    ['a broker name that is no number', [broker('one', set('log.cleaner.threads', '2'))], [[42, 'Node id must be an integer, but it is: one']]],
    [
      'a per-broker key on the cluster default',
      [broker('', set('listeners', 'PLAINTEXT://:9092'))],
      [[42, 'Cannot update these configs at default cluster level, broker id must be specified: Set(listeners)']],
    ],
    [
      'APPEND to a key that is no list',
      [broker('1', { Name: 'log.cleaner.threads', ConfigOperation: 2, Value: '1' })],
      [[40, 'Config value append is not allowed for config key: log.cleaner.threads']],
    ],
    ['an unknown operation', [broker('1', { Name: 'log.cleaner.threads', ConfigOperation: 7, Value: '1' })], [[42, 'Unknown operations type 7']]],
  ] as const)('refuses %s', async (_name, resources, expected) => {
    expect(await alter([...resources])).toEqual(expected);
    expect(cluster.backend.dynamics.size).toBe(0);
  });

  it('applies each resource alone: a valid one is stored beside a refused one', async () => {
    expect(await alter([broker('1', set('log.cleaner.threads', '2')), broker('', set('log.dirs', '/x'))])).toEqual([
      [0, null],
      [42, 'Cannot update these configs dynamically: Set(log.dirs)'],
    ]);
    expect(cluster.backend.dynamicConfig(1).get('log.cleaner.threads')).toBe('2');
    expect(cluster.backend.dynamicConfig(null).size).toBe(0);
  });

  it('stores a cluster-wide default, and appends to a list config', async () => {
    expect(
      await alter([broker('', set('log.cleanup.policy', 'delete')), broker('1', { Name: 'log.cleanup.policy', ConfigOperation: 2, Value: 'compact' })]),
    ).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(cluster.backend.dynamicConfig(null).get('log.cleanup.policy')).toBe('delete');
    expect(cluster.backend.dynamicConfig(1).get('log.cleanup.policy')).toBe('delete,compact');
  });

  it('validates without storing when asked to validate only', async () => {
    expect(await alter([broker('1', set('log.cleaner.threads', '2'))], true)).toEqual([[0, null]]);
    expect(cluster.backend.dynamics.size).toBe(0);
  });

  it('describes only itself or the cluster default', async () => {
    const response = await connection.send('DescribeConfigs', 4, { Resources: [{ ResourceType: 4, ResourceName: '2', ConfigurationKeys: null }] });
    const decoded = decode(loadDefinition('DescribeConfigsResponse'), 4, response.body);
    expect(decoded.value.Results).toMatchObject([
      { ErrorCode: 42, ErrorMessage: 'Unexpected broker id, expected 1 or empty string, but received 2', Configs: [] },
    ]);
  });
});
