import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { kafkaClusterSpecSchema, type KafkaClusterSpec, type KafkaClusterSpecInput } from '../../../src/k8s/crd/index.js';
import type { EditContext } from '../../../src/operator/edits/index.js';
import { kraftSpecInput } from '../../support/clusterSpecs.js';

export const volume = (mountPath: string, size = '100Gi', storageClassName = 'standard') => ({
  mountPath,
  pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage: size } } },
});

/** Six brokers of the group `default` (one 100Gi volume); 3, 4 and 5 are the KRaft controllers too. */
export function sixBrokers(overrides: Partial<KafkaClusterSpecInput> = {}): KafkaClusterSpec {
  return kafkaClusterSpecSchema.parse(
    kraftSpecInput({
      brokerConfigGroups: { default: { storageConfigs: [volume('/kafka-logs')] } },
      brokers: [0, 1, 2, 3, 4, 5].map((id) => ({
        id,
        brokerConfigGroup: 'default',
        brokerConfig: { processRoles: id >= 3 ? ['broker', 'controller'] : ['broker'] },
      })),
      ...overrides,
    }),
  );
}

const storageClass = (name: string, allowVolumeExpansion: boolean, isDefault = false): IStorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  provisioner: 'x',
  allowVolumeExpansion,
});

export function pvc(brokerId: number, mountPath: string, request = '100Gi', capacity = request, storageClassName = 'standard'): IPersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: `kafka-${brokerId}-storage-0-abcde`,
      namespace: 'kafka',
      labels: { app: 'kafka', kafka_cr: 'kafka', brokerId: String(brokerId) },
      annotations: { mountPath },
    },
    spec: { storageClassName, resources: { requests: { storage: request } } },
    status: { phase: 'Bound', capacity: { storage: capacity } },
  };
}

export function context(spec: KafkaClusterSpec, pvcs: IPersistentVolumeClaim[] = [0, 1, 2, 3, 4, 5].map((id) => pvc(id, '/kafka-logs'))): EditContext {
  return {
    spec,
    status: undefined,
    storageClasses: new Map([storageClass('standard', true, true), storageClass('fixed', false)].map((sc) => [sc.metadata?.name ?? '', sc])),
    pvcs,
  };
}

export function node(name: string, cpu: string, memory: string): INode {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable: { cpu, memory } } };
}
