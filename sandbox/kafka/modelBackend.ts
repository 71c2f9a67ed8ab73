import type { BrokerBackend, BrokerRegistration, LogDirDescription, QuorumState, TopicMetadata } from './brokerBackend.js';
import type { KafkaClusterModel } from './model/index.js';
import { isCaughtUp, sameDirectory } from './model/quorum.js';

export interface ModelBackendOptions {
  /**
   * KRaft controller node ids when the model holds no broker with the `controller` role
   * (dedicated controllers outside the model). Default [3000], like Koperator's controller ids.
   */
  readonly controllerIds?: readonly number[];
}

/**
 * The Kafka cluster model as the brokers' protocol servers see it: registrations, metadata, log
 * dirs and configs are read from the model at every request, so a replica moved by Cruise
 * Control's executor shows up in the next Metadata or DescribeLogDirs answer.
 */
export function modelBackend(model: KafkaClusterModel, options: ModelBackendOptions = {}): BrokerBackend {
  // UnregisterBroker removes a stopped broker's registration; a running broker registers again at once.
  const unregistered = new Set<number>();
  const registrations = (): BrokerRegistration[] =>
    model
      .brokers()
      .filter((b) => b.roles.includes('broker'))
      .filter((b) => {
        if (b.running) unregistered.delete(b.id);
        return b.running || !unregistered.has(b.id);
      })
      .map((b) => ({ id: b.id, host: b.host, port: b.port, rack: b.rack, fenced: !b.running }));

  return {
    clusterId: () => model.clusterId,
    scramCredentials: () => model.scramCredentials,
    brokers: registrations,
    quorum: (): QuorumState => {
      const now = model.clock.now();
      const offset = BigInt(1000 + model.generation);
      const voters = model.quorum.voters();
      if (voters.length === 0) return externalQuorum(options.controllerIds ?? [3000], registrations(), now, offset);
      const leader = model.quorum.leader();
      const node = (id: number) => model.broker(id);
      // A node fetches from the leader while it runs; it has caught up CATCH_UP_MS after it started.
      const replica = (id: number, directoryId: Buffer): QuorumState['voters'][number] => {
        const seen = node(id);
        const fetching = seen?.running === true && sameDirectory(directoryId, seen.metadataDirectoryId) && leader.id !== -1;
        const caughtUp = fetching && isCaughtUp({ ...seen, directoryId: seen.metadataDirectoryId }, now);
        return {
          replicaId: id,
          directoryId,
          logEndOffset: caughtUp ? offset : offset - 100n,
          lastFetchTimestamp: fetching ? BigInt(now) : -1n,
          lastCaughtUpTimestamp: caughtUp ? BigInt(now) : -1n,
        };
      };
      const isVoter = (id: number, directoryId: Buffer) => voters.some((v) => v.id === id && sameDirectory(v.directoryId, directoryId));
      const observers = model
        .brokers()
        .filter((b) => b.running && !isVoter(b.id, b.metadataDirectoryId))
        .map((b) => replica(b.id, b.metadataDirectoryId));
      return {
        leaderId: leader.id,
        leaderEpoch: leader.epoch,
        highWatermark: offset,
        voters: voters.map((v) => replica(v.id, v.directoryId)),
        observers,
        nodes: voters.map((v) => ({ nodeId: v.id, listeners: v.listeners.map((l) => ({ ...l })) })),
      };
    },
    topics: (): TopicMetadata[] =>
      model.topics().map((t) => ({
        name: t.name,
        id: t.id,
        internal: t.internal,
        partitions: t.partitions.map((p) => ({
          index: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicas.map((r) => r.broker),
          isr: [...p.isr],
          offlineReplicas: [...p.offlineReplicas],
        })),
      })),
    logDirs: (brokerId: number): LogDirDescription[] | undefined => {
      const broker = model.broker(brokerId);
      if (!broker) return undefined;
      const contents = new Map(model.logDirContents(brokerId).map((d) => [d.path, d.replicas]));
      return broker.logDirs.map((d) => ({
        path: d.path,
        offline: d.offline,
        totalBytes: BigInt(d.capacityBytes),
        // The filesystem's usable space (Kafka's FileStore.getUsableSpace): what its logs and any other files leave.
        usableBytes: BigInt(Math.max(0, Math.round(d.capacityBytes - d.usedBytes - d.foreignBytes))),
        replicas: d.offline
          ? []
          : (contents.get(d.path) ?? []).map((r) => ({
              topic: r.topic,
              partition: r.partition,
              sizeBytes: BigInt(Math.round(r.sizeBytes)),
              offsetLag: BigInt(Math.round(r.lagBytes / 1024)), // one offset per KB: records of about 1 KB
              future: r.future,
            })),
      }));
    },
    staticConfig: (brokerId) => model.staticConfig(brokerId),
    dynamicConfig: (brokerId) => model.dynamicConfig(brokerId),
    replaceDynamicConfig: (brokerId, entries) => model.replaceDynamicConfig(brokerId, entries),
    createTopic: (topic) => model.createTopic({ ...topic }).id,
    unregisterBroker: (brokerId) => {
      if (!registrations().some((r) => r.id === brokerId)) return false;
      unregistered.add(brokerId);
      return true;
    },
    addVoter: (voter) => {
      const listenerName = model.quorum.voters()[0]?.listeners[0]?.name ?? 'CONTROLLER';
      return model.quorum.addVoter(voter.id, voter.directoryId, voter.listeners, listenerName);
    },
    removeVoter: (voter) => model.quorum.removeVoter(voter.id, voter.directoryId),
  };
}

/** Dedicated controllers outside the model (none of its nodes is one): they vote and run, as configured. */
function externalQuorum(controllerIds: readonly number[], registrations: readonly BrokerRegistration[], now: number, offset: bigint): QuorumState {
  const replica = (id: number): QuorumState['voters'][number] => ({
    replicaId: id,
    directoryId: Buffer.alloc(16, id % 256),
    logEndOffset: offset,
    lastFetchTimestamp: BigInt(now),
    lastCaughtUpTimestamp: BigInt(now),
  });
  return {
    leaderId: controllerIds[0] ?? -1,
    leaderEpoch: 1,
    highWatermark: offset,
    voters: controllerIds.map(replica),
    observers: registrations.filter((r) => !r.fenced && !controllerIds.includes(r.id)).map((r) => replica(r.id)),
    nodes: controllerIds.map((id) => ({ nodeId: id, listeners: [{ name: 'CONTROLLER', host: `controller-${id}`, port: 9093 }] })),
  };
}
