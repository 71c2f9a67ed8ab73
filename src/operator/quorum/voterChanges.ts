import type { QuorumDescription, QuorumReplica, VoterEndpoint, VoterKey } from '../../kafka/index.js';
import type { BlockedStep } from '../reconcile/actions.js';
import { isCaughtUp } from './health.js';
import { majorityOf } from '../../domain/kraftQuorum.js';

/** A controller the spec wants, and how the other voters reach it (AddRaftVoterRequest.Listeners). */
export interface DesiredController {
  readonly id: number;
  readonly listeners: readonly VoterEndpoint[];
}

export interface VoterPlanInput {
  readonly desired: readonly DesiredController[];
  /** Controllers out of the spec whose objects are still there. */
  readonly leaving: readonly number[];
  /** Nodes running as controllers in Kubernetes now (their Pods), leaving ones included. */
  readonly running?: number;
  /** What Kafka reports (DescribeQuorum); undefined when it could not be asked. */
  readonly quorum: QuorumDescription | undefined;
  readonly now: number;
}

/** One change of the voter set: Kafka takes one at a time (KIP-853), so a plan has at most one. */
export type VoterAction =
  | { readonly type: 'addRaftVoter'; readonly voter: VoterKey; readonly listeners: readonly VoterEndpoint[]; readonly reason: 'ControllerPromoted' }
  | { readonly type: 'removeRaftVoter'; readonly voter: VoterKey; readonly reason: 'ControllerDemoted' };

export interface VoterPlan {
  readonly action: VoterAction | undefined;
  readonly blocked: BlockedStep[];
  readonly waiting: string[];
  /** Leaving controllers Kafka may still count as voters: their Pod, disks and config stay. */
  readonly stillVoting: number[];
}

/**
 * The next change of the KRaft voter set, from the controllers the spec wants and the quorum
 * Kafka reports. Pure. A new controller formats as an observer and is promoted once it has
 * caught up with the leader (Kafka's AddVoterHandler refuses it before); a controller out of the
 * spec is removed from the voters before anything of it is deleted, and only while the voters
 * left can still commit: caught-up voters that are a majority of the smaller set, and controllers
 * in the spec that are a majority of the voters now (else nothing is changed, and it is said why).
 * Additions come first: replacing a controller grows the quorum before it shrinks.
 */
export function planVoterChanges(input: VoterPlanInput): VoterPlan {
  const plan: { action: VoterAction | undefined; blocked: BlockedStep[]; waiting: string[]; stillVoting: number[] } = {
    action: undefined,
    blocked: [],
    waiting: [],
    stillVoting: [],
  };
  const { quorum } = input;
  if (quorum === undefined) {
    plan.stillVoting.push(...input.leaving);
    if (input.leaving.length > 0)
      plan.waiting.push(
        `controller${input.leaving.length > 1 ? 's' : ''} ${input.leaving.join(', ')}: waiting for Kafka to describe the KRaft quorum before removing`,
      );
    return plan;
  }
  const voterIds = new Set(quorum.voters.map((v) => v.id));
  plan.stillVoting.push(...input.leaving.filter((id) => voterIds.has(id)));
  if (quorum.leaderId === -1) {
    plan.waiting.push('the KRaft quorum has no leader: no voter is changed until a majority of the voters runs');
    return plan;
  }

  // A controller whose disk was replaced fetches with a new directory id while its old key still votes.
  const stale = input.desired.flatMap((c) => {
    const voter = quorum.voters.find((v) => v.id === c.id);
    const observer = quorum.observers.find((o) => o.id === c.id && o.directoryId !== null);
    return voter !== undefined && observer !== undefined && voter.directoryId !== observer.directoryId ? [voter] : [];
  });
  const additions = input.desired.filter((c) => !voterIds.has(c.id));
  for (const controller of additions) {
    const observer = quorum.observers.find((o) => o.id === controller.id);
    if (observer?.directoryId === null || observer === undefined) {
      plan.waiting.push(`controller ${controller.id}: waiting for it to start and fetch the metadata log as an observer`);
      continue;
    }
    if (!isCaughtUp(observer, input.now)) {
      plan.waiting.push(`controller ${controller.id}: waiting for it to catch up with the metadata log before it becomes a voter`);
      continue;
    }
    plan.action ??= {
      type: 'addRaftVoter',
      voter: { id: controller.id, directoryId: observer.directoryId },
      listeners: controller.listeners,
      reason: 'ControllerPromoted',
    };
  }

  const leavingVoters = quorum.voters.filter((v) => input.leaving.includes(v.id));
  if (leavingVoters.length > 0 && additions.length > 0) {
    // A replacement: the new controller votes first, so the quorum never shrinks below what it was.
    plan.waiting.push(
      `controller${leavingVoters.length > 1 ? 's' : ''} ${leavingVoters.map((v) => v.id).join(', ')}: removal from the voters waits for controller${additions.length > 1 ? 's' : ''} ${additions.map((c) => c.id).join(', ')} to become voters`,
    );
  }
  const removals = [...stale, ...(additions.length > 0 ? [] : leavingVoters)];
  if (removals.length === 0) return plan;
  // The same base as the removal of the nodes themselves (operations/graceful.ts): the controllers
  // there are now, as voters or as running nodes, so a removal refused there changes no voter here.
  const now = Math.max(quorum.voters.length, input.running ?? 0);
  if (leavingVoters.length > 0 && input.desired.length * 2 <= now) {
    for (const voter of leavingVoters) {
      plan.blocked.push({
        brokerId: voter.id,
        reason: 'ControllerRemovalRefused',
        message: `cannot remove controller ${voter.id}: ${input.desired.length} controller(s) in the spec would not be a majority of the ${now} controllers of the KRaft quorum; it stays a voter, and its Pod and disks stay`,
      });
    }
    return plan;
  }
  for (const voter of removals) {
    const verdict = removalVerdict(quorum, voter, input.now);
    if (!verdict.ok) {
      plan.blocked.push({ brokerId: voter.id, reason: 'ControllerRemovalRefused', message: verdict.message });
      continue;
    }
    if (plan.action !== undefined) {
      plan.waiting.push(`controller ${voter.id}: its removal from the voters waits for the change under way (one voter change at a time)`);
      continue;
    }
    if (voter.directoryId === null) {
      plan.blocked.push({
        brokerId: voter.id,
        reason: 'ControllerRemovalRefused',
        message: `cannot remove controller ${voter.id}: Kafka reports no directory id for it (DescribeQuorum before v2, or a static quorum)`,
      });
      continue;
    }
    plan.action = { type: 'removeRaftVoter', voter: { id: voter.id, directoryId: voter.directoryId }, reason: 'ControllerDemoted' };
  }
  return plan;
}

/** Whether the voters left after removing `voter` can still commit: a caught-up majority of them. */
export function removalVerdict(quorum: QuorumDescription, voter: QuorumReplica, now: number): { ok: true } | { ok: false; message: string } {
  const remaining = quorum.voters.filter((v) => !(v.id === voter.id && v.directoryId === voter.directoryId));
  if (remaining.length === 0) return { ok: false, message: `cannot remove controller ${voter.id}: it is the last voter of the KRaft quorum` };
  const caughtUp = remaining.filter((v) => isCaughtUp(v, now));
  const needed = majorityOf(remaining.length);
  if (caughtUp.length >= needed) return { ok: true };
  const lagging = remaining.filter((v) => !caughtUp.includes(v)).map((v) => v.id);
  return {
    ok: false,
    message: `cannot remove controller ${voter.id} now: of the ${remaining.length} voters left, ${caughtUp.length} are caught up and a majority needs ${needed}; waiting for ${lagging.join(', ')} to catch up`,
  };
}
