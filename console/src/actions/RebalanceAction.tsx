import { api } from '../api/client';
import { REBALANCE } from '../api/documents';
import type { Cluster } from '../api/types';
import { ActionButton } from './ActionButton';
import { ActionDialog } from './ActionDialog';
import { fromRebalance, type RebalancePayload } from './outcome';

/** An on-demand rebalance, across brokers or across the disks of each broker. */
export function RebalanceAction({ cluster, onDone }: { cluster: Cluster; onDone: () => void }) {
  return (
    <ActionButton
      label="Rebalance…"
      tone="primary"
      onDone={onDone}
      dialog={(close) => (
        <ActionDialog
          title={`Rebalance ${cluster.name}`}
          confirm="Rebalance"
          onClose={close}
          fields={[
            { name: 'rebalanceDisk', label: 'Balance the disks inside each broker rather than the brokers', checkbox: true, initial: 'false' },
            { name: 'excludedTopics', label: 'Topics that stay where they are (a regular expression)' },
          ]}
          run={async (v, dryRun) => {
            const input = {
              clusterId: cluster.id,
              dryRun,
              rebalanceDisk: v.rebalanceDisk === 'true',
              excludedTopics: v.excludedTopics === '' ? undefined : v.excludedTopics,
            };
            return fromRebalance((await api.request<{ result: RebalancePayload }>(REBALANCE, { input })).result);
          }}
        />
      )}
    />
  );
}
