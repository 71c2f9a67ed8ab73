import type { QuorumDescription } from '../kafka/types.js';

/** How recently a voter must have caught up with the leader to count as in sync (Kafka's default fetch timeout is 2 s; this leaves room). */
export const CAUGHT_UP_WITHIN_MS = 30_000;

/** KRaft's quorum rule (KIP-595): `count` of `voters` are enough when they are more than half of them. */
export function isMajority(count: number, voters: number): boolean {
  return count * 2 > voters;
}

/**
 * Whether the KRaft quorum keeps a majority while `controllerId` restarts: every voter but it
 * that caught up with the leader recently counts, and they must be more than half of all voters.
 * A controller restarted without that takes the metadata log (and with it every broker's
 * ability to change anything) down until it is back.
 */
export function quorumSurvivesRestartOf(quorum: QuorumDescription, controllerId: number, nowMs: number): { ok: boolean; reason: string } {
  const voters = quorum.voters.map((v) => v.id);
  if (!voters.includes(controllerId)) return { ok: true, reason: `broker ${controllerId} is not a voter` };
  const caughtUp = quorum.voters.filter((v) => v.id !== controllerId && v.lastCaughtUpTimestamp !== null && nowMs - v.lastCaughtUpTimestamp <= CAUGHT_UP_WITHIN_MS);
  const needed = Math.floor(voters.length / 2) + 1;
  if (isMajority(caughtUp.length, voters.length)) return { ok: true, reason: `${caughtUp.length} of ${voters.length} voters stay caught up` };
  const lagging = quorum.voters.filter((v) => v.id !== controllerId && !caughtUp.includes(v)).map((v) => v.id);
  return { ok: false, reason: `restarting controller ${controllerId} would leave ${caughtUp.length} of ${voters.length} voters caught up (a majority needs ${needed}); waiting for ${lagging.join(', ')} to catch up` };
}
