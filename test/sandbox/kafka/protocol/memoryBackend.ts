import type {
  BrokerBackend,
  BrokerRegistration,
  LogDirDescription,
  QuorumState,
  TopicMetadata,
  VoterChangeAnswer,
} from '../../../../sandbox/kafka/brokerBackend.js';
import { ScramCredentials } from '../../../../sandbox/kafka/scram.js';

/** A cluster held in plain maps: enough of a Kafka cluster for the broker servers' tests. */
export class MemoryBackend implements BrokerBackend {
  readonly registrations = new Map<number, BrokerRegistration>();
  readonly dirs = new Map<number, LogDirDescription[]>();
  readonly statics = new Map<number, Map<string, string>>();
  readonly dynamics = new Map<number | null, Map<string, string>>();
  topicList: TopicMetadata[] = [];
  readonly scram = new ScramCredentials();
  quorumState: QuorumState;

  constructor(
    readonly id: string,
    controllers: readonly number[],
  ) {
    this.quorumState = {
      leaderId: controllers[0] ?? -1,
      leaderEpoch: 3,
      highWatermark: 1200n,
      voters: controllers.map((c) => ({
        replicaId: c,
        directoryId: Buffer.alloc(16, c),
        logEndOffset: 1200n,
        lastFetchTimestamp: 1_700_000_000_000n,
        lastCaughtUpTimestamp: 1_700_000_000_000n,
      })),
      observers: [],
      nodes: controllers.map((c) => ({ nodeId: c, listeners: [{ name: 'CONTROLLER', host: `controller-${c}`, port: 9093 }] })),
    };
  }

  addBroker(registration: BrokerRegistration, logDirs: LogDirDescription[], staticConfig: Record<string, string> = {}): void {
    this.registrations.set(registration.id, registration);
    this.dirs.set(registration.id, logDirs);
    this.statics.set(registration.id, new Map(Object.entries(staticConfig)));
    this.quorumState = {
      ...this.quorumState,
      observers: [
        ...this.quorumState.observers.filter((o) => o.replicaId !== registration.id),
        {
          replicaId: registration.id,
          directoryId: Buffer.alloc(16, 0x40 + registration.id),
          logEndOffset: 1199n,
          lastFetchTimestamp: 1_700_000_000_000n,
          lastCaughtUpTimestamp: 1_700_000_000_000n,
        },
      ],
    };
  }

  clusterId(): string {
    return this.id;
  }
  brokers(): readonly BrokerRegistration[] {
    return [...this.registrations.values()];
  }
  quorum(): QuorumState {
    return this.quorumState;
  }
  topics(): readonly TopicMetadata[] {
    return this.topicList;
  }
  logDirs(brokerId: number): readonly LogDirDescription[] | undefined {
    return this.dirs.get(brokerId);
  }
  staticConfig(brokerId: number): ReadonlyMap<string, string> {
    return this.statics.get(brokerId) ?? new Map();
  }
  dynamicConfig(brokerId: number | null): ReadonlyMap<string, string> {
    return this.dynamics.get(brokerId) ?? new Map();
  }
  replaceDynamicConfig(brokerId: number | null, entries: ReadonlyMap<string, string>): void {
    this.dynamics.set(brokerId, new Map(entries));
  }
  createTopic(topic: { name: string; partitions: number; replicationFactor: number }): Buffer {
    const id = Buffer.alloc(16, this.topicList.length + 1);
    const replicas = [...this.registrations.keys()].slice(0, topic.replicationFactor);
    const partitions = Array.from({ length: topic.partitions }, (_, index) => ({
      index,
      leader: replicas[0] ?? -1,
      leaderEpoch: 0,
      replicas,
      isr: replicas,
      offlineReplicas: [],
    }));
    this.topicList.push({ name: topic.name, id, internal: false, partitions });
    return id;
  }
  scramCredentials(): ScramCredentials {
    return this.scram;
  }
  unregisterBroker(brokerId: number): boolean {
    return this.registrations.delete(brokerId);
  }
  /** A voter change as a dynamic quorum takes it, without the catch-up rules (see the model's quorum.ts). */
  addVoter(voter: Parameters<BrokerBackend['addVoter']>[0]): VoterChangeAnswer {
    if (this.quorumState.voters.some((v) => v.replicaId === voter.id)) return { errorCode: 126, errorMessage: `voter ${voter.id} exists` };
    const observer = this.quorumState.observers.find((o) => o.replicaId === voter.id);
    const replica = observer ?? {
      replicaId: voter.id,
      directoryId: voter.directoryId,
      logEndOffset: 1200n,
      lastFetchTimestamp: -1n,
      lastCaughtUpTimestamp: -1n,
    };
    this.quorumState = {
      ...this.quorumState,
      voters: [...this.quorumState.voters, { ...replica, directoryId: voter.directoryId }],
      observers: this.quorumState.observers.filter((o) => o.replicaId !== voter.id),
      nodes: [...this.quorumState.nodes, { nodeId: voter.id, listeners: voter.listeners }],
    };
    return { errorCode: 0, errorMessage: null };
  }
  removeVoter(voter: Parameters<BrokerBackend['removeVoter']>[0]): VoterChangeAnswer {
    const voters = this.quorumState.voters.filter((v) => !(v.replicaId === voter.id && v.directoryId.equals(voter.directoryId)));
    if (voters.length === this.quorumState.voters.length) return { errorCode: 127, errorMessage: `voter ${voter.id} not found` };
    this.quorumState = { ...this.quorumState, voters, nodes: this.quorumState.nodes.filter((n) => n.nodeId !== voter.id) };
    return { errorCode: 0, errorMessage: null };
  }
}
