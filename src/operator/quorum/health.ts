import type { QuorumDescription, QuorumReplica } from '../../kafka/index.js';

/**
 * How recently a replica must have caught up with the leader's log end to count as caught up
 * (Kafka's controller.quorum.fetch.timeout.ms defaults to 2 s; this leaves room for the time
 * between two DescribeQuorum answers).
 */
export const CAUGHT_UP_WITHIN_MS = 30_000;

export function isCaughtUp(replica: QuorumReplica, now: number): boolean {
  return replica.lastCaughtUpTimestamp !== null && now - replica.lastCaughtUpTimestamp <= CAUGHT_UP_WITHIN_MS;
}

/** How far a replica is behind the leader's log end offset (the high watermark when the leader is not listed). */
export function lagOf(quorum: QuorumDescription, replica: QuorumReplica): bigint {
  const leaderEnd = quorum.voters.find((v) => v.id === quorum.leaderId)?.logEndOffset ?? quorum.highWatermark;
  const lag = leaderEnd - replica.logEndOffset;
  return lag > 0n ? lag : 0n;
}

/**
 * Whether a controller may restart now: the quorum has a leader and every voter has caught up,
 * as Koperator waits for before and after each controller (adobe/koperator#310). Waiting for
 * every voter, not only a majority, keeps a slow voter from being the one the next restart
 * needs. A node that does not vote restarts as any broker.
 */
export function controllerRestartVerdict(quorum: QuorumDescription, controllerId: number, now: number): { ok: boolean; reason: string } {
  if (!quorum.voters.some((v) => v.id === controllerId)) return { ok: true, reason: `node ${controllerId} is not a voter` };
  if (quorum.leaderId === -1) return { ok: false, reason: `the KRaft quorum has no leader; controller ${controllerId} waits` };
  const lagging = quorum.voters.filter((v) => !isCaughtUp(v, now)).map((v) => v.id);
  if (lagging.length === 0) return { ok: true, reason: `all ${quorum.voters.length} voters caught up` };
  return {
    ok: false,
    reason: `the KRaft quorum is not healthy: voter${lagging.length > 1 ? 's' : ''} ${lagging.join(', ')} not caught up with the leader; controller ${controllerId} restarts once every voter has`,
  };
}
