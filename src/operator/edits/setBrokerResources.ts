import type { INode } from 'kubernetes-models/v1/Node';
import { compareQuantities, effectiveBrokerConfig, formatQuantity, parseQuantity } from '../../k8s/crd/index.js';
import { exactQuantity } from './volumeInput.js';
import { findBroker, withBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';

/** The resources of the broker's `kafka` container; what is not given is kept as it is. */
export interface SetBrokerResourcesInput {
  brokerId: number;
  requests?: { cpu?: string | undefined; memory?: string | undefined } | undefined;
  limits?: { cpu?: string | undefined; memory?: string | undefined } | undefined;
}

const RESOURCES = ['cpu', 'memory'] as const;
type Resource = (typeof RESOURCES)[number];
type ResourceValues = Partial<Record<Resource, string>>;

/**
 * Gives one broker its own CPU and memory (vertical scaling of a hot broker): written to that
 * broker's brokerConfig.resourceRequirements, which Koperator merges over its group's per key,
 * so the group's other brokers keep theirs. The broker restarts to take it, in the rolling
 * restart's turn. Refused when the result asks for more than it limits, or for more than any
 * Node can allocate (the Pod would never be scheduled, and the broker would stay down).
 */
export function setBrokerResources(input: SetBrokerResourcesInput): ClusterEdit {
  return { name: 'setBrokerResources', plan: (context) => plan(input, context) };
}

function plan(input: SetBrokerResourcesInput, context: EditContext): EditPlan {
  const { spec } = context;
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) return { ok: false, errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers`)] };
  const given = { requests: defined(input.requests), limits: defined(input.limits) };
  if (Object.keys(given.requests).length + Object.keys(given.limits).length === 0) {
    return { ok: false, errors: [editError([], 'INVALID_INPUT', 'give at least one of requests.cpu, requests.memory, limits.cpu, limits.memory')] };
  }
  const errors: EditError[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const [resource, value] of Object.entries(given[kind])) {
      const problem = quantityProblem(value, resource);
      const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
      if (problem !== undefined) errors.push(editError([kind, resource], 'INVALID_INPUT', `${kind}.${resource} ${shown}: ${problem}`));
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const own = found.broker.brokerConfig ?? {};
  const ownResources = own.resourceRequirements ?? {};
  const resourceRequirements = {
    ...ownResources,
    requests: { ...ownResources.requests, ...given.requests },
    limits: { ...ownResources.limits, ...given.limits },
  };
  const next = withBroker(spec, found.index, { ...found.broker, brokerConfig: { ...own, resourceRequirements } });
  const before = effectiveBrokerConfig(spec, found.broker).resourceRequirements ?? {};
  const after = effectiveBrokerConfig(next, next.brokers[found.index] ?? found.broker).resourceRequirements ?? {};
  for (const resource of RESOURCES) {
    const request = after.requests?.[resource];
    const limit = after.limits?.[resource];
    // Kubernetes refuses a Pod whose request exceeds its limit (core/v1 validation).
    if (request !== undefined && limit !== undefined && compareQuantities(parseQuantity(request), parseQuantity(limit)) > 0) {
      const field = given.requests[resource] !== undefined ? ['requests', resource] : ['limits', resource];
      errors.push(editError(field, 'INVALID_INPUT', `the ${resource} request ${String(request)} would be above the ${resource} limit ${String(limit)}`));
    }
  }
  errors.push(...unschedulable(after.requests ?? {}, context.nodes ?? [], input.brokerId));
  if (errors.length > 0) return { ok: false, errors };
  const changes = describeChanges(before, after, input.brokerId);
  if (changes.length === 0) return { ok: false, errors: [editError([], 'INVALID_INPUT', `broker ${input.brokerId} has these resources already`)] };
  const problems = resultProblems(spec, next, []);
  if (problems.length > 0) return { ok: false, errors: problems };
  return { ok: true, spec: next, changes: [...changes, `restart broker ${input.brokerId} to apply them`] };
}

function defined(values: SetBrokerResourcesInput['requests']): ResourceValues {
  const result: ResourceValues = {};
  for (const resource of RESOURCES) {
    const value = values?.[resource];
    if (value !== undefined) result[resource] = value;
  }
  return result;
}

/**
 * The most a broker may ask of one resource: more than any node has, so that a typo such as
 * 1e999 is refused; the requests are further checked against the Nodes there are (unschedulable).
 */
const MOST: Readonly<Record<string, string>> = { cpu: '1024', memory: '16Ti' };
/** The least: Kubernetes' CPU unit is the millicore, and a container needs some memory to start. */
const LEAST: Readonly<Record<string, string>> = { cpu: '1m', memory: '1Mi' };

function quantityProblem(value: string, resource: string): string | undefined {
  const parsed = exactQuantity(value);
  if ('problem' in parsed) return parsed.problem;
  if (compareQuantities(parsed.quantity, parseQuantity(0)) <= 0) return 'must be greater than zero';
  const least = LEAST[resource];
  if (least !== undefined && compareQuantities(parsed.quantity, parseQuantity(least)) < 0) return `is less than the least there is to give (${least})`;
  const most = MOST[resource];
  if (most !== undefined && compareQuantities(parsed.quantity, parseQuantity(most)) > 0) return `is more than any node has (at most ${most})`;
  return undefined;
}

/** No Node can allocate the requests (a Node reporting no allocatable is not counted against it). */
function unschedulable(requests: Readonly<Record<string, string | number>>, nodes: readonly INode[], brokerId: number): EditError[] {
  if (nodes.length === 0) return [];
  const fits = (node: INode) =>
    RESOURCES.every((resource) => {
      const wanted = requests[resource];
      const allocatable = node.status?.allocatable?.[resource];
      return wanted === undefined || allocatable === undefined || compareQuantities(parseQuantity(wanted), parseQuantity(allocatable)) <= 0;
    });
  if (nodes.some(fits)) return [];
  const largest = nodes
    .map((n) => `${n.metadata?.name ?? ''} (cpu ${String(n.status?.allocatable?.cpu ?? '?')}, memory ${String(n.status?.allocatable?.memory ?? '?')})`)
    .join(', ');
  return [
    editError(
      'requests',
      'INSUFFICIENT_CAPACITY',
      `no Node can allocate what broker ${brokerId} would request (cpu ${String(requests.cpu ?? '-')}, memory ${String(requests.memory ?? '-')}); Nodes: ${largest}`,
    ),
  ];
}

type Quantities = Partial<Record<string, string | number>>;

function describeChanges(before: { requests?: Quantities | undefined; limits?: Quantities | undefined }, after: typeof before, brokerId: number): string[] {
  const changes: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of RESOURCES) {
      const was = before[kind]?.[resource];
      const now = after[kind]?.[resource];
      if (now !== undefined && (was === undefined || compareQuantities(parseQuantity(was), parseQuantity(now)) !== 0)) {
        const previously = was !== undefined ? ` (was ${formatQuantity(parseQuantity(was))})` : '';
        changes.push(
          `set ${resource} ${kind === 'requests' ? 'request' : 'limit'} of broker ${brokerId} to ${formatQuantity(parseQuantity(now))}${previously}`,
        );
      }
    }
  }
  return changes;
}
