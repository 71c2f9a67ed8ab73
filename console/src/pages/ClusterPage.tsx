import { useEffect, useMemo, useState } from 'react';
import { BROKER_UPDATES, CLUSTER, EVENT_UPDATES, OPERATION_UPDATES } from '../api/documents';
import type { Cluster } from '../api/types';
import { RebalanceAction } from '../actions/RebalanceAction';
import { useLiveQuery, type Trigger } from '../live/useLiveQuery';
import { Badge } from '../parts/Badge';
import { CruiseControlState } from '../parts/CruiseControlState';
import { clusterHref, type Tab } from '../route';
import { BrokersTab } from './BrokersTab';
import { ConfigTab } from './ConfigTab';
import { EventsTab } from './EventsTab';
import { OperationsTab } from './OperationsTab';

const TAB_NAMES: Record<Tab, string> = { brokers: 'Brokers', operations: 'Operations', events: 'Events and alerts', config: 'Configuration' };

/** One cluster: its figures on top, then brokers, operations, events or configuration. */
export function ClusterPage({ namespace, name, tab }: { namespace: string; name: string; tab: Tab }) {
  const [clusterId, setClusterId] = useState<string>();
  const triggers = useMemo<Trigger[]>(
    () => (clusterId === undefined ? [] : [OPERATION_UPDATES, BROKER_UPDATES, EVENT_UPDATES].map((query) => ({ query, variables: { clusterId } }))),
    [clusterId],
  );
  const { data, error, refresh } = useLiveQuery<{ cluster: Cluster | null }>(CLUSTER, { namespace, name }, triggers);
  const cluster = data?.cluster;
  const loadedId = cluster?.id;
  useEffect(() => setClusterId(loadedId), [loadedId]);
  if (data === undefined) return <p className="muted">{error ?? 'loading…'}</p>;
  if (cluster === null || cluster === undefined)
    return (
      <p className="error">
        There is no KafkaCluster {namespace}/{name}.
      </p>
    );
  const c = cluster;
  return (
    <section>
      <div className="title-row">
        <h1>
          <span className="muted">{c.namespace}/</span>
          {c.name} <Badge value={c.state} />
        </h1>
        <RebalanceAction cluster={c} onDone={refresh} />
      </div>
      {error === undefined ? null : <p className="error">{error}</p>}
      <div className="figures">
        <Figure label="Brokers ready" value={`${c.counts.brokersReady} / ${c.counts.brokersDesired}`} bad={c.counts.brokersReady < c.counts.brokersDesired} />
        <Figure label="Partitions" value={String(c.counts.partitions ?? '–')} />
        <Figure label="Under-replicated" value={String(c.counts.underReplicatedPartitions ?? '–')} bad={(c.counts.underReplicatedPartitions ?? 0) > 0} />
        <Figure label="Offline" value={String(c.counts.offlinePartitions ?? '–')} bad={(c.counts.offlinePartitions ?? 0) > 0} />
        <div className="figure">
          <span className="figure-label">Cruise Control</span>
          <span className="figure-value">
            <CruiseControlState cc={c.cruiseControl} />
          </span>
        </div>
        <Figure label="Kafka" value={c.kafkaVersion ?? '–'} />
        <Figure label="Generation" value={`${c.generation}${c.observedGeneration === c.generation ? '' : ` (operator at ${c.observedGeneration ?? '–'})`}`} />
      </div>
      <nav className="tabs">
        {(Object.keys(TAB_NAMES) as Tab[]).map((t) => (
          <a key={t} href={clusterHref(c.namespace, c.name, t)} className={t === tab ? 'tab tab-active' : 'tab'}>
            {TAB_NAMES[t]}
            {t === 'operations' ? <Running cluster={c} /> : null}
          </a>
        ))}
      </nav>
      {tab === 'brokers' ? <BrokersTab cluster={c} onChange={refresh} /> : null}
      {tab === 'operations' ? <OperationsTab cluster={c} onChange={refresh} /> : null}
      {tab === 'events' ? <EventsTab cluster={c} /> : null}
      {tab === 'config' ? <ConfigTab cluster={c} /> : null}
    </section>
  );
}

function Figure({ label, value, bad = false }: { label: string; value: string; bad?: boolean }) {
  return (
    <div className="figure">
      <span className="figure-label">{label}</span>
      <span className={bad ? 'figure-value warn-text' : 'figure-value'}>{value}</span>
    </div>
  );
}

function Running({ cluster }: { cluster: Cluster }) {
  const n = cluster.operations.nodes.filter((o) => o.state === 'RUNNING' || o.state === 'PENDING' || o.state === 'RETRYING').length;
  return n === 0 ? null : <span className="count">{n}</span>;
}
