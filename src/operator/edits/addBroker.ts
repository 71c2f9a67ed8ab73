import { effectiveBrokerConfig, type Broker, type BrokerConfig } from '../../k8s/crd/index.js';
import { rolesOf } from '../../domain/serverProperties.js';
import { addBrokersDrain } from './drain.js';
import type { ClusterEdit, EditContext, EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';
import { beyondMaxSize, mountPathProblems, persistentStorage, positiveSize, unknownStorageClass } from './volumeInput.js';

export interface AddBrokerInput {
  /** The group the new broker takes its configuration from. */
  brokerConfigGroup?: string | undefined;
  /** Without a group, or over it: the broker's own image, first volume and Pod annotations. */
  image?: string | undefined;
  storage?: { mountPath: string; size: string; storageClass?: string | undefined } | undefined;
  brokerAnnotations?: Record<string, string> | undefined;
  /**
   * KRaft roles of the new node, over its group's. A new controller formats as an observer of
   * the quorum; the operator makes it a voter once it has caught up (operator/quorum/).
   */
  processRoles?: ReadonlyArray<'broker' | 'controller'> | undefined;
}

export interface AddBrokerLimits {
  /** No broker is added once the cluster has this many (Koperator's upScaleLimit). */
  maxBrokers?: number | undefined;
  maxVolumeSize?: string | number | undefined;
}

/** Broker ids are below 65535 (Koperator's CRD: 0 <= id < 65535). */
const MAX_BROKER_ID = 65534;

/**
 * A new broker with id max+1, as Koperator's upScale adds one (internal/alertmanager
 * currentalert/process.go): `{id, brokerConfigGroup}` from a group, or a broker config of its
 * own. In KRaft mode a node needs processRoles; a group without them gives the new node the
 * broker role only, so scaling out never changes the controller quorum.
 */
export function addBroker(input: AddBrokerInput, limits: AddBrokerLimits = {}): ClusterEdit {
  return { name: 'addBroker', plan: (context) => plan(input, limits, context) };
}

function plan(input: AddBrokerInput, limits: AddBrokerLimits, { spec, storageClasses }: EditContext): EditPlan {
  const errors: EditError[] = [];
  const group = input.brokerConfigGroup;
  const groups = spec.brokerConfigGroups ?? {};
  if (group !== undefined && !(group in groups)) {
    const known = Object.keys(groups).join(', ');
    errors.push(editError('brokerConfigGroup', 'NOT_FOUND', `brokerConfigGroup "${group}" is not defined${known !== '' ? ` (defined: ${known})` : ''}`));
  }
  if (group === undefined && input.storage === undefined) {
    errors.push(editError('storage', 'INVALID_INPUT', 'name a brokerConfigGroup, or give the new broker its storage (mountPath and size)'));
  }
  if (limits.maxBrokers !== undefined && limits.maxBrokers > 0 && spec.brokers.length >= limits.maxBrokers) {
    errors.push(
      editError(
        [],
        'LIMIT_REACHED',
        `the cluster has ${spec.brokers.length} brokers, the most allowed is ${limits.maxBrokers} (alertManagerConfig.upScaleLimit)`,
      ),
    );
  }
  const id = spec.brokers.reduce((max, b) => Math.max(max, b.id), -1) + 1;
  if (id > MAX_BROKER_ID) errors.push(editError([], 'LIMIT_REACHED', `no broker id is left above ${id - 1}`));

  const own: BrokerConfig = {};
  if (input.image !== undefined && input.image !== '') own.image = input.image;
  if (input.brokerAnnotations !== undefined && Object.keys(input.brokerAnnotations).length > 0) own.brokerAnnotations = input.brokerAnnotations;
  if (input.processRoles !== undefined && input.processRoles.length > 0) {
    if (!spec.kRaft)
      errors.push(editError('processRoles', 'INVALID_INPUT', 'processRoles are KRaft roles: the cluster does not run KRaft (spec.kRaft is false)'));
    own.processRoles = [...new Set(input.processRoles)].sort();
  }
  if (input.storage !== undefined) {
    const sized = positiveSize(input.storage.size, ['storage', 'size']);
    if ('error' in sized) errors.push(sized.error);
    else {
      errors.push(...beyondMaxSize(sized.size, limits.maxVolumeSize, ['storage', 'size']));
      own.storageConfigs = [persistentStorage(input.storage.mountPath, sized.size, input.storage.storageClass)];
    }
    errors.push(...unknownStorageClass(input.storage.storageClass, storageClasses, ['storage', 'storageClass']));
    errors.push(...mountPathProblems(input.storage.mountPath, ['storage', 'mountPath']));
  }
  if (errors.length > 0) return { ok: false, errors };

  let broker: Broker = { id, ...(group !== undefined ? { brokerConfigGroup: group } : {}), ...(Object.keys(own).length > 0 ? { brokerConfig: own } : {}) };
  if (spec.kRaft && (effectiveBrokerConfig(spec, broker).processRoles ?? []).length === 0) {
    broker = { ...broker, brokerConfig: { ...broker.brokerConfig, processRoles: ['broker'] } };
  }
  const next = { ...spec, brokers: [...spec.brokers, broker] };
  const problems = resultProblems(spec, next);
  if (problems.length > 0) return { ok: false, errors: problems };
  const from = group !== undefined ? `brokerConfigGroup ${group}` : `its own config (${own.storageConfigs?.[0]?.mountPath ?? ''})`;
  // A node without the broker role (a KRaft controller) holds no data: no load is moved onto it.
  const drain = rolesOf(next, broker).includes('broker') ? addBrokersDrain([id]) : undefined;
  const roles = own.processRoles !== undefined ? ` with roles ${own.processRoles.join(', ')}` : '';
  return { ok: true, spec: next, changes: [`add broker ${id} from ${from}${roles}`], ...(drain !== undefined ? { drain } : {}) };
}
