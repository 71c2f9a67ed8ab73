import { afterEach, describe, expect, it } from 'vitest';
import { KafkaAdminClient, KafkaAdminError } from '../../src/kafka/index.js';
import { ManualClock } from '../../sandbox/clock.js';
import { BrokerListeners } from '../../sandbox/kafka/brokerServer.js';
import { KafkaClusterModel } from '../../sandbox/kafka/model/index.js';
import { CATCH_UP_MS } from '../../sandbox/kafka/model/quorum.js';
import { modelBackend } from '../../sandbox/kafka/modelBackend.js';

const fast = { retries: 0, backoffMs: 10, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, operationTimeoutMs: 5_000 };
const dirOf = (id: number): Buffer => Buffer.alloc(16, 0x70 + id);
const controller = (id: number) => ({ id, directoryId: dirOf(id).toString('base64url') });
const listeners = (id: number) => [{ name: 'CONTROLLER', host: `kafka-${id}.kafka-headless`, port: 29093 }];

async function refusal(promise: Promise<unknown>): Promise<KafkaAdminError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KafkaAdminError)) throw new Error(`expected a KafkaAdminError, got ${String(error)}`);
  return error;
}

/** Brokers 0-2 and controllers 3-5, the controllers formatted with --initial-controllers (kraft.version 1). */
function cluster(kraftVersion: 0 | 1) {
  const clock = new ManualClock();
  const model = new KafkaClusterModel({ clock });
  for (const id of [0, 1, 2]) model.addBroker({ id, logDirs: [{ path: '/kafka-logs/kafka', capacityBytes: 1e9 }] });
  for (const id of [3, 4, 5])
    model.addBroker({ id, roles: ['controller'], logDirs: [{ path: '/kafka-logs/kafka', capacityBytes: 1e9 }], metadataDirectoryId: dirOf(id) });
  model.quorum.bootstrap(
    kraftVersion,
    [3, 4, 5].map((id) => ({ id, directoryId: dirOf(id), listeners: listeners(id) })),
  );
  clock.advance(CATCH_UP_MS);
  const servers = new BrokerListeners({
    host: '127.0.0.1',
    backend: modelBackend(model),
    onPort: (id, port) => port !== null && model.setEndpoint(id, '127.0.0.1', port),
  });
  return { clock, model, servers };
}

describe('changing the KRaft voters through a broker (AddRaftVoter, RemoveRaftVoter)', () => {
  let world: ReturnType<typeof cluster>;
  let client: KafkaAdminClient;

  const start = async (kraftVersion: 0 | 1) => {
    world = cluster(kraftVersion);
    await world.servers.sync([0, 1, 2]);
    client = new KafkaAdminClient({ cluster: 'kafka/kraft', bootstrapServers: [`127.0.0.1:${world.servers.server(0)?.port}`] }, fast);
  };

  afterEach(async () => {
    await client.close();
    await world.servers.close();
    world.model.close();
  });

  it('promotes a new controller once it has caught up, and removes it again', async () => {
    await start(1);
    world.model.addBroker({ id: 6, roles: ['controller'], logDirs: [{ path: '/kafka-logs/kafka', capacityBytes: 1e9 }], metadataDirectoryId: dirOf(6) });
    const joined = await client.describeQuorum();
    expect(joined.voters.map((v) => v.id)).toEqual([3, 4, 5]);
    expect(joined.observers.find((o) => o.id === 6)).toMatchObject({ directoryId: controller(6).directoryId, lastCaughtUpTimestamp: null });

    // Kafka's AddVoterHandler: a new voter that lags behind the leader is refused.
    const lagging = await refusal(client.addRaftVoter(controller(6), listeners(6)));
    expect(lagging.kafkaError).toMatchObject({ name: 'REQUEST_TIMED_OUT', code: 7 });
    expect(lagging.kafkaError?.serverMessage).toContain('lagging behind');

    world.clock.advance(CATCH_UP_MS);
    expect(await client.addRaftVoter(controller(6), listeners(6))).toBe('added');
    const promoted = await client.describeQuorum();
    expect(promoted.voters.map((v) => [v.id, v.directoryId])).toEqual([3, 4, 5, 6].map((id) => [id, controller(id).directoryId]));
    expect(promoted.observers.map((o) => o.id)).toEqual([0, 1, 2]);
    expect(promoted.nodes.find((n) => n.id === 6)?.listeners).toEqual(listeners(6));
    expect(await client.addRaftVoter(controller(6), listeners(6))).toBe('already-voter');

    expect(await client.removeRaftVoter(controller(6))).toBe('removed');
    expect((await client.describeQuorum()).voters.map((v) => v.id)).toEqual([3, 4, 5]);
    expect(await client.removeRaftVoter(controller(6))).toBe('not-a-voter');
  });

  it('refuses a voter whose directory id is not the one fetching the log', async () => {
    await start(1);
    world.model.addBroker({ id: 6, roles: ['controller'], logDirs: [{ path: '/kafka-logs/kafka', capacityBytes: 1e9 }], metadataDirectoryId: dirOf(6) });
    world.clock.advance(CATCH_UP_MS);
    const error = await refusal(client.addRaftVoter({ id: 6, directoryId: dirOf(9).toString('base64url') }, listeners(6)));
    expect(error.kafkaError?.name).toBe('REQUEST_TIMED_OUT');
    // Removing takes the exact key: id 4 with another directory id is no voter.
    expect(await client.removeRaftVoter({ id: 4, directoryId: dirOf(9).toString('base64url') })).toBe('not-a-voter');
  });

  it('answers UNSUPPORTED_VERSION on a static quorum (kraft.version 0)', async () => {
    await start(0);
    world.model.addBroker({ id: 6, roles: ['controller'], logDirs: [{ path: '/kafka-logs/kafka', capacityBytes: 1e9 }], metadataDirectoryId: dirOf(6) });
    world.clock.advance(CATCH_UP_MS);
    const add = await refusal(client.addRaftVoter(controller(6), listeners(6)));
    expect(add.code).toBe('KAFKA_ERROR_RESPONSE');
    expect(add.kafkaError).toMatchObject({
      name: 'UNSUPPORTED_VERSION',
      serverMessage: "Cluster doesn't support adding voter because the kraft.version feature is 0",
    });
    expect((await refusal(client.removeRaftVoter(controller(5)))).kafkaError?.name).toBe('UNSUPPORTED_VERSION');
  });

  it('changes nothing while the quorum has no majority (no leader)', async () => {
    await start(1);
    world.model.stopBroker(4);
    world.model.stopBroker(5);
    const quorum = await client.describeQuorum();
    expect(quorum.leaderId).toBe(-1);
    const error = await refusal(client.removeRaftVoter(controller(5)));
    expect(error.kafkaError?.name).toBe('REQUEST_TIMED_OUT');
    expect(world.model.quorum.voters().map((v) => v.id)).toEqual([3, 4, 5]);

    // Every write a broker forwards to the controller times out as well, and is not applied.
    const config = await refusal(client.alterBrokerConfigs(1, { set: { 'log.cleaner.threads': '2' } }));
    expect(config.kafkaError).toMatchObject({ name: 'REQUEST_TIMED_OUT', serverMessage: 'The request timed out.' });
    expect(world.model.dynamicConfig(1).get('log.cleaner.threads')).toBeUndefined();
    world.model.stopBroker(2);
    const unregister = await refusal(client.unregisterBroker(2));
    expect(unregister.kafkaError?.name).toBe('REQUEST_TIMED_OUT');

    // With a majority back, the same change goes through.
    world.model.startBroker(5, dirOf(5));
    world.clock.advance(CATCH_UP_MS);
    await client.alterBrokerConfigs(1, { set: { 'log.cleaner.threads': '2' } });
    expect(world.model.dynamicConfig(1).get('log.cleaner.threads')).toBe('2');
  });

  it("never removes the last voter (VOTER_NOT_FOUND, as Kafka's VoterSet.removeVoter)", async () => {
    await start(1);
    expect(await client.removeRaftVoter(controller(5))).toBe('removed');
    expect(await client.removeRaftVoter(controller(4))).toBe('removed');
    expect(await client.removeRaftVoter(controller(3))).toBe('not-a-voter');
    expect((await client.describeQuorum()).voters.map((v) => v.id)).toEqual([3]);
  });
});
