import { useEffect, useMemo, useState } from 'react';
import { BROKER_UPDATES, FLEET, OPERATION_UPDATES } from '../api/documents';
import type { FleetCluster } from '../api/types';
import { useLiveQuery, type Trigger } from '../live/useLiveQuery';
import { Badge } from '../parts/Badge';
import { CruiseControlState } from '../parts/CruiseControlState';
import { OperationProgress } from '../parts/OperationProgress';
import { clusterHref } from '../route';

/** Every cluster in one table, the rows that need a look first. */
export function FleetPage() {
  const [ids, setIds] = useState('');
  // The fleet is read again whenever the brokers or operations of any of its clusters change, at most
  // once a second: with a hundred clusters, some drain or restart is always sending updates.
  const triggers = useMemo<Trigger[]>(
    () =>
      ids
        .split(',')
        .filter((id) => id !== '')
        .flatMap((clusterId) => [OPERATION_UPDATES, BROKER_UPDATES].map((query) => ({ query, variables: { clusterId } }))),
    [ids],
  );
  const { data, error } = useLiveQuery<FleetAnswer>(FLEET, {}, triggers, 10_000, 1_000);
  const shown = data?.clusters.nodes;
  const shownIds = shown?.map((c) => c.id).join(',') ?? '';
  useEffect(() => setIds(shownIds), [shownIds]);
  if (shown === undefined) return <p className="muted">{error ?? 'loading the fleet…'}</p>;
  const sorted = [...shown].sort((a, b) => attention(b) - attention(a));
  return (
    <section>
      <h1>
        Fleet{' '}
        <span className="muted">
          {shown.length} cluster{shown.length === 1 ? '' : 's'}
        </span>
      </h1>
      {error === undefined ? null : <p className="error">{error}</p>}
      {data?.clusters.pageInfo.hasNextPage === true ? <p className="muted">The first 100 clusters; GraphiQL reads the rest.</p> : null}
      <table className="grid" data-testid="fleet">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>State</th>
            <th>Brokers ready</th>
            <th>Under-replicated</th>
            <th>Offline</th>
            <th>Cruise Control</th>
            <th>Running operations</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => (
            <ClusterRow key={c.id} cluster={c} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ClusterRow({ cluster: c }: { cluster: FleetCluster }) {
  const degraded = c.counts.brokersReady < c.counts.brokersDesired;
  return (
    <tr data-cluster={`${c.namespace}/${c.name}`}>
      <td>
        <a href={clusterHref(c.namespace, c.name)}>
          <span className="muted">{c.namespace}/</span>
          <strong>{c.name}</strong>
        </a>
        {c.kafkaVersion === null ? null : <span className="muted"> Kafka {c.kafkaVersion}</span>}
      </td>
      <td>
        <Badge value={c.state} />
      </td>
      <td className={degraded ? 'warn-text' : ''}>
        {c.counts.brokersReady} / {c.counts.brokersDesired}
      </td>
      <td className={(c.counts.underReplicatedPartitions ?? 0) > 0 ? 'warn-text' : ''}>{c.counts.underReplicatedPartitions ?? '–'}</td>
      <td className={(c.counts.offlinePartitions ?? 0) > 0 ? 'bad-text' : ''}>{c.counts.offlinePartitions ?? '–'}</td>
      <td>
        <CruiseControlState cc={c.cruiseControl} />
      </td>
      <td className="operations-cell">
        {c.operations.nodes.length === 0 ? <span className="muted">none</span> : null}
        {c.operations.nodes.map((o) => (
          <a key={o.id} className="mini-operation" href={clusterHref(c.namespace, c.name, 'operations')}>
            <span>{o.type.toLowerCase().replace(/_/g, ' ')}</span>
            <OperationProgress operation={o} />
          </a>
        ))}
        {c.operations.totalCount > c.operations.nodes.length ? (
          <span className="muted">+{c.operations.totalCount - c.operations.nodes.length} more</span>
        ) : null}
      </td>
    </tr>
  );
}

interface FleetAnswer {
  clusters: { pageInfo: { hasNextPage: boolean }; nodes: FleetCluster[] };
}

/** Higher first: offline partitions, then missing brokers, under-replication, then work under way. */
function attention(c: FleetCluster): number {
  return (
    ((c.counts.offlinePartitions ?? 0) > 0 ? 8 : 0) +
    (c.counts.brokersReady < c.counts.brokersDesired ? 4 : 0) +
    ((c.counts.underReplicatedPartitions ?? 0) > 0 ? 2 : 0) +
    (c.operations.totalCount > 0 ? 1 : 0)
  );
}
