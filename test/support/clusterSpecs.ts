import type { KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';

/** The parts every KRaft test cluster shares: two internal listeners, one of them the controller's. */
export function kraftSpecInput(overrides: Partial<KafkaClusterSpecInput> = {}): KafkaClusterSpecInput {
  return {
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
    listenersConfig: {
      internalListeners: [
        { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
        { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      ],
    },
    brokers: [],
    ...overrides,
  };
}
