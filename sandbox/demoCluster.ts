import { CoreV1Api, CustomObjectsApi, ApiException, type KubeConfig } from '@kubernetes/client-node';

/** The demo KafkaCluster the embedded sandbox starts with: 6 KRaft brokers, 3 of them controllers too. */
export const DEMO_CLUSTER = {
  apiVersion: 'kafka.banzaicloud.io/v1beta1',
  kind: 'KafkaCluster',
  metadata: { name: 'kafka', namespace: 'kafka' },
  spec: {
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    clusterImage: 'apache/kafka:4.1.0',
    rackAwareness: { labels: ['topology.kubernetes.io/zone'] },
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
    readOnlyConfig: 'auto.create.topics.enable=false\nmin.insync.replicas=2\n',
    listenersConfig: {
      internalListeners: [
        { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
        { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      ],
    },
    brokerConfigGroups: {
      default: {
        storageConfigs: [
          {
            mountPath: '/kafka-logs',
            pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '100Gi' } } },
          },
        ],
        resourceRequirements: { requests: { cpu: '1', memory: '4Gi' } },
      },
    },
    brokers: [0, 1, 2, 3, 4, 5].map((id) => ({
      id,
      brokerConfigGroup: 'default',
      brokerConfig: { processRoles: id < 3 ? ['broker', 'controller'] : ['broker'] },
    })),
  },
};

/** Creates the demo namespace and KafkaCluster (or a variant of it), unless they exist already. */
export async function applyDemoCluster(kubeConfig: KubeConfig, cluster: typeof DEMO_CLUSTER = DEMO_CLUSTER): Promise<void> {
  const ignoreExists = (err: unknown): void => {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  };
  await kubeConfig
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: 'kafka' } } })
    .catch(ignoreExists);
  await kubeConfig
    .makeApiClient(CustomObjectsApi)
    .createNamespacedCustomObject({ group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: 'kafka', plural: 'kafkaclusters', body: cluster })
    .catch(ignoreExists);
}
