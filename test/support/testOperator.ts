import { CruiseControlClients } from '../../src/cruisecontrol/index.js';
import { koperatorCruiseControlUrl } from '../../src/domain/addresses.js';
import { ClientCertificateReader } from '../../src/k8s/clientCertificates.js';
import { ScramPasswordReader } from '../../src/k8s/scramPasswords.js';
import { installClusterDns, type ClusterDns } from '../../src/k8s/clusterDns.js';
import { KafkaClusterAdmins } from '../../src/kafka/clusterAdmins.js';
import { createLogger } from '../../src/logging.js';
import { startOperator, type OperatorOptions, type RunningOperator } from '../../src/operator/runtime.js';
import type { KubeSandbox } from '../../sandbox/kube/index.js';

/** What a test may change of the operator: its options, and the cluster DNS through which it reaches Cruise Control and Kafka. */
export type TestOperatorOptions = Partial<Omit<OperatorOptions, 'cruiseControl' | 'kafka'>> & {
  /** The sandbox's cluster DNS: Kafka is then reached at its brokers' addresses from the spec; without it, Kafka is not reached at all. */
  clusterDns?: ClusterDns;
  /** The User-Agent of its requests to Cruise Control, to tell them from another replica's. */
  cruiseControlUserAgent?: string;
};

/**
 * The operator on a Kubernetes sandbox, with timings shortened for tests: Kafka counted healthy
 * (no Kafka runs behind these Pods) and no per-broker dynamic config applied. Its Cruise Control
 * and Kafka clients are its own, as a server's are, and close with it.
 */
export async function startTestOperator(sandbox: KubeSandbox, options: TestOperatorOptions = {}): Promise<RunningOperator> {
  const { clusterDns, cruiseControlUserAgent, ...overrides } = options;
  const uninstallClusterDns = clusterDns ? installClusterDns(clusterDns) : undefined;
  const certificates = new ClientCertificateReader(sandbox.kubeConfig);
  const scramPasswords = new ScramPasswordReader(sandbox.kubeConfig);
  const kafka = new KafkaClusterAdmins(
    clusterDns ? undefined : () => undefined,
    (cluster, secret, signal) => certificates.read(cluster, secret, signal),
    (cluster, secret, key, signal) => scramPasswords.read(cluster, secret, key, signal),
  );
  const operator = await startOperator({
    kubeConfig: sandbox.kubeConfig,
    logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    namespaces: undefined,
    reconcile: true,
    installCrds: true,
    leaderElectionNamespace: 'default',
    leaseDurationMs: 1_500,
    renewDeadlineMs: 1_000,
    retryPeriodMs: 200,
    requeueAfterMs: 50,
    kafkaHealthy: () => Promise.resolve(true),
    cruiseControl: new CruiseControlClients({ url: koperatorCruiseControlUrl(), userAgent: cruiseControlUserAgent }),
    kafka,
    ...overrides,
  });
  return {
    ...operator,
    isLeader: () => operator.isLeader(),
    stop: async () => {
      await operator.stop();
      await kafka.close();
      uninstallClusterDns?.();
    },
  };
}
