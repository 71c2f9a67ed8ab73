import { useMemo } from 'react';
import { CLUSTER_EVENTS, EVENT_UPDATES } from '../api/documents';
import type { Cluster, ClusterEvent, Operation } from '../api/types';
import { RetryOperation, StopOperation } from '../actions/OperationActions';
import { useLiveQuery } from '../live/useLiveQuery';
import { Badge } from '../parts/Badge';
import { OperationProgress } from '../parts/OperationProgress';
import { time } from '../parts/format';

/** Every Cruise Control operation, newest first, with its progress and the steps it went through. */
export function OperationsTab({ cluster, onChange }: { cluster: Cluster; onChange: () => void }) {
  const triggers = useMemo(() => [{ query: EVENT_UPDATES, variables: { clusterId: cluster.id } }], [cluster.id]);
  const { data } = useLiveQuery<{ cluster: { events: { nodes: ClusterEvent[] } } | null }>(
    CLUSTER_EVENTS,
    { namespace: cluster.namespace, name: cluster.name },
    triggers,
    15_000,
  );
  const events = data?.cluster?.events.nodes ?? [];
  const operations = cluster.operations.nodes;
  if (operations.length === 0) return <p className="muted">No operation yet: removing a broker, adding a disk or a rebalance starts one.</p>;
  return (
    <div className="operations" data-testid="operations">
      {operations.map((o) => (
        <article key={o.id} className="operation" data-operation={o.name} data-state={o.state}>
          <header>
            <strong>{o.type.toLowerCase().replace(/_/g, ' ')}</strong>
            {o.brokerIds.length === 0 ? null : (
              <span>
                {' '}
                of broker{o.brokerIds.length === 1 ? '' : 's'} {o.brokerIds.join(', ')}
              </span>
            )}
            <span className="muted"> {o.name}</span> <Badge value={o.state} />
            <span className="spacer" />
            {o.state === 'RUNNING' ? <StopOperation cluster={cluster} operation={o} onDone={onChange} /> : null}
            {o.state === 'FAILED' || o.state === 'PAUSED' || o.state === 'RETRYING' ? <RetryOperation operation={o} onDone={onChange} /> : null}
          </header>
          {o.state === 'COMPLETED' && o.progress === null ? null : <OperationProgress operation={o} />}
          {o.error === null ? null : <p className="error">{o.error}</p>}
          {o.message === null ? null : <p className="muted">{o.message}</p>}
          <History operation={o} events={events} />
        </article>
      ))}
    </div>
  );
}

/** The operation's times, and the Events the operator recorded for it (their message starts with its name). */
function History({ operation: o, events }: { operation: Operation; events: ClusterEvent[] }) {
  const own = events.filter((e) => e.message.startsWith(`${o.name}:`)).reverse();
  return (
    <ol className="history">
      <li>
        <span className="muted">{time(o.createdAt)}</span> created
      </li>
      {own.map((e) => (
        <li key={e.id} className={e.type === 'WARNING' ? 'warn-text' : ''}>
          <span className="muted">{time(e.lastSeen)}</span> {e.reason}: {e.message.slice(o.name.length + 2)}
        </li>
      ))}
      {o.retryCount === 0 ? null : (
        <li>
          retried {o.retryCount} time{o.retryCount === 1 ? '' : 's'}
        </li>
      )}
      {o.finishedAt === null ? null : (
        <li>
          <span className="muted">{time(o.finishedAt)}</span> finished
        </li>
      )}
    </ol>
  );
}
