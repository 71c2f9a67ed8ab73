import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CruiseControlClients } from '../../src/cruisecontrol/index.js';
import { koperatorCruiseControlUrl } from '../../src/domain/addresses.js';
import { KafkaClusterAdmins } from '../../src/kafka/clusterAdmins.js';
import { installCrds } from '../../src/k8s/installCrds.js';
import { createLogger } from '../../src/logging.js';
import { startOperator, type RunningOperator } from '../../src/operator/runtime.js';
import { startKubeSandbox, type KubeSandbox } from '../../sandbox/kube/index.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

let sandbox: KubeSandbox;
let operator: RunningOperator;
const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });

beforeAll(async () => {
  sandbox = await startKubeSandbox();
  await installCrds(sandbox.kubeConfig, logger);
  await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'kafka' } } });
  operator = await startOperator({
    kubeConfig: sandbox.kubeConfig,
    logger,
    namespaces: ['kafka'],
    reconcile: false,
    installCrds: false,
    leaderElectionNamespace: 'default',
    cruiseControl: new CruiseControlClients({ url: koperatorCruiseControlUrl() }),
    kafka: new KafkaClusterAdmins(),
  });
});
afterAll(async () => {
  await operator.stop();
  await sandbox.close();
});

describe('--reconcile=false', () => {
  it('watches clusters another operator manages, and writes nothing at all', async () => {
    sandbox.faults.resetCounts();
    const spec = kraftSpecInput({
      brokerConfigGroups: {
        default: {
          processRoles: ['broker', 'controller'],
          storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '1Gi' } } } }],
        },
      },
      brokers: [{ id: 0, brokerConfigGroup: 'default' }],
    });
    await sandbox.kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'kafka.banzaicloud.io',
      version: 'v1beta1',
      namespace: 'kafka',
      plural: 'kafkaclusters',
      body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'managed-elsewhere' }, spec },
    });
    await expect.poll(() => operator.cache.get('KafkaCluster', 'kafka', 'managed-elsewhere')?.metadata?.name, { timeout: 5_000 }).toBe('managed-elsewhere');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The test's own create is the only write: no Lease, no Pod, no status.
    expect(sandbox.faults.writes()).toBe(1);
    expect(operator.isLeader()).toBe(false);
  });
});
