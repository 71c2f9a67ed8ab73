import { effectiveBrokerConfig } from '../k8s/crd/brokerConfig.js';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';

export interface RackAssignment {
  /** broker.rack: the values of the rack-awareness labels, joined by commas (Koperator's format). */
  racks: Map<number, string>;
  /** Node label a broker's Pod is pinned to, so its rack is known before it is scheduled. */
  pins: Map<number, { key: string; value: string }>;
}

/**
 * Racks for rack awareness. A broker whose Pod runs takes its node's label values. With a single
 * rack label (the zone, usually), a broker whose Pod is not scheduled yet is given the zone with
 * the fewest brokers and its Pod is pinned there: so its server.properties carries broker.rack
 * from the start, and a new broker is not restarted once it lands (Koperator's users see that
 * restart). A broker with an affinity of its own is not pinned: its rack is known once scheduled.
 */
export function assignRacks(
  spec: KafkaClusterSpec,
  scheduled: ReadonlyMap<number, Readonly<Record<string, string>>>,
  nodeLabels: ReadonlyArray<Readonly<Record<string, string>>>,
): RackAssignment {
  const labels = spec.rackAwareness?.labels ?? [];
  const assignment: RackAssignment = { racks: new Map(), pins: new Map() };
  if (labels.length === 0) return assignment;
  const [only] = labels;
  const pinnable = labels.length === 1 && only !== undefined;
  const zones = pinnable ? [...new Set(nodeLabels.map((l) => l[only]).filter((v): v is string => v !== undefined))].sort() : [];
  const perZone = new Map(zones.map((z) => [z, 0]));

  const unplaced: number[] = [];
  for (const broker of [...spec.brokers].sort((a, b) => a.id - b.id)) {
    const labelsOfNode = scheduled.get(broker.id);
    const values = labelsOfNode ? labels.map((l) => labelsOfNode[l]).filter((v): v is string => v !== undefined) : [];
    const ownAffinity = effectiveBrokerConfig(spec, broker).affinity !== undefined;
    if (values.length > 0) {
      assignment.racks.set(broker.id, values.join(','));
      if (pinnable && !ownAffinity && values[0] !== undefined) {
        assignment.pins.set(broker.id, { key: only, value: values[0] });
        perZone.set(values[0], (perZone.get(values[0]) ?? 0) + 1);
      }
    } else if (pinnable && !ownAffinity && zones.length > 0) unplaced.push(broker.id);
  }
  for (const id of unplaced) {
    const zone = [...perZone].sort(([a, n], [b, m]) => n - m || a.localeCompare(b))[0]?.[0];
    if (zone === undefined || only === undefined) break;
    perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
    assignment.racks.set(id, zone);
    assignment.pins.set(id, { key: only, value: zone });
  }
  return assignment;
}
