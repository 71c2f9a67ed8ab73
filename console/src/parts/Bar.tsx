/** How full: green, then amber past 75 %, red past 90 % (a disk about to fill stops its broker). */
export function level(fraction: number): 'ok' | 'warn' | 'full' {
  if (fraction >= 0.9) return 'full';
  if (fraction >= 0.75) return 'warn';
  return 'ok';
}

interface BarProps {
  /** 0 to 1; undefined when unknown. */
  fraction: number | undefined;
  label: string;
  /** Colour by how full it is (disks), or one colour (progress). */
  kind: 'usage' | 'progress';
  title?: string;
}

export function Bar({ fraction, label, kind, title }: BarProps) {
  const clamped = fraction === undefined ? 0 : Math.max(0, Math.min(1, fraction));
  const tone = kind === 'progress' ? 'progress' : fraction === undefined ? 'unknown' : level(clamped);
  return (
    <div className={`bar bar-${tone}`} title={title ?? label} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped * 100)}>
      <div className="bar-fill" style={{ width: `${(clamped * 100).toFixed(1)}%` }} />
      <span className="bar-label">{label}</span>
    </div>
  );
}
