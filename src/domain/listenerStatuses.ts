import type { KafkaClusterSpec, KafkaClusterStatus } from '../k8s/crd/kafkaCluster.js';
import { anyBrokerEndpoint, externalEndpoint, formatEndpoint, type ExternalFacts } from './externalAccess.js';
import type { ClusterKey } from './labels.js';
import { brokerHost, rolesOf } from './serverProperties.js';

export type ListenerStatuses = NonNullable<KafkaClusterStatus['listenerStatuses']>;
type StatusList = Array<{ name: string; address: string }>;

/**
 * `status.listenerStatuses` as Koperator fills it (pkg/resources/kafka/kafka.go,
 * createInternalListenerStatuses and createExternalListenerStatuses): per listener, `any-broker`
 * (the address to bootstrap from) first, then `broker-<id>` for each node with the broker role.
 * Internal listeners other than the controllers' use the headless Service and each broker's DNS
 * name; external ones the addresses of externalAccess.ts, listed once known.
 */
export function listenerStatuses(cluster: ClusterKey, spec: KafkaClusterSpec, facts: ExternalFacts): ListenerStatuses {
  const brokers = [...spec.brokers].filter((b) => rolesOf(spec, b).includes('broker')).sort((a, b) => a.id - b.id);
  const domain = spec.kubernetesClusterDomain ?? 'cluster.local';
  const internalListeners: Record<string, StatusList> = {};
  for (const listener of spec.listenersConfig.internalListeners) {
    if (listener.usedForControllerCommunication === true) continue;
    internalListeners[listener.name] = [
      { name: 'any-broker', address: `${cluster.name}-headless.${cluster.namespace}.svc.${domain}:${listener.containerPort}` },
      ...brokers.map((b) => ({ name: `broker-${b.id}`, address: `${brokerHost(cluster.name, cluster.namespace, spec, b.id)}:${listener.containerPort}` })),
    ];
  }
  const externalListeners: Record<string, StatusList> = {};
  for (const listener of spec.listenersConfig.externalListeners ?? []) {
    const any = anyBrokerEndpoint(cluster, listener, facts.services);
    externalListeners[listener.name] = [
      ...(any !== undefined ? [{ name: 'any-broker', address: formatEndpoint(any) }] : []),
      ...brokers.flatMap((b) => {
        const endpoint = externalEndpoint(cluster, spec, b, listener, facts);
        return endpoint !== undefined ? [{ name: `broker-${b.id}`, address: formatEndpoint(endpoint) }] : [];
      }),
    ];
  }
  return {
    ...(Object.keys(internalListeners).length > 0 ? { internalListeners } : {}),
    ...(Object.keys(externalListeners).length > 0 ? { externalListeners } : {}),
  };
}
