/** How full one mounted claim is, as the kubelet's volume stats report it. */
export interface VolumeStats {
  namespace: string;
  persistentVolumeClaim: string;
  capacityBytes: number;
  usedBytes: number;
}

const FAMILIES: ReadonlyArray<readonly [string, string, (v: VolumeStats) => number]> = [
  ['kubelet_volume_stats_available_bytes', 'Number of available bytes in the volume', (v) => Math.max(0, v.capacityBytes - v.usedBytes)],
  ['kubelet_volume_stats_capacity_bytes', 'Capacity in bytes of the volume', (v) => v.capacityBytes],
  ['kubelet_volume_stats_used_bytes', 'Number of used bytes in the volume', (v) => v.usedBytes],
];

/**
 * The volume families of the kubelet's /metrics (kubernetes/kubernetes
 * `pkg/kubelet/metrics/collectors/volume_stats.go`): one sample per mounted claim, labelled
 * namespace and persistentvolumeclaim, in the Prometheus text format with Go's number format.
 */
export function renderVolumeStats(volumes: readonly VolumeStats[]): string {
  const lines: string[] = [];
  const sorted = [...volumes].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.persistentVolumeClaim.localeCompare(b.persistentVolumeClaim));
  for (const [name, help, value] of FAMILIES) {
    lines.push(`# HELP ${name} [ALPHA] ${help}`, `# TYPE ${name} gauge`);
    for (const v of sorted) lines.push(`${name}{namespace="${v.namespace}",persistentvolumeclaim="${v.persistentVolumeClaim}"} ${goFloat(value(v))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A float as Go's strconv.FormatFloat(v, 'g', -1, 64) prints it, as client_golang does: 100, 0.15, 1.073741824e+10. */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  // Shortest precision: the exponent form below 1e-4 and from 1e6 (strconv's ftoa, %e when exp < -4 || exp >= 6).
  if (exponent < -4 || exponent >= 6) {
    const [mantissa = '0', exp = '0'] = value.toExponential().split('e');
    const n = Number(exp);
    return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(value);
}
