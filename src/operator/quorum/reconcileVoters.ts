import type { QuorumDescription } from '../../kafka/index.js';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import type { ClusterRef } from '../../domain/labels.js';
import { brokerHost, controllerListener, rolesOf } from '../../domain/serverProperties.js';
import type { Action } from '../reconcile/actions.js';
import { isPodReady, type ObservedCluster } from '../../domain/observedCluster.js';
import { observedRoles } from './roleChanges.js';
import { planVoterChanges, type DesiredController, type VoterAction, type VoterPlan } from './voterChanges.js';

export interface VoterReconcileInput {
  readonly cluster: ClusterRef;
  readonly spec: KafkaClusterSpec;
  readonly observed: ObservedCluster;
  /** What Kafka answered to DescribeQuorum this pass; undefined when it was not asked or could not answer. */
  readonly quorum: QuorumDescription | undefined;
  readonly now: number;
}

/**
 * The controllers of the spec, each with the controller listener its Pod advertises. A node runs
 * with the roles it was made with: one whose roles the spec changed is held as it runs
 * (roleChanges.ts), so its running roles count, not the spec's.
 */
export function desiredControllers(cluster: ClusterRef, spec: KafkaClusterSpec, observed: ObservedCluster): DesiredController[] {
  const listener = controllerListener(spec);
  if (listener === undefined) return [];
  const rolesNow = (b: KafkaClusterSpec['brokers'][number]): string[] => {
    const seen = observed.brokers.get(b.id);
    return (seen !== undefined ? observedRoles(seen) : undefined) ?? rolesOf(spec, b);
  };
  return spec.brokers
    .filter((b) => rolesNow(b).includes('controller'))
    .map((b) => ({
      id: b.id,
      listeners: [{ name: listener.name.toUpperCase(), host: brokerHost(cluster.name, cluster.namespace, spec, b.id), port: listener.containerPort }],
    }));
}

/** Nodes out of the spec, still in Kubernetes, that run as controllers. */
export function leavingControllers(spec: KafkaClusterSpec, observed: ObservedCluster): number[] {
  const inSpec = new Set(spec.brokers.map((b) => b.id));
  return [...observed.brokers.values()]
    .filter((b) => !inSpec.has(b.id) && observedRoles(b)?.includes('controller') === true)
    .map((b) => b.id)
    .sort((a, b) => a - b);
}

/**
 * The KRaft voters' plan of a pass (voterChanges.ts), from the spec, what Kubernetes runs and the
 * quorum Kafka reported. Pure. The plan says which leaving controllers Kafka may still count as
 * voters: their objects stay. A quorum is taken only while some node serves.
 */
export function planVoters(input: VoterReconcileInput): VoterPlan {
  const desired = desiredControllers(input.cluster, input.spec, input.observed);
  const leaving = leavingControllers(input.spec, input.observed);
  const brokers = [...input.observed.brokers.values()];
  const serving = brokers.some((b) => isPodReady(b.pod));
  const running = brokers.filter((b) => b.pod !== undefined && observedRoles(b)?.includes('controller') === true).length;
  return planVoterChanges({ desired, leaving, running, quorum: serving ? input.quorum : undefined, now: input.now });
}

/** The write the voters' plan asks for: at most one AddRaftVoter or RemoveRaftVoter, carried out by the executor. */
export function voterActions(action: VoterAction | undefined): Action[] {
  if (action === undefined) return [];
  const brokerId = action.voter.id;
  if (action.type === 'addRaftVoter') return [{ type: 'addRaftVoter', brokerId, voter: action.voter, listeners: action.listeners, reason: action.reason }];
  return [{ type: 'removeRaftVoter', brokerId, voter: action.voter, reason: action.reason }];
}
