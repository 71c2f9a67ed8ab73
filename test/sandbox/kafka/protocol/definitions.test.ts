import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerServer } from '../../../../sandbox/kafka/brokerServer.js';
import { brokerApis } from '../../../../sandbox/kafka/protocol/apis/index.js';
import { requestHeader, responseHeader } from '../../../../sandbox/kafka/protocol/messages/headers.js';
import type { FieldSpec, MessageSpec } from '../../../../sandbox/kafka/protocol/schema.js';
import { decode, loadDefinition, validVersionList, type Json, type JsonField, type JsonMessage } from './kafkaDefinitions.js';
import type { MemoryBackend } from './memoryBackend.js';
import { RawKafkaConnection } from './rawClient.js';
import { CLUSTER_ID, CONTROLLERS, GiB, startCluster } from './fixtures.js';

/** The published shape of a simulator field, in the JSON definitions' vocabulary. */
function asJson(field: FieldSpec): Record<string, unknown> {
  const type = field.type;
  const typeName =
    typeof type === 'string' ? type : 'arrayOf' in type ? `[]${type.arrayOf}` : 'arrayOfStruct' in type ? `[]${type.arrayOfStruct}` : type.struct;
  const fields = typeof type === 'string' || 'arrayOf' in type ? undefined : type.fields.map(asJson);
  return {
    name: field.name,
    type: typeName,
    versions: field.versions,
    nullableVersions: field.nullableVersions,
    taggedVersions: field.taggedVersions,
    tag: field.tag,
    flexibleVersions: field.flexibleVersions,
    default: field.default === undefined ? undefined : field.default === null ? 'null' : printDefault(field.default),
    ...(fields ? { fields } : {}),
  };
}

function printDefault(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  throw new Error('defaults are scalars');
}

function publishedShape(message: JsonMessage, fields: JsonField[]): Record<string, unknown>[] {
  return fields.map((f) => {
    const structName = f.type.replace(/^\[\]/, '');
    const nested = f.fields ?? message.commonStructs?.find((s) => s.name === structName)?.fields;
    return {
      name: f.name,
      type: f.type,
      versions: f.versions,
      nullableVersions: f.nullableVersions,
      taggedVersions: f.taggedVersions,
      tag: f.tag,
      flexibleVersions: f.flexibleVersions,
      default: f.default === undefined ? undefined : String(f.default),
      ...(nested ? { fields: publishedShape(message, nested) } : {}),
    };
  });
}

function expectSameShape(spec: MessageSpec, published: JsonMessage): void {
  expect({ validVersions: spec.validVersions, flexibleVersions: spec.flexibleVersions, apiKey: spec.apiKey }).toEqual({
    validVersions: published.validVersions,
    flexibleVersions: published.flexibleVersions,
    apiKey: published.apiKey,
  });
  expect(JSON.parse(JSON.stringify(spec.fields.map(asJson)))).toEqual(JSON.parse(JSON.stringify(publishedShape(published, published.fields))));
}

describe('simulated broker schemas', () => {
  it.each(brokerApis.map((api) => [api.name, api] as const))('%s request and response match the published definitions', (name, api) => {
    expectSameShape(api.request, loadDefinition(`${name}Request`));
    expectSameShape(api.response, loadDefinition(`${name}Response`));
    const published = validVersionList(loadDefinition(`${name}Request`));
    expect(published).toContain(api.minVersion);
    expect(published).toContain(api.maxVersion);
  });

  it('request and response headers match the published definitions', () => {
    expectSameShape(requestHeader, loadDefinition('RequestHeader'));
    expectSameShape(responseHeader, loadDefinition('ResponseHeader'));
  });
});

/** A request body for each API, in the definitions' field names; absent fields take their defaults. */
const requests: Record<string, (version: number) => Record<string, Json>> = {
  ApiVersions: () => ({ ClientSoftwareName: 'definitions-test', ClientSoftwareVersion: '1.0' }),
  Metadata: (v) => ({ Topics: v === 0 ? [] : null, AllowAutoTopicCreation: false }),
  DescribeCluster: () => ({ IncludeClusterAuthorizedOperations: false, EndpointType: 1 }),
  DescribeConfigs: () => ({
    Resources: [{ ResourceType: 4, ResourceName: '1', ConfigurationKeys: ['num.io.threads', 'log.dirs', 'log.cleaner.threads'] }],
    IncludeSynonyms: true,
  }),
  IncrementalAlterConfigs: () => ({
    Resources: [{ ResourceType: 4, ResourceName: '1', Configs: [{ Name: 'log.cleaner.threads', ConfigOperation: 0, Value: '2' }] }],
    ValidateOnly: false,
  }),
  DescribeLogDirs: () => ({ Topics: null }),
  DescribeQuorum: () => ({ Topics: [{ TopicName: '__cluster_metadata', Partitions: [{ PartitionIndex: 0 }] }] }),
  UnregisterBroker: () => ({ BrokerId: 99 }),
  // One topic created per version, one refused: more replicas than brokers.
  CreateTopics: (v) => ({
    Topics: [
      { Name: `created-v${v}`, NumPartitions: 2, ReplicationFactor: 1, Assignments: [], Configs: [] },
      { Name: `too-many-replicas-v${v}`, NumPartitions: 1, ReplicationFactor: 99, Assignments: [], Configs: [] },
    ],
    timeoutMs: 1000,
    validateOnly: false,
  }),
  // Controller 3000 votes already, and 3001 votes with another directory id: both refused, nothing changes.
  AddRaftVoter: () => ({
    ClusterId: CLUSTER_ID,
    TimeoutMs: 1000,
    VoterId: 3000,
    VoterDirectoryId: Buffer.alloc(16, 3000 % 256),
    Listeners: [{ Name: 'CONTROLLER', Host: 'c', Port: 9093 }],
  }),
  RemoveRaftVoter: () => ({ ClusterId: null, VoterId: 3001, VoterDirectoryId: Buffer.alloc(16, 1) }),
  SaslHandshake: () => ({ Mechanism: 'PLAIN' }),
  SaslAuthenticate: () => ({ AuthBytes: Buffer.from('\u0000admin\u0000secret') }),
  // Before any credential exists: a user without one, and a user named twice.
  DescribeUserScramCredentials: () => ({ Users: [{ Name: 'nobody' }, { Name: 'twice' }, { Name: 'twice' }] }),
  // One credential stored, one refused for too few iterations.
  AlterUserScramCredentials: () => ({
    Deletions: [],
    Upsertions: [
      { Name: 'alice', Mechanism: 2, Iterations: 4096, Salt: Buffer.alloc(16, 1), SaltedPassword: Buffer.alloc(64, 2) },
      { Name: 'bob', Mechanism: 2, Iterations: 1000, Salt: Buffer.alloc(16, 1), SaltedPassword: Buffer.alloc(64, 2) },
    ],
  }),
};

/** What each decoded response must say, whatever the version. */
const checks: Record<string, (body: Record<string, Json>, version: number, backend: MemoryBackend) => void> = {
  ApiVersions: (body) => {
    expect(body.ErrorCode).toBe(0);
    expect(body.ApiKeys).toEqual(brokerApis.map((a) => ({ ApiKey: a.apiKey, MinVersion: a.minVersion, MaxVersion: a.maxVersion })));
  },
  Metadata: (body, v) => {
    expect((body.Brokers as Array<Record<string, Json>>).map((b) => b.NodeId)).toEqual([1, 2, 3]);
    if (v >= 2) expect(body.ClusterId).toBe(CLUSTER_ID);
    if (v >= 1) expect([1, 2, 3]).toContain(body.ControllerId);
    const [topic] = body.Topics as Array<Record<string, Json>>;
    expect(topic?.Name).toBe('orders');
    expect((topic?.Partitions as Array<Record<string, Json>>)[1]).toMatchObject({ PartitionIndex: 1, LeaderId: 2, ReplicaNodes: [2, 3, 1], IsrNodes: [2, 3] });
  },
  DescribeCluster: (body) => {
    expect(body).toMatchObject({ ErrorCode: 0, ClusterId: CLUSTER_ID });
    expect([1, 2, 3]).toContain(body.ControllerId);
    expect((body.Brokers as Array<Record<string, Json>>).map((b) => [b.BrokerId, b.Rack])).toEqual([
      [1, 'zone-1'],
      [2, 'zone-2'],
      [3, 'zone-3'],
    ]);
  },
  DescribeConfigs: (body, v) => {
    const [result] = body.Results as Array<Record<string, Json>>;
    expect(result).toMatchObject({ ErrorCode: 0, ResourceType: 4, ResourceName: '1' });
    const configs = new Map((result?.Configs as Array<Record<string, Json>>).map((c) => [c.Name, c]));
    expect(configs.get('log.dirs')).toMatchObject({ Value: '/kafka-logs/disk0/kafka', ReadOnly: true });
    expect(configs.get('num.io.threads')).toMatchObject({ Value: '8', ReadOnly: false });
    if (v === 0) expect(configs.get('num.io.threads')?.IsDefault).toBe(false);
    else
      expect(configs.get('num.io.threads')).toMatchObject({
        ConfigSource: 4,
        Synonyms: [
          { Name: 'num.io.threads', Value: '8', Source: 4 },
          { Name: 'num.io.threads', Value: '8', Source: 5 },
        ],
      });
    if (v >= 3) expect(configs.get('num.io.threads')?.ConfigType).toBe(3);
  },
  IncrementalAlterConfigs: (body, _v, backend) => {
    expect(body.Responses).toEqual([{ ErrorCode: 0, ErrorMessage: null, ResourceType: 4, ResourceName: '1' }]);
    expect(backend.dynamicConfig(1).get('log.cleaner.threads')).toBe('2');
  },
  DescribeLogDirs: (body, v) => {
    const results = body.Results as Array<Record<string, Json>>;
    expect(results.map((r) => r.LogDir)).toEqual(['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka']);
    expect(results[0]?.Topics).toEqual([{ Name: 'orders', Partitions: [{ PartitionIndex: 0, PartitionSize: 1000n, OffsetLag: 0n, IsFutureKey: false }] }]);
    if (v >= 4) expect(results[1]).toMatchObject({ TotalBytes: 20n * GiB, UsableBytes: 20n * GiB });
  },
  DescribeQuorum: (body, v) => {
    const [topic] = body.Topics as Array<Record<string, Json>>;
    const [partition] = topic?.Partitions as Array<Record<string, Json>>;
    expect(partition).toMatchObject({ ErrorCode: 0, LeaderId: CONTROLLERS[0], LeaderEpoch: 3, HighWatermark: 1200n });
    expect((partition?.CurrentVoters as Array<Record<string, Json>>).map((r) => r.ReplicaId)).toEqual(CONTROLLERS);
    expect((partition?.Observers as Array<Record<string, Json>>).map((r) => r.ReplicaId)).toEqual([1, 2, 3]);
    if (v >= 2) expect((body.Nodes as Array<Record<string, Json>>).map((n) => n.NodeId)).toEqual(CONTROLLERS);
  },
  // This listener is PLAINTEXT: the SASL requests are out of place (ILLEGAL_SASL_STATE).
  SaslHandshake: (body) => {
    expect(body).toEqual({ ErrorCode: 34, Mechanisms: [] });
  },
  SaslAuthenticate: (body, v) => {
    expect(body).toMatchObject({
      ErrorCode: 34,
      ErrorMessage: 'SaslAuthenticate request received after successful authentication',
      AuthBytes: Buffer.alloc(0),
    });
    if (v >= 1) expect(body.SessionLifetimeMs).toBe(0n);
  },
  CreateTopics: (body, version, backend) => {
    const [created, refused] = body.Topics as Array<Record<string, Json>>;
    expect(created).toMatchObject({ Name: `created-v${version}`, ErrorCode: 0 });
    if (version >= 5) expect(created).toMatchObject({ NumPartitions: 2, ReplicationFactor: 1 });
    expect(refused).toMatchObject({ ErrorCode: 38 });
    expect(refused?.ErrorMessage).toMatch(
      /^Unable to replicate the partition 99 time\(s\): The target replication factor of 99 cannot be reached because only \d+ broker\(s\) are registered\.$/,
    );
    expect(backend.topics().map((t) => t.name)).toContain(`created-v${version}`);
  },
  DescribeUserScramCredentials: (body) => {
    expect(body).toEqual({
      ThrottleTimeMs: 0,
      ErrorCode: 0,
      ErrorMessage: null,
      Results: [
        { User: 'nobody', ErrorCode: 91, ErrorMessage: 'Attempt to describe a user credential that does not exist: nobody', CredentialInfos: [] },
        {
          User: 'twice',
          ErrorCode: 92,
          ErrorMessage: 'Cannot describe SCRAM credentials for the same user twice in a single request: twice',
          CredentialInfos: [],
        },
      ],
    });
  },
  AlterUserScramCredentials: (body, _v, backend) => {
    expect(body).toEqual({
      ThrottleTimeMs: 0,
      Results: [
        { User: 'alice', ErrorCode: 0, ErrorMessage: null },
        { User: 'bob', ErrorCode: 93, ErrorMessage: 'Too few iterations' },
      ],
    });
    expect(backend.scramCredentials().get('alice', 'SCRAM-SHA-512')?.iterations).toBe(4096);
    expect(backend.scramCredentials().get('bob', 'SCRAM-SHA-512')).toBeUndefined();
  },
  UnregisterBroker: (body) => {
    expect(body).toEqual({ ThrottleTimeMs: 0, ErrorCode: 102, ErrorMessage: 'Broker ID 99 is not currently registered' });
  },
  AddRaftVoter: (body) => {
    expect(body).toMatchObject({ ThrottleTimeMs: 0, ErrorCode: 126 });
  },
  RemoveRaftVoter: (body) => {
    expect(body).toMatchObject({ ThrottleTimeMs: 0, ErrorCode: 127 });
  },
};

describe('simulated broker encoding, read by the published definitions', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let broker1: BrokerServer;
  let connection: RawKafkaConnection;

  beforeAll(async () => {
    cluster = await startCluster();
    const server = cluster.servers.get(1);
    if (!server) throw new Error('broker 1 did not start');
    broker1 = server;
    connection = await RawKafkaConnection.open(broker1.port);
  });

  afterAll(async () => {
    connection.close();
    await cluster.close();
  });

  const cases = brokerApis.flatMap((api) => {
    const versions: number[] = [];
    for (let v = api.minVersion; v <= api.maxVersion; v += 1) versions.push(v);
    return versions.map((v) => [api.name, v] as const);
  });

  it.each(cases)('%s v%i is answered in the published format', async (name, version) => {
    const build = requests[name];
    const check = checks[name];
    if (!build || !check) throw new Error(`no case for ${name}`);
    const response = await connection.send(name, version, build(version));
    const decoded = decode(loadDefinition(`${name}Response`), version, response.body);
    expect(decoded.left).toBe(0);
    check(decoded.value, version, cluster.backend);
  });

  it('answers a too-new ApiVersions in v0 with UNSUPPORTED_VERSION and the versions it serves', async () => {
    const response = await connection.send('ApiVersions', 9, {}, { headerVersion: 2 });
    const decoded = decode(loadDefinition('ApiVersionsResponse'), 0, response.body);
    expect(decoded.left).toBe(0);
    expect(decoded.value.ErrorCode).toBe(35);
    expect((decoded.value.ApiKeys as Array<Record<string, Json>>).find((k) => k.ApiKey === 3)).toEqual({ ApiKey: 3, MinVersion: 0, MaxVersion: 12 });
  });

  it('answers Metadata for topics asked by name and, from v10, by id', async () => {
    const response = await connection.send('Metadata', 12, {
      Topics: [
        { TopicId: Buffer.alloc(16, 7), Name: null },
        { TopicId: Buffer.alloc(16, 9), Name: null },
        { TopicId: Buffer.alloc(16), Name: 'missing' },
      ],
      AllowAutoTopicCreation: false,
    });
    const decoded = decode(loadDefinition('MetadataResponse'), 12, response.body);
    expect(decoded.left).toBe(0);
    expect((decoded.value.Topics as Array<Record<string, Json>>).map((t) => [t.ErrorCode, t.Name])).toEqual([
      [0, 'orders'],
      [100, null],
      [3, 'missing'],
    ]);
  });

  it.each([
    [1, 2, 114, 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER'],
    [1, 5, 115, 'Unsupported endpoint type 5'],
  ])('refuses DescribeCluster v%i for endpoint type %i with error %i', async (version, endpointType, errorCode, message) => {
    const response = await connection.send('DescribeCluster', version, { IncludeClusterAuthorizedOperations: false, EndpointType: endpointType });
    const decoded = decode(loadDefinition('DescribeClusterResponse'), version, response.body);
    expect(decoded.left).toBe(0);
    expect(decoded.value).toMatchObject({ ErrorCode: errorCode, ErrorMessage: message, Brokers: [] });
  });

  it('closes the connection on a version of another API it does not serve', async () => {
    const other = await RawKafkaConnection.open(broker1.port);
    const sent = other.send('DescribeCluster', 7, {}, { headerVersion: 2 }).catch(() => undefined);
    await other.closed();
    other.close();
    void sent;
  });
});
