import { dynamicUpdateMode } from '../../kafka/index.js';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { configInputProblems, editProperties, hasProperty, managedKeys, shownEntry, type ConfigChangeInput } from './configInput.js';
import type { ClusterEdit, EditContext, EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';

/**
 * Sets and unsets cluster-wide config entries. A key Kafka takes as a cluster-wide dynamic
 * default goes to `clusterWideConfig`, which the operator applies to Kafka's cluster-default
 * dynamic config without a restart; any other key goes to `readOnlyConfig`, rendered into every
 * broker's server.properties (a rolling restart), except the per-broker dynamic ones, which the
 * renderer applies to each broker live. A key lives in one of the two, so a readOnlyConfig value
 * (applied per broker, which wins over the cluster default) cannot shadow a clusterWideConfig one.
 */
export function setClusterConfig(input: ConfigChangeInput): ClusterEdit {
  return { name: 'setClusterConfig', plan: (context) => plan(input, context) };
}

function plan(input: ConfigChangeInput, { spec }: EditContext): EditPlan {
  const errors: EditError[] = configInputProblems(input, managedKeys(spec.rackAwareness !== undefined));
  input.unset.forEach((name, i) => {
    if (errors.some((e) => e.field.join('.') === `unset.${i}`)) return;
    if (!hasProperty(spec.readOnlyConfig, name) && !hasProperty(spec.clusterWideConfig, name)) {
      errors.push(editError(['unset', String(i)], 'NOT_FOUND', `the cluster sets no ${name} in readOnlyConfig or clusterWideConfig`));
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  const wide = new Map(input.set.filter((e) => dynamicUpdateMode(e.name) === 'cluster-wide').map((e) => [e.name, e.value]));
  const readOnly = new Map(input.set.filter((e) => !wide.has(e.name)).map((e) => [e.name, e.value]));
  const unset = new Set(input.unset);
  const clusterWideConfig = editProperties(spec.clusterWideConfig, wide, new Set([...readOnly.keys(), ...unset]));
  const readOnlyConfig = editProperties(spec.readOnlyConfig, readOnly, new Set([...wide.keys(), ...unset]));
  const { clusterWideConfig: _wide, readOnlyConfig: _readOnly, ...rest } = spec;
  const next: KafkaClusterSpec = {
    ...rest,
    ...(readOnlyConfig !== undefined ? { readOnlyConfig } : {}),
    ...(clusterWideConfig !== undefined ? { clusterWideConfig } : {}),
  };
  const problems = resultProblems(spec, next, []);
  if (problems.length > 0) return { ok: false, errors: problems };
  return {
    ok: true,
    spec: next,
    changes: [
      ...[...wide].map(([name, value]) => `set ${shownEntry(name, value)} in clusterWideConfig (applied without a restart)`),
      ...[...readOnly].map(([name, value]) => `set ${shownEntry(name, value)} in readOnlyConfig`),
      ...[...unset].map((name) => `unset ${name} for the cluster`),
    ],
  };
}
