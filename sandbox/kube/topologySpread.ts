import { selects, type LabelSelector } from './podAffinity.js';

/**
 * kube-scheduler's PodTopologySpread filter for `whenUnsatisfiable: DoNotSchedule`
 * (pkg/scheduler/framework/plugins/podtopologyspread/filtering.go, Filter) with the default
 * policies: the domains are the values of the topology key on the nodes the Pod's nodeSelector
 * and node affinity allow (nodeAffinityPolicy Honor; taints ignored); placing the Pod on a node
 * must not make its domain exceed the emptiest one by more than maxSkew. minDomains and
 * matchLabelKeys are left out.
 */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelector;
}

export const SPREAD_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
export const SPREAD_SKEW = "node(s) didn't match pod topology spread constraints";

interface SpreadPod {
  namespace: string;
  labels: Record<string, string>;
  nodeLabels?: Record<string, string>;
}

/**
 * The reason `node` fails the Pod's constraints, or undefined. `eligible` are the labels of the
 * nodes its node affinity allows; `placed` the Pods already on nodes.
 */
export function topologySpreadRejection(
  pod: { namespace: string; labels: Record<string, string>; constraints: TopologySpreadConstraint[] },
  nodeLabels: Record<string, string>,
  eligible: Array<Record<string, string>>,
  placed: SpreadPod[],
): string | undefined {
  const hard = pod.constraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (hard.some((c) => nodeLabels[c.topologyKey] === undefined)) return SPREAD_MISSING_LABEL;
  for (const c of hard) {
    // Every domain counts, empty ones included: they are where the minimum comes from.
    const counts = new Map<string, number>();
    for (const labels of eligible) {
      const domain = labels[c.topologyKey];
      if (domain !== undefined) counts.set(domain, 0);
    }
    for (const other of placed) {
      const domain = other.nodeLabels?.[c.topologyKey];
      if (domain === undefined || !counts.has(domain) || other.namespace !== pod.namespace || !selects(c.labelSelector, other.labels)) continue;
      counts.set(domain, (counts.get(domain) ?? 0) + 1);
    }
    const min = Math.min(...counts.values());
    const self = selects(c.labelSelector, pod.labels) ? 1 : 0;
    const here = counts.get(nodeLabels[c.topologyKey] ?? '') ?? 0;
    if (here + self - min > c.maxSkew) return SPREAD_SKEW;
  }
  return undefined;
}
