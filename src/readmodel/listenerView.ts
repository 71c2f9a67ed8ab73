import type { KafkaClusterSpec, KafkaClusterStatus } from '../k8s/crd/kafkaCluster.js';
import { accessMethodOf } from '../domain/externalAccess.js';

/** How clients reach a listener: inside Kubernetes, or from outside through a NodePort or LoadBalancer Service. */
export type ListenerAccess = 'INTERNAL' | 'NODE_PORT' | 'LOAD_BALANCER' | 'CLUSTER_IP';

export interface ListenerAddressView {
  brokerId: number;
  /** host:port. */
  address: string;
}

/** One listener and the addresses clients connect to on it: what a portal shows as "how to connect". */
export interface ListenerView {
  name: string;
  external: boolean;
  /** Null for a listener the status names and the spec no longer does. */
  access: ListenerAccess | null;
  /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, as the spec's type says; null when the spec does not name it. */
  securityProtocol: string | null;
  /** The address to bootstrap from (`any-broker`); null where there is none (a NodePort listener) or not yet. */
  bootstrapAddress: string | null;
  brokerAddresses: ListenerAddressView[];
}

/** One of a broker's addresses. */
export interface BrokerListenerAddressView {
  listener: string;
  external: boolean;
  address: string;
}

type Statuses = NonNullable<KafkaClusterStatus['listenerStatuses']>;

/**
 * The listeners of a cluster with their addresses, as status.listenerStatuses holds them (written
 * by the operator, or by Koperator for a cluster it manages), described by the spec where it
 * names them. Internal listeners first, each group in the order the spec lists them.
 */
export function listenerViews(spec: KafkaClusterSpec | undefined, statuses: Statuses | undefined): ListenerView[] {
  const views: ListenerView[] = [];
  for (const external of [false, true]) {
    const byName = (external ? statuses?.externalListeners : statuses?.internalListeners) ?? {};
    const inSpec = external ? (spec?.listenersConfig.externalListeners ?? []) : (spec?.listenersConfig.internalListeners ?? []);
    const names = [...new Set([...inSpec.map((l) => l.name).filter((name) => name in byName), ...Object.keys(byName).sort()])];
    for (const name of names) {
      const listener = inSpec.find((l) => l.name === name);
      const entries = byName[name] ?? [];
      views.push({
        name,
        external,
        access: listener === undefined ? null : !external ? 'INTERNAL' : ACCESS[accessMethodOf(listener as Parameters<typeof accessMethodOf>[0])],
        securityProtocol: listener?.type.toUpperCase() ?? null,
        bootstrapAddress: entries.find((e) => e.name === 'any-broker')?.address ?? null,
        brokerAddresses: entries.flatMap((e) => {
          const id = /^broker-(\d+)$/.exec(e.name)?.[1];
          return id === undefined ? [] : [{ brokerId: Number(id), address: e.address }];
        }),
      });
    }
  }
  return views;
}

const ACCESS = { NodePort: 'NODE_PORT', LoadBalancer: 'LOAD_BALANCER', ClusterIP: 'CLUSTER_IP' } as const;

/** A broker's address on each listener that has one. */
export function brokerListenerAddresses(listeners: readonly ListenerView[], brokerId: number): BrokerListenerAddressView[] {
  return listeners.flatMap((l) => {
    const found = l.brokerAddresses.find((a) => a.brokerId === brokerId);
    return found === undefined ? [] : [{ listener: l.name, external: l.external, address: found.address }];
  });
}
