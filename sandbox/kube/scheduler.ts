import { AFFINITY_RULES, interPodAffinityRejection, type AffinityPod, type PodAffinitySpec } from './podAffinity.js';
import { SPREAD_MISSING_LABEL, topologySpreadRejection, type TopologySpreadConstraint } from './topologySpread.js';
import { canonicalBytes } from './validation.js';
import type { StoredObject } from './store.js';

/**
 * The filters of kube-scheduler's default profile that the sandbox's Pods meet, in the
 * profile's order (each node fails on the first filter it does not pass): NodeUnschedulable,
 * TaintToleration, NodeAffinity (nodeSelector and required node affinity), NodeResourcesFit
 * (cpu, memory, pod count against allocatable), PodTopologySpread (DoNotSchedule constraints,
 * topologySpread.ts), InterPodAffinity (required terms, podAffinity.ts). A Pod no node fits gets the scheduler's
 * message (framework FitError.Error, with DefaultPreemption's post-filter line).
 */
interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}
interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
interface Container {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}
export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: Array<{ matchExpressions?: NodeSelectorRequirement[] }> } };
  } & PodAffinitySpec;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  topologySpreadConstraints?: TopologySpreadConstraint[];
}

const UNSCHEDULABLE = 'node(s) were unschedulable';
const UNTOLERATED = 'node(s) had untolerated taint(s)';
const AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** Reasons preemption cannot fix (the filters answering UnschedulableAndUnresolvable). */
const UNRESOLVABLE = new Set([UNSCHEDULABLE, UNTOLERATED, AFFINITY, AFFINITY_RULES, SPREAD_MISSING_LABEL]);

/** v1helper.TolerationsTolerateTaint. */
function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if ((toleration.key ?? '') !== '' && toleration.key !== taint.key) return false;
  // An empty key with Exists tolerates every taint.
  if (toleration.operator === 'Exists') return true;
  if (toleration.operator === undefined || toleration.operator === '' || toleration.operator === 'Equal')
    return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

function matchesSelector(spec: PodSpec, labels: Record<string, string>): boolean {
  if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e) => {
      const value = labels[e.key];
      if (e.operator === 'In') return value !== undefined && (e.values ?? []).includes(value);
      if (e.operator === 'NotIn') return value === undefined || !(e.values ?? []).includes(value);
      if (e.operator === 'Exists') return value !== undefined;
      if (e.operator === 'DoesNotExist') return value === undefined;
      if (e.operator === 'Gt' || e.operator === 'Lt') {
        const [bound] = (e.values ?? []).map(Number);
        return value !== undefined && bound !== undefined && (e.operator === 'Gt' ? Number(value) > bound : Number(value) < bound);
      }
      return false;
    }),
  );
}

/** A cpu quantity in millicores. */
export function milliCpu(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const text = String(quantity);
  if (text.endsWith('m')) return Number(text.slice(0, -1));
  return Math.round(canonicalBytes(text) * 1000);
}

const amount = (resource: string, quantity: string | number | undefined): number =>
  resource === 'cpu' ? milliCpu(quantity) : quantity === undefined ? 0 : canonicalBytes(String(quantity));

/**
 * The request of a Pod: containers summed, init containers at their largest, plus overhead
 * (resource helpers PodRequests); a limit stands for a missing request (defaulting).
 */
export function podRequest(spec: PodSpec, resource: 'cpu' | 'memory'): number {
  const of = (c: Container): number => amount(resource, c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]);
  const containers = (spec.containers ?? []).reduce((sum, c) => sum + of(c), 0);
  const init = Math.max(0, ...(spec.initContainers ?? []).map(of));
  return Math.max(containers, init) + amount(resource, spec.overhead?.[resource]);
}

/** Why a node does not fit the Pod (several reasons only from NodeResourcesFit), or [] when it fits. */
export function nodeRejections(spec: PodSpec, node: StoredObject, podsOnNode: PodSpec[]): string[] {
  const nodeSpec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
  if (nodeSpec.unschedulable === true && !(spec.tolerations ?? []).some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })))
    return [UNSCHEDULABLE];
  // Only NoSchedule and NoExecute taints keep a Pod off a node.
  const untolerated = (nodeSpec.taints ?? []).filter(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !(spec.tolerations ?? []).some((t) => tolerates(t, taint)),
  );
  if (untolerated.length > 0) return [UNTOLERATED];
  if (!matchesSelector(spec, node.metadata.labels ?? {})) return [AFFINITY];
  const allocatable = (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {};
  const reasons: string[] = [];
  if (podsOnNode.length + 1 > Number(allocatable.pods ?? 110)) reasons.push('Too many pods');
  for (const resource of ['cpu', 'memory'] as const) {
    const wanted = podRequest(spec, resource);
    if (wanted === 0) continue;
    const used = podsOnNode.reduce((sum, p) => sum + podRequest(p, resource), 0);
    if (used + wanted > amount(resource, allocatable[resource])) reasons.push(`Insufficient ${resource}`);
  }
  return reasons;
}

/** A Pod to schedule, or one already placed, as the filters see it. */
export interface SchedulingPod {
  namespace: string;
  labels: Record<string, string>;
  spec: PodSpec;
}

/**
 * Why each node does not fit `pod`, the filters in the profile's order; `placed` are the Pods on
 * the nodes (by node name). A node stops at the first filter it fails.
 */
export function filterNodes(pod: SchedulingPod, nodes: StoredObject[], placed: SchedulingPod[]): string[][] {
  const labelsOf = new Map(nodes.map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  const affinityPods: AffinityPod[] = placed.map((p) => ({
    namespace: p.namespace,
    labels: p.labels,
    ...(p.spec.affinity ? { affinity: p.spec.affinity } : {}),
    ...(p.spec.nodeName !== undefined ? { nodeLabels: labelsOf.get(p.spec.nodeName) ?? {} } : {}),
  }));
  const self: AffinityPod = { namespace: pod.namespace, labels: pod.labels, ...(pod.spec.affinity ? { affinity: pod.spec.affinity } : {}) };
  // The nodes whose domains count for topology spread: those the Pod's node affinity allows (nodeAffinityPolicy Honor).
  const eligible = nodes.map((n) => n.metadata.labels ?? {}).filter((labels) => matchesSelector(pod.spec, labels));
  return nodes.map((node) => {
    const reasons = nodeRejections(
      pod.spec,
      node,
      placed.filter((p) => p.spec.nodeName === node.metadata.name).map((p) => p.spec),
    );
    if (reasons.length > 0) return reasons;
    const constraints = pod.spec.topologySpreadConstraints ?? [];
    if (constraints.length > 0) {
      const spread = topologySpreadRejection({ namespace: pod.namespace, labels: pod.labels, constraints }, node.metadata.labels ?? {}, eligible, affinityPods);
      if (spread !== undefined) return [spread];
    }
    const affinity = interPodAffinityRejection(self, node.metadata.labels ?? {}, affinityPods);
    return affinity !== undefined ? [affinity] : [];
  });
}

/** `0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't match …. preemption: 0/3 nodes are available: …` */
export function unschedulableMessage(rejections: string[][]): string {
  const histogram = (reasons: string[]): string =>
    [...reasons.reduce((counts, reason) => counts.set(reason, (counts.get(reason) ?? 0) + 1), new Map<string, number>())]
      .map(([reason, count]) => `${count} ${reason}`)
      .sort()
      .join(', ');
  const total = rejections.length;
  // DefaultPreemption: nothing to gain where a filter is unresolvable; elsewhere no lower-priority Pod to evict.
  const preemption = rejections.map((reasons) =>
    reasons.some((r) => UNRESOLVABLE.has(r)) ? 'Preemption is not helpful for scheduling' : 'No preemption victims found for incoming pod',
  );
  return `0/${total} nodes are available: ${histogram(rejections.flat())}. preemption: 0/${total} nodes are available: ${histogram(preemption)}.`;
}
