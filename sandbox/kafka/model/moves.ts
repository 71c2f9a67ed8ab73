import { refreshPartition, replicaOnline, type ModelState, type StoredMove, type StoredPartition } from './state.js';
import { ModelError } from './types.js';

/**
 * Replica movement as Kafka does it. Inter-broker (AlterPartitionReassignments): the new replica
 * is added, fetches from the leader until it has caught up, joins the ISR, and only then is the
 * old replica removed, so a partition never has fewer complete replicas than its replication
 * factor. Intra-broker (AlterReplicaLogDirs): a future replica is copied into the target dir and
 * swapped in once it caught up.
 */
export function startMove(
  state: ModelState,
  nextId: number,
  request: { topic: string; partition: number; fromBroker: number; toBroker: number; toLogDir: string; fromLogDir?: string },
): StoredMove {
  const partition = findPartition(state, request.topic, request.partition);
  const source = partition.replicas.find((r) => r.broker === request.fromBroker && (request.fromLogDir === undefined || r.logDir === request.fromLogDir));
  if (!source) throw new ModelError(`${request.topic}-${request.partition} has no replica on broker ${request.fromBroker}`);
  const kind = request.fromBroker === request.toBroker ? 'intra' : 'inter';
  if (kind === 'inter' && partition.replicas.some((r) => r.broker === request.toBroker)) {
    throw new ModelError(`${request.topic}-${request.partition} already has a replica on broker ${request.toBroker}`);
  }
  if (kind === 'intra' && source.logDir === request.toLogDir) {
    throw new ModelError(`${request.topic}-${request.partition} is already in ${request.toLogDir} on broker ${request.toBroker}`);
  }
  const target = state.brokers.get(request.toBroker);
  if (!target) throw new ModelError(`broker ${request.toBroker} does not exist`);
  const dir = target.logDirs.get(request.toLogDir);
  if (!dir || dir.offline) throw new ModelError(`broker ${request.toBroker} has no online log dir ${request.toLogDir}`);
  for (const move of state.moves.values()) {
    if (move.state === 'copying' && move.topic === request.topic && move.partition === request.partition) {
      throw new ModelError(`${request.topic}-${request.partition} is already being moved`);
    }
  }
  const move: StoredMove = {
    id: nextId,
    kind,
    topic: request.topic,
    partition: request.partition,
    fromBroker: request.fromBroker,
    toBroker: request.toBroker,
    fromLogDir: source.logDir,
    toLogDir: request.toLogDir,
    copiedBytes: 0,
    state: 'copying',
    onDone: [],
  };
  state.moves.set(move.id, move);
  return move;
}

/** Copies `elapsedMs` worth of data for every move in flight; switches those that caught up. */
export function progressMoves(state: ModelState, elapsedMs: number, copyBytesPerSec: number): void {
  for (const move of [...state.moves.values()]) {
    if (move.state !== 'copying') continue;
    const partition = findPartition(state, move.topic, move.partition);
    const target = state.brokers.get(move.toBroker);
    const dir = target?.logDirs.get(move.toLogDir);
    if (!target || !dir || dir.offline) {
      finish(state, move, 'failed');
      continue;
    }
    // Copying needs a running target and a live source: the leader (inter) or the replica itself (intra).
    const sourceUp = move.kind === 'inter' ? partition.leader !== -1 : replicaOnline(state, { broker: move.fromBroker, logDir: move.fromLogDir, sizeBytes: 0 });
    if (!target.running || !sourceUp) continue;
    move.copiedBytes = Math.min(partition.sizeBytes, move.copiedBytes + (copyBytesPerSec * elapsedMs) / 1000);
    if (move.copiedBytes >= partition.sizeBytes) {
      switchOver(state, partition, move);
      finish(state, move, 'completed');
    }
  }
}

function switchOver(state: ModelState, partition: StoredPartition, move: StoredMove): void {
  const index = partition.replicas.findIndex((r) => r.broker === move.fromBroker);
  if (index < 0) return;
  if (move.kind === 'intra') {
    const replica = partition.replicas[index];
    if (replica) replica.logDir = move.toLogDir;
    return;
  }
  // The new replica takes the old one's place in the assignment (and so its preference order).
  partition.replicas[index] = { broker: move.toBroker, logDir: move.toLogDir, sizeBytes: partition.sizeBytes };
  partition.isr = [...partition.isr.filter((b) => b !== move.fromBroker), move.toBroker];
  if (partition.leader === move.fromBroker) partition.leader = -1; // the old leader leaves: elect again
  refreshPartition(state, partition);
}

function finish(state: ModelState, move: StoredMove, outcome: 'completed' | 'failed'): void {
  move.state = outcome;
  state.moves.delete(move.id);
  for (const callback of move.onDone) callback(move);
}

export function findPartition(state: ModelState, topic: string, partition: number): StoredPartition {
  const found = state.topics.get(topic)?.partitions[partition];
  if (!found) throw new ModelError(`unknown partition ${topic}-${partition}`);
  return found;
}
