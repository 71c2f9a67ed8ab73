import type { Preview } from '../api/types';
import { megabytes } from '../parts/format';

/** Cruise Control's dry run: what it would move, and each broker after the move. */
export function PreviewTable({ preview }: { preview: Preview }) {
  return (
    <div className="preview" data-testid="preview">
      <p>
        Cruise Control would move <strong>{preview.replicaMovements}</strong> replicas (<strong>{megabytes(preview.dataToMoveMB)}</strong>) and{' '}
        <strong>{preview.leaderMovements}</strong> leaders
        {preview.intraBrokerReplicaMovements > 0
          ? `, and ${preview.intraBrokerReplicaMovements} replicas between disks (${megabytes(preview.intraBrokerDataToMoveMB)})`
          : ''}
        .
      </p>
      {preview.brokersAfter.length === 0 ? null : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Broker after</th>
              <th>Replicas</th>
              <th>Leaders</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {preview.brokersAfter.map((b) => (
              <tr key={b.brokerId}>
                <td>{b.brokerId}</td>
                <td>{b.replicas}</td>
                <td>{b.leaders}</td>
                <td>{megabytes(b.diskMB)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
