/**
 * kube-scheduler's InterPodAffinity filter for required terms
 * (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go, Filter): the incoming Pod's
 * podAffinity, then its podAntiAffinity, then the anti-affinity of the Pods already placed, each
 * term counted per topology domain (nodes sharing the value of its topologyKey). Preferred terms
 * only score nodes and are left out; so are namespaceSelector and matchLabelKeys.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  topologyKey: string;
}
interface RequiredTerms {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
}
export interface PodAffinitySpec {
  podAffinity?: RequiredTerms;
  podAntiAffinity?: RequiredTerms;
}

/** A Pod as the filter sees it: where it is, its labels, and its own terms. */
export interface AffinityPod {
  namespace: string;
  labels: Record<string, string>;
  affinity?: PodAffinitySpec;
  /** Labels of the node it runs on (placed Pods only). */
  nodeLabels?: Record<string, string>;
}

export const AFFINITY_RULES = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_RULES = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** metav1.LabelSelectorAsSelector: an empty selector matches everything, a missing one nothing. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  if (Object.entries(selector.matchLabels ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    if (e.operator === 'In') return value !== undefined && (e.values ?? []).includes(value);
    if (e.operator === 'NotIn') return value === undefined || !(e.values ?? []).includes(value);
    if (e.operator === 'Exists') return value !== undefined;
    if (e.operator === 'DoesNotExist') return value === undefined;
    return false;
  });
}

/** Whether a term of `owner` selects `pod` (the term's namespaces, else the owner's own). */
function termMatches(term: PodAffinityTerm, owner: { namespace: string }, pod: { namespace: string; labels: Record<string, string> }): boolean {
  const namespaces = term.namespaces && term.namespaces.length > 0 ? term.namespaces : [owner.namespace];
  return namespaces.includes(pod.namespace) && selects(term.labelSelector, pod.labels);
}

/** Both nodes carry the term's topology key with the same value. */
const sameDomain = (key: string, a: Record<string, string>, b: Record<string, string> | undefined): boolean => a[key] !== undefined && b?.[key] === a[key];

/** The first reason the node fails the filter for `pod`, or undefined when it passes. */
export function interPodAffinityRejection(pod: AffinityPod, nodeLabels: Record<string, string>, placed: AffinityPod[]): string | undefined {
  const affinity = pod.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const affinityFits = affinity.every((term) =>
    placed.some((other) => termMatches(term, pod, other) && sameDomain(term.topologyKey, nodeLabels, other.nodeLabels)),
  );
  if (!affinityFits) {
    // The first Pod of a group may go anywhere its own terms select it (satisfyPodAffinity's special case), if the node has the keys.
    const first =
      affinity.every((term) => termMatches(term, pod, pod) && !placed.some((other) => termMatches(term, pod, other))) &&
      affinity.every((term) => nodeLabels[term.topologyKey] !== undefined);
    if (!first) return AFFINITY_RULES;
  }
  const anti = pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (anti.some((term) => placed.some((other) => termMatches(term, pod, other) && sameDomain(term.topologyKey, nodeLabels, other.nodeLabels))))
    return ANTI_AFFINITY_RULES;
  const existing = placed.some((other) =>
    (other.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(
      (term) => termMatches(term, other, pod) && sameDomain(term.topologyKey, nodeLabels, other.nodeLabels),
    ),
  );
  return existing ? EXISTING_ANTI_AFFINITY : undefined;
}
