import type { BrokerBackend, BrokerRegistration, LogDirDescription, QuorumState, TopicMetadata } from './brokerBackend.js';
import type { KafkaClusterModel } from './model/index.js';

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
    brokers: registrations,
    quorum: (): QuorumState => {
      const now = BigInt(model.clock.now());
      const offset = BigInt(1000 + model.generation);
      const replica = (id: number, lag: bigint): QuorumState['voters'][number] => ({
        replicaId: id,
        directoryId: Buffer.alloc(16, id % 256),
        logEndOffset: offset - lag,
        lastFetchTimestamp: now,
        lastCaughtUpTimestamp: now,
      });
      // A stopped controller stays a voter (the quorum is configured, not discovered), but it
      // fetches nothing: it lags and has not caught up since it stopped.
      const modelControllers = model.brokers().filter((b) => b.roles.includes('controller'));
      const voters = modelControllers.length > 0 ? modelControllers.map((b) => b.id) : [...(options.controllerIds ?? [3000])];
      const running = (id: number): boolean => model.broker(id)?.running ?? true;
      const observers = registrations().filter((r) => !r.fenced && !voters.includes(r.id)).map((r) => replica(r.id, 0n));
      const stopped = (id: number): QuorumState['voters'][number] => ({ ...replica(id, 100n), lastFetchTimestamp: -1n, lastCaughtUpTimestamp: -1n });
      return {
        leaderId: voters.find(running) ?? -1,
        leaderEpoch: 1,
        highWatermark: offset,
        voters: voters.map((id) => (running(id) ? replica(id, 0n) : stopped(id))),
        observers,
        nodes: voters.map((id) => ({ nodeId: id, listeners: [{ name: 'CONTROLLER', host: model.broker(id)?.host ?? `controller-${id}`, port: 9093 }] })),
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
        usableBytes: BigInt(Math.max(0, Math.round(d.capacityBytes - d.usedBytes))),
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
    unregisterBroker: (brokerId) => {
      if (!registrations().some((r) => r.id === brokerId)) return false;
      unregistered.add(brokerId);
      return true;
    },
  };
}
