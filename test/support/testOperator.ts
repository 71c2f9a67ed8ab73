import { createLogger } from '../../src/logging.js';
import { startOperator, type OperatorOptions, type RunningOperator } from '../../src/operator/runtime.js';
import type { KubeSandbox } from '../../sandbox/kube/index.js';

/**
 * The operator on a Kubernetes sandbox, with timings shortened for tests: Kafka counted healthy
 * (no Kafka runs behind these Pods) and no per-broker dynamic config applied.
 */
export function startTestOperator(sandbox: KubeSandbox, overrides: Partial<OperatorOptions> = {}): Promise<RunningOperator> {
  return startOperator({
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
    kafkaBootstrap: () => undefined,
    ...overrides,
  });
}
