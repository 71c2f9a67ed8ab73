/**
 * KafkaClusters brought up by the operator, for the informer and quiet-fleet benchmarks
 * (docs/benchmarks.md): the spec, the operator on the Kubernetes sandbox alone (its kubelet runs
 * the Pods; no Kafka or Cruise Control behind them, as in the operator's integration tests), and
 * the wait until every cluster runs.
 */
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { CruiseControlClients } from '../src/cruisecontrol/index.js';
import { koperatorCruiseControlUrl } from '../src/domain/addresses.js';
import { KafkaClusterAdmins } from '../src/kafka/clusterAdmins.js';
import { createLogger } from '../src/logging.js';
import { startOperator, type RunningOperator } from '../src/operator/runtime.js';
import type { KubeSandbox } from '../sandbox/kube/index.js';

export const FLEET_NAMESPACE = 'fleet';

/** A KRaft cluster of `brokers` brokers, three of them also controllers, one 10 Gi disk each. */
export function clusterSpec(brokers: number): Record<string, unknown> {
  const disk = {
    mountPath: '/kafka-logs',
    pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
  };
  return {
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    clusterImage: 'apache/kafka:4.1.0',
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
    listenersConfig: {
      internalListeners: [
        { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
        { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
      ],
    },
    brokerConfigGroups: {
      controller: { processRoles: ['broker', 'controller'], storageConfigs: [disk] },
      broker: { processRoles: ['broker'], storageConfigs: [disk] },
    },
    brokers: Array.from({ length: brokers }, (_, id) => ({ id, brokerConfigGroup: id < 3 ? 'controller' : 'broker' })),
  };
}

export interface FleetOperator {
  operator: RunningOperator;
  stop(): Promise<void>;
}

/** The operator as a server starts it, on the Kubernetes sandbox alone: Kafka counted healthy. */
export async function startFleetOperator(sandbox: KubeSandbox): Promise<FleetOperator> {
  // No Kafka runs behind the sandbox's Pods: the operator is given no way to reach one.
  const kafka = new KafkaClusterAdmins(() => undefined);
  const operator = await startOperator({
    kubeConfig: sandbox.kubeConfig,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    namespaces: [FLEET_NAMESPACE],
    reconcile: true,
    installCrds: true,
    leaderElectionNamespace: 'default',
    requeueAfterMs: 200,
    kafkaHealthy: () => Promise.resolve(true),
    cruiseControl: new CruiseControlClients({ url: koperatorCruiseControlUrl() }),
    kafka,
  });
  return {
    operator,
    stop: async () => {
      await operator.stop();
      await kafka.close();
    },
  };
}

/** Creates the clusters, then waits until every one reports ClusterRunning with all its brokers Ready. */
export async function bringUpFleet(
  sandbox: KubeSandbox,
  clusters: number,
  brokers: number,
  onProgress: (running: number) => void = () => undefined,
): Promise<void> {
  const core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  const custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: FLEET_NAMESPACE } } });
  const coordinates = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: FLEET_NAMESPACE, plural: 'kafkaclusters' };
  for (let i = 0; i < clusters; i += 1) {
    const body = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: `kafka-${i}` }, spec: clusterSpec(brokers) };
    await custom.createNamespacedCustomObject({ ...coordinates, body });
  }
  const ready = `${brokers}/${brokers}`;
  for (;;) {
    const list = (await custom.listNamespacedCustomObject(coordinates)) as { items: Array<{ status?: { state?: string; brokersReady?: string } }> };
    const running = list.items.filter((c) => c.status?.state === 'ClusterRunning' && c.status.brokersReady === ready).length;
    onProgress(running);
    if (running === clusters) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
