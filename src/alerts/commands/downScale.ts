import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { rolesOf } from '../../domain/serverProperties.js';
import type { CommandDecider } from './command.js';

/**
 * downScale: the broker the `brokerId` label names, else the one Cruise Control reports with the
 * fewest replicas (Koperator asks kafka_cluster_state's ReplicaCountByBrokerId too). Only brokers
 * that hold data and are not KRaft controllers are chosen by count: an alert should not shrink
 * the controller quorum. Bounded by `downScaleLimit`; the removal itself drains the broker first.
 */
export const decideDownScale: CommandDecider = (alert, observation, spec, settings) => {
  const limits = { minBrokers: settings.downScaleLimit };
  const label = alert.labels.brokerId;
  if (label !== undefined && label !== '') {
    const id = Number(label);
    if (!/^[0-9]+$/.test(label) || !Number.isInteger(id))
      return { ok: false, reasons: [{ code: 'INVALID_LABEL', message: `label brokerId "${label}" is not a broker id` }] };
    return { ok: true, request: { edit: 'removeBroker', input: { brokerId: id }, limits } };
  }
  const counts = observation.replicaCounts;
  if (counts === undefined || 'error' in counts) {
    const why = counts !== undefined && 'error' in counts ? counts.error : 'it was not asked';
    return {
      ok: false,
      reasons: [
        { code: 'CRUISE_CONTROL_UNAVAILABLE', message: `no brokerId label, and Cruise Control could not tell the broker with the fewest replicas: ${why}` },
      ],
    };
  }
  const chosen = fewestReplicas(spec, counts);
  if (chosen === undefined)
    return { ok: false, reasons: [{ code: 'NO_CANDIDATE', message: 'no broker can be chosen: every broker that holds data is also a KRaft controller' }] };
  return { ok: true, request: { edit: 'removeBroker', input: { brokerId: chosen }, limits } };
};

/** The data broker (not a controller) with the fewest replicas; the highest id among equals. */
export function fewestReplicas(spec: KafkaClusterSpec, counts: ReadonlyMap<number, number>): number | undefined {
  const candidates = spec.brokers.filter((b) => {
    const roles = rolesOf(spec, b);
    return roles.includes('broker') && !(spec.kRaft && roles.includes('controller'));
  });
  let best: { id: number; replicas: number } | undefined;
  for (const broker of candidates) {
    const replicas = counts.get(broker.id) ?? 0;
    if (best === undefined || replicas < best.replicas || (replicas === best.replicas && broker.id > best.id)) best = { id: broker.id, replicas };
  }
  return best?.id;
}
