import { compareQuantities, isQuantity, parseQuantity, type KafkaClusterSpec } from '../../k8s/crd/index.js';
import type { ReceivedAlert } from '../../domain/alertEvents.js';
import type { EditRequest, Reason } from '../decision.js';
import type { ClusterObservation } from '../observation.js';
import type { AlertSettings } from '../settings.js';

/** What one command makes of an alert: the edit it asks for, or why there is none. */
export type CommandResult = { ok: true; request: EditRequest } | { ok: false; reasons: Reason[] };

export type CommandDecider = (alert: ReceivedAlert, observation: ClusterObservation, spec: KafkaClusterSpec, settings: AlertSettings) => CommandResult;

export function missingAnnotation(name: string, what: string): Reason {
  return { code: 'MISSING_ANNOTATION', message: `annotation ${name} is required: ${what}` };
}

/** A size annotation (diskSize, incrementBy) must be a quantity above zero; else the alert itself is wrong. */
export function sizeAnnotation(name: string, value: string | undefined): Reason[] {
  if (value === undefined || value === '') return [];
  if (isQuantity(value) && compareQuantities(parseQuantity(value), parseQuantity(0)) > 0) return [];
  return [{ code: 'INVALID_ANNOTATION', message: `annotation ${name} "${value}" is not a size above zero, such as 10Gi` }];
}

/** The broker a PVC belongs to, by Koperator's `brokerId` label, with the reasons it cannot be told. */
export function pvcBroker(alert: ReceivedAlert, observation: ClusterObservation): { brokerId: number; mountPath: string | undefined } | { reasons: Reason[] } {
  const name = alert.labels.persistentvolumeclaim;
  if (name === undefined || name === '')
    return { reasons: [{ code: 'MISSING_LABEL', message: 'label persistentvolumeclaim is required: it names the volume, and so the broker' }] };
  const pvc = observation.pvc;
  if (pvc === undefined) return { reasons: [{ code: 'NOT_FOUND', message: `PersistentVolumeClaim ${observation.namespace}/${name} does not exist` }] };
  const id = Number(pvc.metadata?.labels?.brokerId);
  if (pvc.metadata?.labels?.brokerId === undefined || !Number.isInteger(id)) {
    return { reasons: [{ code: 'NOT_FOUND', message: `PersistentVolumeClaim ${name} has no brokerId label: it is not a broker's volume` }] };
  }
  return { brokerId: id, mountPath: pvc.metadata.annotations?.mountPath };
}
