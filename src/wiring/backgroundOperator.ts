import type { Config } from '../config.js';
import type { CruiseControlClients } from '../cruisecontrol/index.js';
import type { KafkaClusterAdmins } from '../kafka/clusterAdmins.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import type { Logger } from '../logging.js';
import { startOperator, type OperatorOptions, type RunningOperator } from '../operator/runtime.js';
import { DEFAULT_VALIDITY } from '../operator/pki/certificates.js';

/** Timings of the operator a caller may shorten (tests do). */
export type OperatorTimings = Pick<
  OperatorOptions,
  'leaseDurationMs' | 'renewDeadlineMs' | 'retryPeriodMs' | 'requeueAfterMs' | 'operationPollIntervalMs' | 'operationRetryBackoffMs'
>;

export interface BackgroundOperator {
  /** The operator once it started; undefined while Kubernetes cannot be reached. */
  readonly running: RunningOperator | undefined;
  stop(): Promise<void>;
}

export interface BackgroundOperatorOptions {
  config: Config;
  logger: Logger;
  kubernetes: KubernetesConnection;
  cruiseControl: CruiseControlClients;
  kafka: KafkaClusterAdmins;
  timings?: OperatorTimings | undefined;
  onRunning: (running: RunningOperator) => void;
}

const RETRY_MS = 5_000;

/**
 * Starts the operator without holding up the HTTP server: while Kubernetes cannot be reached the
 * server answers /healthz and reports not ready, and the operator keeps trying. None without a
 * Kubernetes connection.
 */
export function startOperatorInBackground(options: BackgroundOperatorOptions): BackgroundOperator | undefined {
  const { config, logger, kubernetes } = options;
  const kubeConfig = kubernetes.kubeConfig;
  if (kubeConfig === undefined) return undefined;
  let running: RunningOperator | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    startOperator({
      kubeConfig,
      logger,
      namespaces: config.namespaces,
      reconcile: config.reconcile,
      installCrds: config.installCrds ?? kubernetes.mode === 'SANDBOX',
      leaderElectionNamespace: config.leaderElectionNamespace,
      cruiseControl: options.cruiseControl,
      kafka: options.kafka,
      certificateValidity: { ...DEFAULT_VALIDITY, serverMs: config.certificateValidityMs },
      ...options.timings,
    }).then(
      (started) => {
        if (stopped) void started.stop();
        else {
          running = started;
          options.onRunning(started);
        }
      },
      (err: unknown) => {
        logger.warn({ err: (err as Error).message, retryInMs: RETRY_MS }, 'operator could not start; retrying');
        if (!stopped) retry = setTimeout(attempt, RETRY_MS);
      },
    );
  };
  attempt();
  return {
    get running() {
      return running;
    },
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await running?.stop();
    },
  };
}
