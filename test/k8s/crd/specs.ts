import { kafkaClusterSpecSchema, type KafkaClusterSpec, type KafkaClusterSpecInput } from '../../../src/k8s/crd/kafkaCluster.js';

/** A valid 3-node KRaft spec (combined broker+controller nodes, 10Gi each), for tests to change one thing in. */
export function kraftSpecInput(): KafkaClusterSpecInput {
  return {
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    listenersConfig: {
      internalListeners: [
        { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
        { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      ],
    },
    brokerConfigGroups: {
      default: {
        processRoles: ['broker', 'controller'],
        storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
      },
    },
    brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default' })),
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
  };
}

/** The spec after `change`, parsed as the operator would read it. */
export function kraftSpec(change: (spec: KafkaClusterSpecInput) => void = () => undefined): KafkaClusterSpec {
  const input = kraftSpecInput();
  change(input);
  return kafkaClusterSpecSchema.parse(input);
}
