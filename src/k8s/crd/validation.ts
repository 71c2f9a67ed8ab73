/**
 * Rules on a KafkaCluster spec that its schema cannot express. Each problem names the field
 * (a Kubernetes field path such as `spec.brokers[1].id`), a stable code, and a message a user
 * can act on. Pure functions: the reconciler, the GraphQL mutations and the tests share them.
 */
import { brokerStorageConfigs, effectiveBrokerConfig } from './brokerConfig.js';
import type { KafkaClusterSpec, StorageConfig } from './kafkaCluster.js';
import { compareQuantities, formatQuantity, parseQuantity, QuantityError, type Quantity } from './quantity.js';

export type SpecProblemCode =
  | 'InvalidValue'
  | 'RefusedField'
  | 'DuplicateBrokerId'
  | 'UndefinedBrokerConfigGroup'
  | 'InvalidMountPath'
  | 'DuplicateMountPath'
  | 'NoStorageSource'
  | 'MissingStorageRequest'
  | 'InvalidQuantity'
  | 'VolumeShrink'
  | 'MissingProcessRoles'
  | 'NoController'
  | 'NoBrokerRole'
  | 'NoControllerListener'
  | 'InterBrokerListener'
  | 'DuplicateListener';

export interface SpecProblem {
  /** The field, as a Kubernetes field path: `spec.brokers[0].brokerConfig.storageConfigs[1].mountPath`. */
  path: string;
  code: SpecProblemCode;
  message: string;
}

/** Every rule on one spec; an empty list means the spec is valid. */
export function validateKafkaClusterSpec(spec: KafkaClusterSpec): SpecProblem[] {
  return unique([...brokerIds(spec), ...brokerConfigGroups(spec), ...storage(spec), ...resourceQuantities(spec), ...kraftRoles(spec), ...listeners(spec)]);
}

function brokerIds(spec: KafkaClusterSpec): SpecProblem[] {
  const firstIndex = new Map<number, number>();
  const problems: SpecProblem[] = [];
  spec.brokers.forEach((broker, i) => {
    const first = firstIndex.get(broker.id);
    if (first === undefined) firstIndex.set(broker.id, i);
    else {
      problems.push({
        path: `spec.brokers[${i}].id`,
        code: 'DuplicateBrokerId',
        message: `broker id ${broker.id} is already used by spec.brokers[${first}]; every broker needs its own id`,
      });
    }
  });
  return problems;
}

function brokerConfigGroups(spec: KafkaClusterSpec): SpecProblem[] {
  const defined = Object.keys(spec.brokerConfigGroups ?? {});
  return spec.brokers.flatMap((broker, i) => {
    const group = broker.brokerConfigGroup;
    if (group === undefined || group === '' || defined.includes(group)) return [];
    const known = defined.length > 0 ? `defined groups: ${defined.join(', ')}` : 'spec.brokerConfigGroups is empty';
    return [
      {
        path: `spec.brokers[${i}].brokerConfigGroup`,
        code: 'UndefinedBrokerConfigGroup' as const,
        message: `broker ${broker.id} uses brokerConfigGroup "${group}", which is not defined (${known})`,
      },
    ];
  });
}

/** Every storageConfigs list of the spec, with its field path. */
function storageLists(spec: KafkaClusterSpec): { path: string; configs: StorageConfig[] }[] {
  return [
    ...Object.entries(spec.brokerConfigGroups ?? {}).map(([name, group]) => ({
      path: `spec.brokerConfigGroups[${name}].storageConfigs`,
      configs: group.storageConfigs ?? [],
    })),
    ...spec.brokers.map((broker, i) => ({
      path: `spec.brokers[${i}].brokerConfig.storageConfigs`,
      configs: broker.brokerConfig?.storageConfigs ?? [],
    })),
  ];
}

function storage(spec: KafkaClusterSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const { path, configs } of storageLists(spec)) {
    const seen = new Set<string>();
    configs.forEach((config, j) => {
      const at = `${path}[${j}]`;
      const mountPath = config.mountPath;
      if (!mountPath.startsWith('/') || mountPath.split('/').includes('..') || normalize(mountPath) === '/') {
        problems.push({
          path: `${at}.mountPath`,
          code: 'InvalidMountPath',
          message: `mountPath "${mountPath}" must be an absolute path below / without ".." (for example /kafka-logs)`,
        });
      }
      if (seen.has(normalize(mountPath))) {
        problems.push({
          path: `${at}.mountPath`,
          code: 'DuplicateMountPath',
          message: `mountPath "${mountPath}" appears twice in this list; each storage config needs its own mountPath`,
        });
      }
      seen.add(normalize(mountPath));
      if (config.pvcSpec === undefined && config.emptyDir === undefined) {
        problems.push({ path: at, code: 'NoStorageSource', message: `storage at "${mountPath}" needs a pvcSpec or an emptyDir` });
      }
      problems.push(...storageSize(config, at));
    });
  }
  // A broker's own entry may replace its group's for the same mountPath (Koperator's merge),
  // but two spellings of one directory ("/data" and "/data/") would mount twice.
  spec.brokers.forEach((broker, i) => {
    const seen = new Map<string, string>();
    for (const { storage: config, path } of brokerStorageConfigs(spec, i)) {
      const key = normalize(config.mountPath);
      const other = seen.get(key);
      if (other !== undefined && !other.startsWith(path.replace(/\[\d+\]$/, ''))) {
        problems.push({
          path: `${path}.mountPath`,
          code: 'DuplicateMountPath',
          message: `broker ${broker.id} would mount "${config.mountPath}" twice (also at ${other}); use one spelling of the path`,
        });
      }
      seen.set(key, path);
    }
  });
  return problems;
}

function normalize(mountPath: string): string {
  const trimmed = mountPath.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function storageSize(config: StorageConfig, at: string): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (config.pvcSpec !== undefined) {
    const request = config.pvcSpec.resources?.requests?.storage;
    if (request === undefined) {
      problems.push({
        path: `${at}.pvcSpec.resources.requests[storage]`,
        code: 'MissingStorageRequest',
        message: `the volume at "${config.mountPath}" needs a size: set pvcSpec.resources.requests.storage (for example 10Gi)`,
      });
    } else {
      problems.push(...quantityProblems(`${at}.pvcSpec.resources.requests[storage]`, request, 'positive'));
    }
    for (const [name, value] of Object.entries(config.pvcSpec.resources?.limits ?? {})) {
      problems.push(...quantityProblems(`${at}.pvcSpec.resources.limits[${name}]`, value, 'nonNegative'));
    }
  }
  if (config.emptyDir?.sizeLimit !== undefined) {
    problems.push(...quantityProblems(`${at}.emptyDir.sizeLimit`, config.emptyDir.sizeLimit, 'nonNegative'));
  }
  return problems;
}

function resourceQuantities(spec: KafkaClusterSpec): SpecProblem[] {
  const owners = [
    ...Object.entries(spec.brokerConfigGroups ?? {}).map(([name, g]) => [`spec.brokerConfigGroups[${name}]`, g.resourceRequirements] as const),
    ...spec.brokers.map((b, i) => [`spec.brokers[${i}].brokerConfig`, b.brokerConfig?.resourceRequirements] as const),
    ['spec.cruiseControlConfig', spec.cruiseControlConfig.resourceRequirements] as const,
  ];
  return owners.flatMap(([owner, resources]) =>
    (['limits', 'requests'] as const).flatMap((kind) =>
      Object.entries(resources?.[kind] ?? {}).flatMap(([name, value]) =>
        quantityProblems(`${owner}.resourceRequirements.${kind}[${name}]`, value, 'nonNegative'),
      ),
    ),
  );
}

/** apiserver: resource quantities must not be negative, a PVC's storage request must be above zero (core validation.go). */
function quantityProblems(path: string, value: string | number, bound: 'positive' | 'nonNegative'): SpecProblem[] {
  let parsed: Quantity;
  try {
    parsed = parseQuantity(value);
  } catch (error) {
    const reason = error instanceof QuantityError ? error.message : String(error);
    return [{ path, code: 'InvalidQuantity', message: `${reason}; write sizes like 10Gi, 500Mi or 1500m` }];
  }
  const sign = compareQuantities(parsed, parseQuantity(0));
  if (sign < 0 || (bound === 'positive' && sign === 0)) {
    const must = bound === 'positive' ? 'greater than zero' : 'zero or more';
    return [{ path, code: 'InvalidQuantity', message: `${formatQuantity(parsed)} must be ${must}` }];
  }
  return [];
}

function kraftRoles(spec: KafkaClusterSpec): SpecProblem[] {
  if (!spec.kRaft) return [];
  const problems: SpecProblem[] = [];
  const groups = spec.brokerConfigGroups ?? {};
  const roles = spec.brokers.map((broker, i) => {
    const processRoles = effectiveBrokerConfig(spec, broker).processRoles ?? [];
    // With an undefined group the roles may be missing for that reason alone, reported already.
    const groupMissing = broker.brokerConfigGroup !== undefined && broker.brokerConfigGroup !== '' && !(broker.brokerConfigGroup in groups);
    if (processRoles.length === 0 && !groupMissing) {
      problems.push({
        path: `spec.brokers[${i}].brokerConfig.processRoles`,
        code: 'MissingProcessRoles',
        message: `broker ${broker.id} has no processRoles; in KRaft mode every node is a broker, a controller, or both`,
      });
    }
    return processRoles;
  });
  if (spec.brokers.length > 0 && !roles.some((r) => r.includes('controller'))) {
    problems.push({
      path: 'spec.brokers',
      code: 'NoController',
      message: 'no broker has the controller process role; a KRaft cluster needs at least one controller (three for a quorum that survives a failure)',
    });
  }
  if (spec.brokers.length > 0 && !roles.some((r) => r.includes('broker'))) {
    problems.push({
      path: 'spec.brokers',
      code: 'NoBrokerRole',
      message: 'no node has the broker process role, so clients would have no broker to connect to',
    });
  }
  if (!spec.listenersConfig.internalListeners.some((l) => l.usedForControllerCommunication === true)) {
    problems.push({
      path: 'spec.listenersConfig.internalListeners',
      code: 'NoControllerListener',
      message: 'KRaft mode needs an internal listener with usedForControllerCommunication: true for the controller quorum',
    });
  }
  return problems;
}

function listeners(spec: KafkaClusterSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const internal = spec.listenersConfig.internalListeners;
  const interBroker = internal.filter((l) => l.usedForInnerBrokerCommunication === true);
  if (interBroker.length !== 1) {
    problems.push({
      path: 'spec.listenersConfig.internalListeners',
      code: 'InterBrokerListener',
      message:
        interBroker.length === 0
          ? 'one internal listener must have usedForInnerBrokerCommunication: true; brokers replicate through it'
          : `only one internal listener may have usedForInnerBrokerCommunication: true, found ${interBroker.map((l) => l.name).join(', ')}`,
    });
  }
  const all = [
    ...internal.map((l, i) => ({ listener: l, path: `spec.listenersConfig.internalListeners[${i}]` })),
    ...(spec.listenersConfig.externalListeners ?? []).map((l, i) => ({ listener: l, path: `spec.listenersConfig.externalListeners[${i}]` })),
  ];
  const names = new Map<string, string>();
  const ports = new Map<number, string>();
  for (const { listener, path } of all) {
    const sameName = names.get(listener.name);
    if (sameName !== undefined) {
      problems.push({ path: `${path}.name`, code: 'DuplicateListener', message: `listener name "${listener.name}" is already used by ${sameName}` });
    }
    const samePort = ports.get(listener.containerPort);
    if (samePort !== undefined) {
      problems.push({
        path: `${path}.containerPort`,
        code: 'DuplicateListener',
        message: `containerPort ${listener.containerPort} is already used by ${samePort}`,
      });
    }
    names.set(listener.name, path);
    ports.set(listener.containerPort, path);
  }
  return problems;
}

/**
 * Rules on a change: volumes only grow (Kubernetes refuses to shrink a PersistentVolumeClaim,
 * validation.go ValidatePersistentVolumeClaimUpdate). A shrink is reported once per field,
 * naming the brokers it would affect.
 */
export function validateKafkaClusterUpdate(oldSpec: KafkaClusterSpec, newSpec: KafkaClusterSpec): SpecProblem[] {
  const shrinks = new Map<string, { brokers: number[]; mountPath: string; from: Quantity; to: Quantity }>();
  newSpec.brokers.forEach((broker, i) => {
    const oldIndex = oldSpec.brokers.findIndex((b) => b.id === broker.id);
    if (oldIndex < 0) return;
    const before = new Map(brokerStorageConfigs(oldSpec, oldIndex).map((s) => [s.storage.mountPath, s.storage]));
    for (const { storage: now, path } of brokerStorageConfigs(newSpec, i)) {
      const from = size(before.get(now.mountPath));
      const to = size(now);
      if (from === undefined || to === undefined || compareQuantities(to, from) >= 0) continue;
      const field = `${path}.pvcSpec.resources.requests[storage]`;
      const entry = shrinks.get(field) ?? { brokers: [], mountPath: now.mountPath, from, to };
      entry.brokers.push(broker.id);
      shrinks.set(field, entry);
    }
  });
  return [...shrinks].map(([path, { brokers, mountPath, from, to }]) => ({
    path,
    code: 'VolumeShrink' as const,
    message:
      `${brokers.length === 1 ? 'broker' : 'brokers'} ${brokers.join(', ')}: the volume at "${mountPath}" would shrink ` +
      `from ${formatQuantity(from)} to ${formatQuantity(to)}; volumes can only grow`,
  }));
}

function size(config: StorageConfig | undefined): Quantity | undefined {
  const request = config?.pvcSpec?.resources?.requests?.storage;
  if (request === undefined) return undefined;
  try {
    return parseQuantity(request);
  } catch {
    return undefined;
  }
}

/** A group's problem found once per broker of the group is reported once. */
function unique(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code} ${p.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
