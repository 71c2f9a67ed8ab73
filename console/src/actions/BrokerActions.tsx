import { api } from '../api/client';
import { ADD_VOLUME, REMOVE_BROKER, RESIZE_VOLUME } from '../api/documents';
import type { Broker, Cluster, Disk } from '../api/types';
import { ActionButton } from './ActionButton';
import { ActionDialog } from './ActionDialog';
import type { EditPayload } from './outcome';

type Edit = (input: object) => Promise<EditPayload>;
const edit =
  (document: string): Edit =>
  async (input) =>
    (await api.request<{ result: EditPayload }>(document, { input })).result;
const removeBroker = edit(REMOVE_BROKER);
const addVolume = edit(ADD_VOLUME);
const resizeVolume = edit(RESIZE_VOLUME);

interface Props {
  cluster: Cluster;
  broker: Broker;
  onDone: () => void;
}

/** Drained by Cruise Control first; the Pod and its volumes go once Kafka reports it empty. */
export function RemoveBrokerAction({ cluster, broker, onDone }: Props) {
  const id = broker.brokerId;
  return (
    <ActionButton
      label="Remove"
      tone="danger-outline"
      title={`Remove broker ${id}`}
      onDone={onDone}
      dialog={(close) => (
        <ActionDialog
          title={`Remove broker ${id} from ${cluster.name}`}
          confirm={`Remove broker ${id}`}
          onClose={close}
          run={(_values, dryRun) => removeBroker({ clusterId: cluster.id, brokerId: id, dryRun, expectedGeneration: cluster.generation })}
        />
      )}
    />
  );
}

export function AddDiskAction({ cluster, broker, onDone }: Props) {
  const next = `/kafka-logs-${broker.disks.length + 1}`;
  return (
    <ActionButton
      label="Add disk"
      title={`Add a disk to broker ${broker.brokerId}`}
      onDone={onDone}
      dialog={(close) => (
        <ActionDialog
          title={`Add a disk to broker ${broker.brokerId}`}
          confirm="Add the disk"
          onClose={close}
          fields={[
            { name: 'mountPath', label: 'Mount path', initial: next },
            { name: 'size', label: 'Size', placeholder: '100Gi', initial: '100Gi' },
            { name: 'storageClass', label: 'StorageClass (empty: the default)' },
          ]}
          run={(v, dryRun) =>
            addVolume({
              clusterId: cluster.id,
              brokerId: broker.brokerId,
              dryRun,
              expectedGeneration: cluster.generation,
              volume: { mountPath: v.mountPath ?? '', size: v.size ?? '', storageClass: v.storageClass === '' ? undefined : v.storageClass },
            })
          }
        />
      )}
    />
  );
}

export function GrowDiskAction({ cluster, broker, disk, onDone }: Props & { disk: Disk }) {
  return (
    <ActionButton
      label="Grow"
      title={`Grow ${disk.mountPath} of broker ${broker.brokerId}`}
      onDone={onDone}
      dialog={(close) => (
        <ActionDialog
          title={`Grow ${disk.mountPath} of broker ${broker.brokerId} (now ${disk.capacity ?? disk.requestedSize ?? 'unknown'})`}
          confirm="Grow the disk"
          onClose={close}
          fields={[{ name: 'size', label: 'New size', placeholder: '200Gi' }]}
          run={(v, dryRun) =>
            resizeVolume({
              clusterId: cluster.id,
              brokerId: broker.brokerId,
              mountPath: disk.mountPath,
              size: v.size ?? '',
              dryRun,
              expectedGeneration: cluster.generation,
            })
          }
        />
      )}
    />
  );
}
