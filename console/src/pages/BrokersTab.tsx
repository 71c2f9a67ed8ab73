import { AddDiskAction, GrowDiskAction, RemoveBrokerAction } from '../actions/BrokerActions';
import type { Broker, Cluster, Disk } from '../api/types';
import { Badge } from '../parts/Badge';
import { Bar } from '../parts/Bar';
import { bytes, percent } from '../parts/format';

/** Brokers as rows, each disk a usage bar; then the KRaft quorum, conditions and what is not supported. */
export function BrokersTab({ cluster, onChange }: { cluster: Cluster; onChange: () => void }) {
  const leader = cluster.quorum.leaderId;
  return (
    <>
      <table className="grid" data-testid="brokers">
        <thead>
          <tr>
            <th>Broker</th>
            <th>Roles</th>
            <th>Rack</th>
            <th>State</th>
            <th>CPU</th>
            <th>Leaders / replicas</th>
            <th className="disks-col">Disks</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cluster.brokers.nodes.map((b) => (
            <tr key={b.id} data-broker={b.brokerId} data-state={b.state}>
              <td>
                <strong>{b.brokerId}</strong>
                {b.brokerId === leader ? (
                  <span className="tag" title="the active KRaft controller">
                    leader
                  </span>
                ) : null}
              </td>
              <td>{b.roles.map((r) => r.toLowerCase()).join(', ')}</td>
              <td>{b.rack ?? '–'}</td>
              <td>
                <Badge value={b.state} />
                {/* Koperator's graceful state says more while something runs; once it succeeded, the state says it all. */}
                {b.gracefulActionState === null || b.gracefulActionState.endsWith('Succeeded') ? null : (
                  <div className="muted small-text">{b.gracefulActionState}</div>
                )}
              </td>
              <td>{b.load === null ? '–' : percent(b.load.cpuPercent)}</td>
              <td>{b.load === null ? '–' : `${b.load.leaders} / ${b.load.replicas}`}</td>
              <td>
                {b.disks.map((d) => (
                  <DiskRow key={d.id} cluster={cluster} broker={b} disk={d} onChange={onChange} />
                ))}
              </td>
              <td className="row-actions">
                {b.state === 'RUNNING' ? (
                  <>
                    <AddDiskAction cluster={cluster} broker={b} onDone={onChange} />
                    <RemoveBrokerAction cluster={cluster} broker={b} onDone={onChange} />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="columns">
        <Quorum cluster={cluster} />
        <Conditions cluster={cluster} />
      </div>
    </>
  );
}

function DiskRow({ cluster, broker, disk, onChange }: { cluster: Cluster; broker: Broker; disk: Disk; onChange: () => void }) {
  const capacity = disk.capacityBytes ?? disk.requestedBytes;
  const fraction = disk.usedBytes === null || capacity === null || capacity === 0 ? undefined : disk.usedBytes / capacity;
  const label = `${disk.mountPath}: ${bytes(disk.usedBytes)} of ${disk.capacity ?? disk.requestedSize ?? '?'}`;
  return (
    <div className="disk" data-disk={disk.mountPath}>
      <Bar
        kind="usage"
        fraction={fraction}
        label={label}
        title={`${label}${fraction === undefined ? '' : ` (${percent(fraction * 100)})`}, ${disk.state.toLowerCase()}`}
      />
      {disk.state === 'ACTIVE' ? null : <Badge value={disk.state} />}
      {disk.state === 'ACTIVE' && broker.state === 'RUNNING' ? <GrowDiskAction cluster={cluster} broker={broker} disk={disk} onDone={onChange} /> : null}
    </div>
  );
}

function Quorum({ cluster }: { cluster: Cluster }) {
  const q = cluster.quorum;
  return (
    <div className="panel">
      <h3>KRaft quorum</h3>
      <p>
        Voters:{' '}
        {q.controllers.map((c) => (
          <span key={c.brokerId} className={c.brokerId === q.leaderId ? 'tag tag-strong' : 'tag'}>
            {c.brokerId}
          </span>
        ))}
      </p>
      {q.reachable ? (
        <p>
          Leader: broker {q.leaderId ?? '–'}, epoch {q.leaderEpoch ?? '–'}
        </p>
      ) : (
        <p className="warn-text">Kafka cannot be asked: {q.error ?? 'unknown'}</p>
      )}
    </div>
  );
}

function Conditions({ cluster }: { cluster: Cluster }) {
  return (
    <div className="panel">
      <h3>Conditions</h3>
      <ul className="plain">
        {cluster.conditions.map((c) => (
          <li key={c.type}>
            <strong>{c.type}</strong> {c.status} <span className="muted">{c.reason}</span> {c.message}
          </li>
        ))}
      </ul>
      {cluster.specProblems.length === 0 ? null : (
        <>
          <h3>Spec problems</h3>
          <ul className="plain">
            {cluster.specProblems.map((p) => (
              <li key={p.path + p.code} className="bad-text">
                <code>{p.path}</code> {p.code}: {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Unsupported fields</h3>
      {cluster.unsupportedFields.length === 0 ? <p className="muted">none: every field set has its effect</p> : null}
      <ul className="plain">
        {cluster.unsupportedFields.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code> <span className="muted">{f.note}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
