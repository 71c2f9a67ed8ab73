import type { Clock } from '../../clock.js';

/**
 * The KRaft quorum of `__cluster_metadata`, as Kafka keeps it (KIP-853): a set of voters, each
 * a node id with the directory id of its metadata log, fixed when the cluster is formatted and
 * changed only by AddRaftVoter and RemoveRaftVoter; every other node that fetches the log is an
 * observer. A leader exists only while a majority of the voters run, and without one nothing
 * is written to the metadata log.
 *
 * Simplification: a voter change commits at once (the sandbox answers after the commit, as
 * Kafka does with AckWhenCommitted), so "another voter change is uncommitted" never happens here.
 */

export interface VoterListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface Voter {
  readonly id: number;
  /** The 16 bytes of the metadata log directory id. */
  readonly directoryId: Buffer;
  readonly listeners: readonly VoterListener[];
}

/** What the quorum needs to know of one node that runs (or ran) Kafka. */
export interface QuorumNode {
  readonly id: number;
  readonly running: boolean;
  /** Its metadata log directory id, from its format. */
  readonly directoryId: Buffer;
  /** When it last started (clock ms): it fetches the log from then on and catches up. */
  readonly startedAt: number;
}

/** A Kafka error code and message, as a voter change is answered. */
export interface VoterChangeAnswer {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** How long a node that started fetches before it has caught up with the leader's log end. */
export const CATCH_UP_MS = 2_000;

/** Errors (org.apache.kafka.common.protocol.Errors) a voter change is answered with. */
const NONE = 0;
const REQUEST_TIMED_OUT = 7;
const UNSUPPORTED_VERSION = 35;
const INVALID_REQUEST = 42;
const DUPLICATE_VOTER = 126;
const VOTER_NOT_FOUND = 127;

const ZERO_UUID = Buffer.alloc(16);
const ok: VoterChangeAnswer = { errorCode: NONE, errorMessage: null };
const kafkaUuid = (bytes: Buffer): string => bytes.toString('base64url');
/** As Kafka's ReplicaKey.toString prints a key. */
const replicaKey = (id: number, directoryId: Buffer): string => `ReplicaKey(id=${id}, directoryId=Optional[${kafkaUuid(directoryId)}])`;

/** A voter's key names this node's directory (a static voter, without one, names any). */
export function sameDirectory(voter: Buffer, node: Buffer): boolean {
  return voter.equals(ZERO_UUID) || voter.equals(node);
}

export function isCaughtUp(node: QuorumNode | undefined, now: number): boolean {
  return node?.running === true && now - node.startedAt >= CATCH_UP_MS;
}

export class MetadataQuorum {
  #voters: Voter[] | undefined;
  /** 0: the voters are fixed by controller.quorum.voters; 1: they change through AddRaftVoter/RemoveRaftVoter. */
  #kraftVersion: 0 | 1 = 0;
  #leaderId = -1;
  #epoch = 0;

  constructor(
    private readonly clock: Clock,
    /** Every node of the cluster, with its state now. */
    private readonly nodes: () => readonly QuorumNode[],
    /** The voters of a cluster whose format the sandbox did not see (nodes added to the model directly). */
    private readonly fallbackVoters: () => readonly Voter[],
  ) {}

  /** Whether a format has fixed the voters (the first controller formatted with them ran). */
  get bootstrapped(): boolean {
    return this.#voters !== undefined;
  }

  get kraftVersion(): 0 | 1 {
    return this.#voters === undefined ? 0 : this.#kraftVersion;
  }

  /**
   * The voters a format wrote: `--initial-controllers` (kraft.version 1, a dynamic quorum) or
   * `controller.quorum.voters` (kraft.version 0, a static one). Later formats do not change them:
   * the quorum lives in the log, which the first voters started.
   */
  bootstrap(kraftVersion: 0 | 1, voters: readonly Voter[]): void {
    if (this.#voters !== undefined) return;
    this.#voters = [...voters];
    this.#kraftVersion = kraftVersion;
  }

  voters(): readonly Voter[] {
    return this.#voters ?? this.fallbackVoters();
  }

  /** The active controller: a running voter, while a majority of the voters run; else -1. */
  leader(): { id: number; epoch: number } {
    const voters = this.voters();
    const running = voters.filter((v) => {
      const node = this.#node(v.id);
      return node?.running === true && sameDirectory(v.directoryId, node.directoryId);
    });
    if (running.length * 2 <= voters.length) {
      if (this.#leaderId !== -1) this.#elect(-1);
    } else if (!running.some((v) => v.id === this.#leaderId)) {
      this.#elect(running[0]?.id ?? -1);
    }
    return { id: this.#leaderId, epoch: this.#epoch };
  }

  /** Kafka's AddVoterHandler and KafkaRaftClient.handleAddVoterRequest, in their order. */
  addVoter(id: number, directoryId: Buffer, listeners: readonly VoterListener[], listenerName: string): VoterChangeAnswer {
    if (directoryId.equals(ZERO_UUID)) return { errorCode: INVALID_REQUEST, errorMessage: "Add voter request didn't include a valid directory id" };
    if (!listeners.some((l) => l.name === listenerName)) {
      return {
        errorCode: INVALID_REQUEST,
        errorMessage: `Add voter request didn't include the endpoint (${listeners.map((l) => l.name).join(', ')}) for the default listener ${listenerName}`,
      };
    }
    if (this.leader().id === -1) return noLeader;
    if (this.kraftVersion === 0)
      return { errorCode: UNSUPPORTED_VERSION, errorMessage: "Cluster doesn't support adding voter because the kraft.version feature is 0" };
    const voters = this.voters();
    if (voters.some((v) => v.id === id)) {
      return {
        errorCode: DUPLICATE_VOTER,
        errorMessage: `The voter id for ${replicaKey(id, directoryId)} is already part of the set of voters [${this.#keys()}].`,
      };
    }
    const node = this.#node(id);
    // The leader first asks the new voter's ApiVersions on the given endpoint.
    if (node?.running !== true)
      return { errorCode: REQUEST_TIMED_OUT, errorMessage: 'Aborted add voter operation for since API_VERSIONS returned an error NETWORK_EXCEPTION' };
    // A replica is known by its key: another directory id than the one fetching is not caught up.
    if (!node.directoryId.equals(directoryId) || !isCaughtUp(node, this.clock.now())) {
      return { errorCode: REQUEST_TIMED_OUT, errorMessage: `Aborted add voter operation for ${replicaKey(id, directoryId)} since it is lagging behind` };
    }
    this.#voters = [...voters, { id, directoryId, listeners }];
    return ok;
  }

  /** Kafka's RemoveVoterHandler: a key that does not vote, or the last voter, is VOTER_NOT_FOUND. */
  removeVoter(id: number, directoryId: Buffer): VoterChangeAnswer {
    if (this.leader().id === -1) return noLeader;
    if (this.kraftVersion === 0)
      return { errorCode: UNSUPPORTED_VERSION, errorMessage: "Cluster doesn't support removing voter because the kraft.version feature is 0" };
    const voters = this.voters();
    const remaining = voters.filter((v) => !(v.id === id && v.directoryId.equals(directoryId)));
    if (remaining.length === voters.length || remaining.length === 0) {
      return { errorCode: VOTER_NOT_FOUND, errorMessage: `Cannot remove voter ${replicaKey(id, directoryId)} from the set of voters [${this.#keys()}]` };
    }
    this.#voters = remaining;
    // A leader outside the new set resigns; the next leader comes from the remaining voters.
    this.leader();
    return ok;
  }

  #keys(): string {
    return this.voters()
      .map((v) => replicaKey(v.id, v.directoryId))
      .join(', ');
  }

  #node(id: number): QuorumNode | undefined {
    return this.nodes().find((n) => n.id === id);
  }

  #elect(id: number): void {
    this.#leaderId = id;
    this.#epoch += 1;
  }
}

/** A broker forwarding to a controller quorum without a leader gets no answer in time. */
const noLeader: VoterChangeAnswer = {
  errorCode: REQUEST_TIMED_OUT,
  errorMessage: 'Request timed out: the KRaft quorum has no leader (no majority of the voters is running)',
};
