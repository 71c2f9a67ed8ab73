const TONES: Record<string, string> = {
  RUNNING: 'ok',
  COMPLETED: 'ok',
  ACTIVE: 'ok',
  NORMAL: 'ok',
  ACTED: 'ok',
  PENDING: 'info',
  STARTING: 'info',
  RECONCILING: 'info',
  ROLLING_UPGRADING: 'info',
  ADDING: 'info',
  RESIZING: 'info',
  DRAINING: 'busy',
  REMOVING: 'busy',
  RESTARTING: 'busy',
  PAUSED: 'warn',
  RETRYING: 'warn',
  REFUSED: 'warn',
  WARNING: 'warn',
  FIRING: 'warn',
  FAILED: 'bad',
  UNKNOWN: 'bad',
  REJECTED: 'bad',
};

/** A state in words, coloured by what it asks of the reader: nothing, patience, or a look. */
export function Badge({ value }: { value: string }) {
  return <span className={`badge badge-${TONES[value] ?? 'info'}`}>{value.toLowerCase().replace(/_/g, ' ')}</span>;
}
