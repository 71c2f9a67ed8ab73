import { fieldForbidden, fieldInvalid, fieldRequired, type StatusCause } from '../errors.js';
import type { StoredObject } from '../store.js';
import type { KindStrategy } from './strategy.js';
import { defaultPodSpec, templateProblems, type TemplateSpec } from './podTemplate.js';

/**
 * Deployments and ReplicaSets: the defaults of kubernetes pkg/apis/apps/v1/defaults.go and
 * the checks of pkg/apis/apps/validation/validation.go (ValidateDeployment,
 * ValidateReplicaSet and their updates) that kubectl users meet.
 */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}
export interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: TemplateSpec };
  strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  minReadySeconds?: number;
  paused?: boolean;
}

const specOf = (object: StoredObject): WorkloadSpec => object.spec ?? (object.spec = {});

/** Go's %#v of a map[string]string (keys sorted). */
const goMap = (labels: Record<string, string> | undefined): string =>
  `map[string]string{${Object.keys(labels ?? {})
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels?.[k] ?? '')}`)
    .join(', ')}}`;

const goSelector = (s: LabelSelector | undefined): string =>
  `v1.LabelSelector{MatchLabels:${s?.matchLabels ? goMap(s.matchLabels) : 'map[string]string(nil)'}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;

/** Whether the selector's matchLabels all appear on the labels (matchExpressions are not evaluated here). */
export const selectorMatches = (selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

function workloadProblems(object: StoredObject, previous: StoredObject | undefined, deployment: boolean): StatusCause[] {
  const spec = specOf(object);
  const causes: StatusCause[] = [];
  if ((spec.replicas ?? 0) < 0) causes.push(fieldInvalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  const selector = spec.selector;
  if (selector === undefined) causes.push(fieldRequired('spec.selector'));
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    const detail = `empty selector is invalid for ${deployment ? 'deployment' : 'replicaset'}`;
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goSelector(selector)}: ${detail}` });
  } else if (!selectorMatches(selector, spec.template?.metadata?.labels)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${goMap(spec.template?.metadata?.labels)}: \`selector\` does not match template \`labels\``,
    });
  }
  causes.push(...templateProblems(spec.template?.spec, 'spec.template.spec', ['Always']));
  if (deployment) {
    const strategy = spec.strategy;
    if (strategy?.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
      causes.push(fieldForbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
    const ru = strategy?.rollingUpdate;
    if (ru && isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.strategy.rollingUpdate.maxUnavailable',
        message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0',
      });
    }
  }
  const before = previous ? specOf(previous).selector : undefined;
  if (previous && JSON.stringify(before ?? null) !== JSON.stringify(selector ?? null)) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: `Invalid value: ${goSelector(selector)}: field is immutable` });
  }
  return causes;
}

const isZero = (v: number | string | undefined): boolean => v === 0 || v === '0%' || v === '0';

function deploymentDefaults(object: StoredObject): void {
  const spec = specOf(object);
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

function replicaSetDefaults(object: StoredObject): void {
  const spec = specOf(object);
  spec.replicas ??= 1;
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

export const DEPLOYMENT: KindStrategy = { defaults: deploymentDefaults, validate: (o, p) => workloadProblems(o, p, true) };
export const REPLICA_SET: KindStrategy = { defaults: replicaSetDefaults, validate: (o, p) => workloadProblems(o, p, false) };
