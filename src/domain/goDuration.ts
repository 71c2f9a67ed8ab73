/**
 * A duration as Go's `time.Duration.String` prints whole seconds (`8760h0m0s`, `30m5s`, `1s`): how
 * cert-manager's `metav1.Duration` fields read back, and how its webhook names a value it refuses.
 */
export function goDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}
