import { useMemo, useState } from 'react';
import { ALERT_UPDATES, BROKER_EVENTS, CLUSTER_EVENTS, EVENT_UPDATES } from '../api/documents';
import type { Alert, Cluster, ClusterEvent } from '../api/types';
import { useLiveQuery } from '../live/useLiveQuery';
import { Badge } from '../parts/Badge';
import { time } from '../parts/format';

interface Answer {
  cluster: { events?: { nodes: ClusterEvent[] }; broker?: { events: { nodes: ClusterEvent[] } } | null; alerts: { nodes: Alert[] } } | null;
}

/**
 * What just happened: the cluster's Events, newest first, or one broker's (the server knows which
 * Events concern a broker: its Pods, PVCs, ConfigMap, and the cluster's Events that name it), and
 * the alerts received, read again as each new one streams in.
 */
export function EventsTab({ cluster }: { cluster: Cluster }) {
  const [broker, setBroker] = useState<number>();
  const triggers = useMemo(() => [EVENT_UPDATES, ALERT_UPDATES].map((query) => ({ query, variables: { clusterId: cluster.id } })), [cluster.id]);
  const where = { namespace: cluster.namespace, name: cluster.name };
  const { data, error } = useLiveQuery<Answer>(
    broker === undefined ? CLUSTER_EVENTS : BROKER_EVENTS,
    broker === undefined ? where : { ...where, brokerId: broker },
    triggers,
    15_000,
  );
  const events = (broker === undefined ? data?.cluster?.events?.nodes : data?.cluster?.broker?.events.nodes) ?? [];
  const alerts = data?.cluster?.alerts.nodes ?? [];
  return (
    <div className="columns wide-first">
      <div className="panel">
        <div className="title-row">
          <h3>Events</h3>
          <label className="inline">
            Broker{' '}
            <select value={broker ?? ''} onChange={(e) => setBroker(e.target.value === '' ? undefined : Number(e.target.value))} name="broker">
              <option value="">all</option>
              {cluster.brokers.nodes.map((b) => (
                <option key={b.brokerId} value={b.brokerId}>
                  {b.brokerId}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error === undefined ? null : <p className="error">{error}</p>}
        <ul className="feed" data-testid="events">
          {events.map((e) => (
            <li key={e.id} className={e.type === 'WARNING' ? 'feed-warning' : ''}>
              <span className="muted">{time(e.lastSeen)}</span> <strong>{e.reason}</strong>
              {e.count > 1 ? <span className="muted"> ×{e.count}</span> : null}{' '}
              <span className="muted">
                {e.involvedObject.kind.toLowerCase()}/{e.involvedObject.name}
              </span>
              <div>{e.message}</div>
            </li>
          ))}
          {data !== undefined && events.length === 0 ? <li className="muted">no events</li> : null}
        </ul>
      </div>
      <div className="panel">
        <h3>Alerts</h3>
        <ul className="feed" data-testid="alerts">
          {alerts.map((a) => (
            <li key={a.id}>
              <span className="muted">{time(a.receivedAt)}</span> <strong>{a.name ?? 'alert'}</strong> <Badge value={a.status} /> <Badge value={a.outcome} />
              <div>{a.message}</div>
            </li>
          ))}
          {data !== undefined && alerts.length === 0 ? <li className="muted">none received</li> : null}
        </ul>
      </div>
    </div>
  );
}
