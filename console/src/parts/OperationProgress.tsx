import type { Operation } from '../api/types';
import { Bar } from './Bar';
import { duration, megabytes } from './format';

/** Data moved of the data to move, and the time left at the rate seen so far. */
export function OperationProgress({ operation }: { operation: Operation }) {
  const p = operation.progress;
  if (operation.state === 'COMPLETED') return <Bar kind="progress" fraction={1} label={`done${p?.dataTotalMB ? `: ${megabytes(p.dataTotalMB)} moved` : ''}`} />;
  if (p === null) return <Bar kind="progress" fraction={0} label={operation.message ?? 'waiting for Cruise Control'} />;
  if (p.dataTotalMB === null || p.percentDataMoved === null)
    return <Bar kind="progress" fraction={0} label={p.phase === 'Computing' ? 'computing proposals' : (p.phase ?? '')} />;
  const eta = p.estimatedSecondsRemaining === null ? '' : `, ${duration(p.estimatedSecondsRemaining)} left`;
  const label = `${megabytes(p.dataMovedMB)} of ${megabytes(p.dataTotalMB)} (${p.percentDataMoved.toFixed(0)}%)${eta}`;
  return (
    <Bar kind="progress" fraction={p.percentDataMoved / 100} label={label} title={`${p.partitionsMoved ?? 0} of ${p.partitionsTotal ?? 0} partitions moved`} />
  );
}
