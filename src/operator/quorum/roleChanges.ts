import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { LABEL_PROCESS_ROLES } from '../../domain/labels.js';
import { rolesOf } from '../../domain/serverProperties.js';
import type { BlockedStep } from '../reconcile/actions.js';
import type { ObservedBroker, ObservedCluster } from '../../domain/observedCluster.js';

/** The roles a node runs with, from its Pod (else its disks, its ConfigMap): the processRoles label, "broker_controller". */
export function observedRoles(seen: ObservedBroker): string[] | undefined {
  const label = [seen.pod, ...seen.terminatingPods, ...seen.pvcs.values(), seen.configMap]
    .map((o) => o?.metadata?.labels?.[LABEL_PROCESS_ROLES])
    .find((l) => l !== undefined);
  return label === undefined ? undefined : label.split('_').sort();
}

/**
 * Nodes whose roles the spec changed. Kafka cannot change a node's process.roles in place: a
 * broker's metadata log does not make it a voter, and a controller's log dirs hold no partition
 * a broker could serve. So such a node is left exactly as it runs, and the change refused; the
 * way there is a new node with the new roles and the removal of the old one.
 */
export function roleChanges(spec: KafkaClusterSpec, observed: ObservedCluster): BlockedStep[] {
  return spec.brokers.flatMap((broker) => {
    const seen = observed.brokers.get(broker.id);
    const running = seen === undefined ? undefined : observedRoles(seen);
    const wanted = rolesOf(spec, broker);
    if (running === undefined || running.join(',') === wanted.join(',')) return [];
    return [
      {
        brokerId: broker.id,
        reason: 'ProcessRolesChangeRefused',
        message: `cannot change the roles of node ${broker.id} from ${running.join(', ')} to ${wanted.join(', ')}: Kafka cannot change a node's process.roles in place; add a new node with the new roles, then remove node ${broker.id}. Node ${broker.id} stays as it runs`,
      },
    ];
  });
}
