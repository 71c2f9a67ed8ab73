import { FOLLOW_OPERATION } from '../api/documents';
import type { Operation } from '../api/types';
import { useSubscription } from '../live/useSubscription';
import { Badge } from '../parts/Badge';
import { OperationProgress } from '../parts/OperationProgress';

/** One operation as it goes, from operationUpdated(id), which ends once it is COMPLETED or FAILED. */
export function FollowOperation({ operation }: { operation: Operation }) {
  const { last, error } = useSubscription<{ operationUpdated: Operation }>(FOLLOW_OPERATION, { id: operation.id });
  const current = last?.operationUpdated ?? operation;
  return (
    <div className="follow" data-operation={current.name} data-state={current.state}>
      <div className="follow-head">
        <strong>{current.type.toLowerCase().replace(/_/g, ' ')}</strong> <span className="muted">{current.name}</span> <Badge value={current.state} />
      </div>
      <OperationProgress operation={current} />
      {current.error === null ? null : <p className="error">{current.error}</p>}
      {error === undefined ? null : <p className="error">{error}</p>}
    </div>
  );
}
