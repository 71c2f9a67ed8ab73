import { useState } from 'react';
import { BROKER_CONFIG, CLUSTER_CONFIG } from '../api/documents';
import type { Cluster, ConfigEntry, ConfigSource } from '../api/types';
import { useLiveQuery } from '../live/useLiveQuery';

const SOURCES: Array<{ source: ConfigSource; title: string }> = [
  { source: 'CLUSTER', title: 'Cluster-wide (spec.readOnlyConfig)' },
  { source: 'GROUP', title: 'Broker config group' },
  { source: 'BROKER', title: 'The broker’s own' },
  { source: 'OPERATOR', title: 'Set by kafkaplane' },
  { source: 'DYNAMIC', title: 'Dynamic cluster default (spec.clusterWideConfig, and Kafka’s)' },
  { source: 'DEFAULT', title: 'Kafka’s defaults, as the broker reports them' },
];

interface Answer {
  cluster: { configs?: ConfigEntry[]; broker?: { configs: ConfigEntry[] } | null } | null;
}

/** Configuration by where each value comes from: the cluster's, or one broker's as Kafka sees it. */
export function ConfigTab({ cluster }: { cluster: Cluster }) {
  const [broker, setBroker] = useState<number>();
  const [filter, setFilter] = useState('');
  const where = { namespace: cluster.namespace, name: cluster.name };
  const { data, error } = useLiveQuery<Answer>(
    broker === undefined ? CLUSTER_CONFIG : BROKER_CONFIG,
    broker === undefined ? where : { ...where, brokerId: broker },
    [],
    30_000,
  );
  const entries = (broker === undefined ? data?.cluster?.configs : data?.cluster?.broker?.configs) ?? [];
  const shown = entries.filter((e) => e.name.includes(filter.trim()));
  return (
    <div className="panel">
      <div className="title-row">
        <label className="inline">
          Of{' '}
          <select value={broker ?? ''} onChange={(e) => setBroker(e.target.value === '' ? undefined : Number(e.target.value))} name="config-broker">
            <option value="">the cluster</option>
            {cluster.brokers.nodes.map((b) => (
              <option key={b.brokerId} value={b.brokerId}>
                broker {b.brokerId}
              </option>
            ))}
          </select>
        </label>
        <input placeholder="filter by name" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      {error === undefined ? null : <p className="error">{error}</p>}
      {data === undefined ? <p className="muted">loading…</p> : null}
      {SOURCES.map(({ source, title }) => {
        const group = shown.filter((e) => e.source === source);
        if (group.length === 0) return null;
        return (
          <details key={source} open={source !== 'DEFAULT'}>
            <summary>
              {title} <span className="muted">{group.length}</span>
            </summary>
            <table className="grid compact config">
              <tbody>
                {group.map((e) => (
                  <tr key={e.name}>
                    <td>
                      <code>{e.name}</code>
                    </td>
                    <td>{e.sensitive ? <span className="muted">hidden</span> : <code>{e.value ?? ''}</code>}</td>
                    <td className="muted">
                      {e.dynamic ? 'live' : 'restart'}
                      {e.restartPending ? ', restart pending' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
    </div>
  );
}
