import type { KafkaAdminClient } from '../../kafka/index.js';
import { KafkaAdminError } from '../../kafka/index.js';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import type { ClusterRef } from '../broker/labels.js';
import { brokerHost, controllerListener, rolesOf } from '../broker/serverProperties.js';
import { isPodReady, type ObservedCluster } from '../reconcile/observed.js';
import { observedRoles } from './roleChanges.js';
import { planVoterChanges, type DesiredController, type VoterPlan } from './voterChanges.js';

export interface VoterReconcileInput {
  readonly cluster: ClusterRef;
  readonly spec: KafkaClusterSpec;
  readonly observed: ObservedCluster;
  readonly now: number;
  readonly signal: AbortSignal;
  /** The cluster's Kafka Admin API; undefined when none is configured (nothing is changed then). */
  readonly admin: KafkaAdminClient | undefined;
  /** Records an Event on the KafkaCluster. */
  readonly record: (reason: string, message: string, brokerIds: number[]) => Promise<void>;
}

/** The controllers of the spec, each with the controller listener its Pod advertises. */
export function desiredControllers(cluster: ClusterRef, spec: KafkaClusterSpec): DesiredController[] {
  const listener = controllerListener(spec);
  if (listener === undefined) return [];
  return spec.brokers
    .filter((b) => rolesOf(spec, b).includes('controller'))
    .map((b) => ({ id: b.id, listeners: [{ name: listener.name.toUpperCase(), host: brokerHost(cluster.name, cluster.namespace, spec, b.id), port: listener.containerPort }] }));
}

/** Nodes out of the spec, still in Kubernetes, that run as controllers. */
export function leavingControllers(spec: KafkaClusterSpec, observed: ObservedCluster): number[] {
  const inSpec = new Set(spec.brokers.map((b) => b.id));
  return [...observed.brokers.values()].filter((b) => !inSpec.has(b.id) && observedRoles(b)?.includes('controller') === true).map((b) => b.id).sort((a, b) => a - b);
}

/**
 * Asks Kafka for the quorum, plans the next voter change (voterChanges.ts) and makes it. The
 * plan says which leaving controllers Kafka may still count as voters: the caller keeps their
 * objects. A change Kafka refuses for now (REQUEST_TIMED_OUT: another change is not committed,
 * or the new voter lags) is tried again on a later pass; any other refusal blocks, with Kafka's message.
 */
export async function reconcileVoters(input: VoterReconcileInput): Promise<VoterPlan> {
  const desired = desiredControllers(input.cluster, input.spec);
  const leaving = leavingControllers(input.spec, input.observed);
  const serving = [...input.observed.brokers.values()].some((b) => isPodReady(b.pod));
  const running = [...input.observed.brokers.values()].filter((b) => b.pod !== undefined && observedRoles(b)?.includes('controller') === true).length;
  if (input.admin === undefined || !serving) return planVoterChanges({ desired, leaving, running, quorum: undefined, now: input.now });
  const quorum = await input.admin.describeQuorum(input.signal).catch(() => undefined);
  const plan = planVoterChanges({ desired, leaving, running, quorum, now: input.now });
  const action = plan.action;
  if (action === undefined || input.signal.aborted) return plan;
  const id = action.voter.id;
  try {
    if (action.type === 'addRaftVoter') {
      const result = await input.admin.addRaftVoter(action.voter, action.listeners, input.signal);
      await input.record(action.reason, `controller ${id} ${result === 'added' ? 'is now' : 'was already'} a voter of the KRaft quorum (AddRaftVoter, directory ${action.voter.directoryId})`, [id]);
    } else {
      const result = await input.admin.removeRaftVoter(action.voter, input.signal);
      await input.record(action.reason, `controller ${id} ${result === 'removed' ? 'is no longer' : 'was already not'} a voter of the KRaft quorum (RemoveRaftVoter, directory ${action.voter.directoryId})`, [id]);
    }
    plan.waiting.push(`controller ${id}: voter change made; looking at the quorum again`);
  } catch (err) {
    const kafka = err instanceof KafkaAdminError ? err.kafkaError : undefined;
    const message = (err as Error).message;
    if (kafka === undefined || kafka.name === 'REQUEST_TIMED_OUT') plan.waiting.push(`controller ${id}: ${action.type} not done yet, tried again later (${message})`);
    else plan.blocked.push({ brokerId: id, reason: 'VoterChangeRefused', message: `controller ${id}: Kafka refused ${action.type === 'addRaftVoter' ? 'AddRaftVoter' : 'RemoveRaftVoter'}: ${message}` });
  }
  return plan;
}
