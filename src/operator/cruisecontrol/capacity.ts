/**
 * Cruise Control's `capacity.json` in its JBOD format, per broker: one DISK entry per log dir,
 * CPU in percent of one core, NW_IN/NW_OUT in KB/s, as Koperator generates it
 * (adobe/koperator pkg/resources/cruisecontrol/configmap.go, GenerateCapacityConfig). Unlike
 * Koperator, which reuses the old file while a broker is removed, the capacity is generated
 * each time from the spec and from what still holds data: a broker or disk being drained stays
 * in it until its objects are gone (adobe/koperator#342 is what reusing a stale file leads to).
 */
import type { KafkaClusterSpec, StorageConfig } from '../../k8s/crd/kafkaCluster.js';
import { effectiveBrokerConfig } from '../../k8s/crd/brokerConfig.js';
import { parseQuantity, type Quantity } from '../../k8s/crd/quantity.js';
import { logDirOf } from '../../domain/operationRecord.js';

/** Koperator's defaults (configmap.go): one core, 125000 KB/s each way. */
export const DEFAULT_CPU = '100';
export const DEFAULT_NETWORK_KBPS = '125000';
/** An emptyDir without sizeLimit has no size to report: Koperator's default disk, 10 GiB in MB. */
export const DEFAULT_DISK_MB = '10737';
const DOC = 'Capacity unit used for disk is in MB, cpu is in percentage, network throughput is in KB.';

export interface BrokerCapacity {
  brokerId: string;
  capacity: { DISK: Record<string, string>; CPU: string; NW_IN: string; NW_OUT: string };
  doc: string;
}

/** What still holds data on a broker: its PVCs by mountPath, with their requested size. */
export interface HeldDisks {
  brokerId: number;
  disks: ReadonlyMap<string, string | undefined>;
}

export interface CapacityInput {
  spec: KafkaClusterSpec;
  /** Brokers with objects in Kubernetes, and their disks (a drained disk keeps its PVC until it is empty). */
  held: readonly HeldDisks[];
  /** Brokers the status still lists (a removed broker stays until Kafka forgot it). */
  listed: readonly number[];
  /** The capacity.json deployed now, for brokers no longer in the spec. */
  previous: string | undefined;
}

export type CapacityResult = { ok: true; json: string } | { ok: false; error: string };

/** The user's capacityConfig when it covers every broker, else the generated entries for those it misses. */
export function renderCapacity(input: CapacityInput, userConfig: string | undefined): CapacityResult {
  const generated = generatedCapacities(input);
  if (userConfig === undefined || userConfig.trim() === '') return { ok: true, json: format(generated) };
  const user = parseUserCapacity(userConfig);
  if (!user.ok) return user;
  // A "-1" entry is Cruise Control's default for every broker: Koperator then uses the file as written.
  if (user.ids.has('-1')) return { ok: true, json: userConfig };
  return { ok: true, json: format([...user.entries, ...generated.filter((c) => !user.ids.has(c.brokerId))]) };
}

function parseUserCapacity(text: string): { ok: true; entries: unknown[]; ids: Set<string> } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `cruiseControlConfig.capacityConfig is not valid JSON: ${(err as Error).message}` };
  }
  const entries = (parsed as { brokerCapacities?: unknown } | null)?.brokerCapacities;
  if (!Array.isArray(entries)) return { ok: false, error: 'cruiseControlConfig.capacityConfig has no brokerCapacities array' };
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = (entry as { brokerId?: unknown } | null)?.brokerId;
    if (typeof id !== 'string') return { ok: false, error: 'cruiseControlConfig.capacityConfig: every brokerCapacities entry needs a brokerId string' };
    ids.add(id);
  }
  return { ok: true, entries, ids };
}

/** One entry per broker of the spec, then per broker that left it but still holds data or is still listed. */
export function generatedCapacities(input: CapacityInput): BrokerCapacity[] {
  const { spec } = input;
  const held = new Map(input.held.map((h) => [h.brokerId, h.disks]));
  const previous = previousEntries(input.previous);
  const capacities: BrokerCapacity[] = [];
  for (const broker of [...spec.brokers].sort((a, b) => a.id - b.id)) {
    const config = effectiveBrokerConfig(spec, broker);
    const disks: Record<string, string> = {};
    for (const storage of config.storageConfigs ?? []) disks[logDirOf(storage.mountPath)] = diskMb(storage);
    // A disk dropped from the spec stays until its data is moved off and its PVC deleted.
    for (const [mountPath, size] of held.get(broker.id) ?? []) disks[logDirOf(mountPath)] ??= sizeMb(size);
    const limit = config.resourceRequirements?.limits?.cpu;
    capacities.push({
      brokerId: String(broker.id),
      capacity: {
        DISK: byLogDir(disks),
        CPU: limit !== undefined ? cpuPercent(String(limit)) : DEFAULT_CPU,
        NW_IN: config.networkConfig?.incomingNetworkThroughPut ?? DEFAULT_NETWORK_KBPS,
        NW_OUT: config.networkConfig?.outgoingNetworkThroughPut ?? DEFAULT_NETWORK_KBPS,
      },
      doc: DOC,
    });
  }
  const inSpec = new Set(spec.brokers.map((b) => b.id));
  const leaving = [...new Set([...held.keys(), ...input.listed])].filter((id) => !inSpec.has(id)).sort((a, b) => a - b);
  for (const id of leaving) {
    const known = previous.get(String(id));
    if (known !== undefined) {
      capacities.push(known);
      continue;
    }
    const disks: Record<string, string> = {};
    for (const [mountPath, size] of held.get(id) ?? []) disks[logDirOf(mountPath)] = sizeMb(size);
    const capacity = { DISK: byLogDir(disks), CPU: DEFAULT_CPU, NW_IN: DEFAULT_NETWORK_KBPS, NW_OUT: DEFAULT_NETWORK_KBPS };
    capacities.push({ brokerId: String(id), capacity, doc: DOC });
  }
  // By broker id, leaving ones included: a broker leaving the spec changes nothing in the file,
  // so Cruise Control is not restarted in the middle of its drain.
  return capacities.sort((a, b) => Number(a.brokerId) - Number(b.brokerId));
}

/**
 * The disks in log dir order, whatever listed them: a disk dropped from the spec, then listed
 * from its PVC, leaves the file as it was, so Cruise Control is not restarted as its drain starts
 * (a restart forgets a task sent to it meanwhile).
 */
function byLogDir(disks: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(disks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function previousEntries(text: string | undefined): Map<string, BrokerCapacity> {
  try {
    const parsed = JSON.parse(text ?? '{}') as { brokerCapacities?: BrokerCapacity[] };
    return new Map((parsed.brokerCapacities ?? []).filter((c) => typeof c?.brokerId === 'string').map((c) => [c.brokerId, c]));
  } catch {
    return new Map();
  }
}

function diskMb(storage: StorageConfig): string {
  const requested = storage.pvcSpec?.resources?.requests?.storage ?? storage.emptyDir?.sizeLimit;
  return sizeMb(requested !== undefined ? String(requested) : undefined);
}

/** Bytes rounded down to MB (10^6), as Koperator rounds (parseMountPathWithSize); at least 1. */
function sizeMb(size: string | undefined): string {
  if (size === undefined || size === '') return DEFAULT_DISK_MB;
  const mb = scaled(parseQuantity(size), -6, 'down');
  return String(mb < 1n ? 1n : mb);
}

/** CPU limit in hundredths of a core, rounded up (Quantity.ScaledValue(-2)). */
function cpuPercent(limit: string): string {
  return String(scaled(parseQuantity(limit), 2, 'up'));
}

/** `q × 10^shift` as an integer. */
function scaled(q: Quantity, shift: number, round: 'up' | 'down'): bigint {
  const exponent = q.scale + shift;
  if (exponent >= 0) return q.unscaled * 10n ** BigInt(exponent);
  const divisor = 10n ** BigInt(-exponent);
  const quotient = q.unscaled / divisor;
  return round === 'up' && q.unscaled % divisor !== 0n ? quotient + 1n : quotient;
}

function format(capacities: readonly unknown[]): string {
  return `${JSON.stringify({ brokerCapacities: capacities }, null, 2)}\n`;
}
