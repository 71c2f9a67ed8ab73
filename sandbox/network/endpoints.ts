import type { ObjectStore, StoredObject } from '../kube/store.js';

export interface ServicePortSpec {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  externalTrafficPolicy?: string;
  selector?: Record<string, string>;
  publishNotReadyAddresses?: boolean;
  ports?: ServicePortSpec[];
}

interface PodShape {
  spec?: { nodeName?: string; hostname?: string; subdomain?: string; containers?: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> };
  status?: { phase?: string; podIP?: string; conditions?: Array<{ type: string; status: string }> };
}

export const serviceSpec = (service: StoredObject): ServiceSpec => (service.spec as ServiceSpec | undefined) ?? {};
export const podOf = (pod: StoredObject): PodShape => pod as unknown as PodShape;

export function isHeadless(service: StoredObject): boolean {
  return serviceSpec(service).clusterIP === 'None';
}

/** A Pod counts as ready as the EndpointSlice controller counts it: Ready condition True, and not terminating. */
export function isReady(pod: StoredObject): boolean {
  const status = podOf(pod).status;
  return (
    pod.metadata.deletionTimestamp === undefined &&
    status?.phase === 'Running' &&
    status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true
  );
}

/** The Pods a Service selects (pkg/controller/endpointslice: a Service without a selector gets no managed endpoints). */
export function selectedPods(store: ObjectStore, service: StoredObject): StoredObject[] {
  const selector = serviceSpec(service).selector ?? {};
  if (Object.keys(selector).length === 0) return [];
  return store
    .list('/pods', service.metadata.namespace)
    .filter((pod) => podOf(pod).status?.podIP !== undefined && Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v));
}

export type PodSelector = (service: StoredObject) => StoredObject[];

/**
 * `selectedPods` for many Services at once, over the store as it is now: each namespace's Pods
 * with an address are indexed once by label, and a selector reads the Pods of its rarest label
 * instead of every Pod of the namespace. kube-proxy asks for every Service at each change; a
 * fleet of a hundred clusters has thousands of Services and Pods in one namespace.
 */
export function podSelector(store: ObjectStore): PodSelector {
  const indexes = new Map<string, Map<string, StoredObject[]>>();
  const indexOf = (namespace: string | undefined): Map<string, StoredObject[]> => {
    let index = indexes.get(namespace ?? '');
    if (index === undefined) {
      index = new Map();
      for (const pod of store.values('/pods', namespace)) {
        if (podOf(pod).status?.podIP === undefined) continue;
        for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
          const key = `${k}=${v}`;
          const pods = index.get(key);
          if (pods === undefined) index.set(key, [pod]);
          else pods.push(pod);
        }
      }
      indexes.set(namespace ?? '', index);
    }
    return index;
  };
  return (service) => {
    const selector = Object.entries(serviceSpec(service).selector ?? {});
    if (selector.length === 0) return [];
    const index = indexOf(service.metadata.namespace);
    let rarest: StoredObject[] = [];
    for (const [i, [k, v]] of selector.entries()) {
      const pods = index.get(`${k}=${v}`) ?? [];
      if (i === 0 || pods.length < rarest.length) rarest = pods;
    }
    return rarest.filter((pod) => selector.every(([k, v]) => pod.metadata.labels?.[k] === v));
  };
}

/**
 * The Service's endpoints: its selected Pods that are ready, or all of them that have an address
 * when `publishNotReadyAddresses` says so (the EndpointSlice controller's rule, which both
 * kube-proxy and cluster DNS follow).
 */
export function endpointPods(store: ObjectStore, service: StoredObject, select: PodSelector = (s) => selectedPods(store, s)): StoredObject[] {
  const all = select(service);
  return serviceSpec(service).publishNotReadyAddresses === true ? all.filter((p) => p.metadata.deletionTimestamp === undefined) : all.filter(isReady);
}

/** The container port a Service's targetPort names: a number as is, a name looked up among the Pod's container ports. */
export function targetPortIn(pod: StoredObject, port: ServicePortSpec): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const container of podOf(pod).spec?.containers ?? []) {
    const found = (container.ports ?? []).find((p) => p.name === target);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** Every port a Pod's containers declare. */
export function declaredPorts(pod: StoredObject): number[] {
  return (podOf(pod).spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
}

/** A LoadBalancer Service's ingress addresses, as its load balancer reported them. */
export function ingressAddresses(service: StoredObject): string[] {
  const ingress = (service.status as { loadBalancer?: { ingress?: Array<{ ip?: string }> } } | undefined)?.loadBalancer?.ingress ?? [];
  return ingress.flatMap((i) => (i.ip !== undefined ? [i.ip] : []));
}

/** A Node's address of one type (InternalIP, ExternalIP, …), if it has one. */
export function nodeAddress(node: StoredObject, type: string): string | undefined {
  return (node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses?.find((a) => a.type === type)?.address;
}
