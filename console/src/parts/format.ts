/** 1536 → "1.5 KiB": binary units, as Kubernetes quantities are written. */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = value;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${n >= 100 || unit === 0 ? n.toFixed(0) : n.toFixed(1)} ${units[unit] ?? ''}`;
}

/** Cruise Control counts data in MB (10^6 bytes). */
export function megabytes(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : bytes(value * 1_000_000);
}

/** 95 → "1m 35s". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** An ISO time as the local clock reads it, with the date only when it is not today. */
export function time(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '–';
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value.toFixed(value < 10 ? 1 : 0)}%`;
}
