import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `90s`, `10m`, `1h`, `500ms` or plain seconds, as milliseconds (a commander argument parser). */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null || match[1] === undefined) throw new InvalidArgumentError('give a duration such as 90s, 10m or 1h');
  const ms = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1_000);
  if (ms <= 0) throw new InvalidArgumentError('a duration must be above zero');
  return ms;
}

/** A whole number of at least `min` (a commander argument parser). */
export function integerAtLeast(min: number): (text: string) => number {
  return (text) => {
    if (!/^-?\d+$/.test(text) || Number(text) < min) throw new InvalidArgumentError(`give a whole number of at least ${min}`);
    return Number(text);
  };
}

/** `0,1,2` as broker ids. */
export function parseIdList(text: string): number[] {
  return text.split(',').map((part) => integerAtLeast(0)(part.trim()));
}

/** Seconds in words a person reads at a glance: `45 s`, `3 min 20 s`, `1 h 5 min`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}
