import 'reflect-metadata';
import { loadAlertCredentials } from './alerts/credentials.js';
import { startServer, type ServerOverrides } from './app.js';
import { ConfigError, helpText, parseConfig, type Config } from './config.js';
import { resolveKubernetesConnection } from './k8s/connection.js';
import { createLogger, type Logger } from './logging.js';
import { applyDemoCluster } from '../sandbox/demoCluster.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    const parsed = parseConfig(process.argv.slice(2), process.env);
    if (parsed.help) {
      console.log(helpText());
      return;
    }
    config = parsed.config;
    // Kubeconfig and secret files are configuration too: read them once here to report problems.
    resolveKubernetesConnection(config.kubeconfig);
    loadAlertCredentials(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`kafkaplane: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }

  const logger = createLogger(config);
  const sandbox = await embeddedSandbox(config, logger);
  const overrides: ServerOverrides = sandbox
    ? // Cruise Control and Kafka are reached at their cluster names, through the sandbox's cluster DNS.
      { kubernetes: { mode: 'SANDBOX', apiServerUrl: sandbox.kube.url, kubeConfig: sandbox.kube.kubeConfig, clusterDns: sandbox.clusterDns } }
    : {};
  const server = await startServer(config, logger, overrides);
  if (sandbox) {
    await sandbox.writeFiles({ kafkaplane: `${server.url}/graphql` });
    await applyDemoCluster(sandbox.kube.kubeConfig);
    logger.info(
      { kubeconfig: `${sandbox.dir}/kubeconfig`, endpoints: `${sandbox.dir}/endpoints.json` },
      `embedded sandbox: try kubectl --kubeconfig ${sandbox.dir}/kubeconfig get kafkaclusters,pods -n kafka`,
    );
  }

  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    // A bound on the whole shutdown: a stuck request must not keep the Pod alive forever.
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1_000).unref();
    server
      .stop()
      .then(() => sandbox?.close())
      .then(
        () => {
          logger.info('stopped');
          // Exit now: a Kubernetes that never answered may still hold retry timers.
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** The embedded sandbox, when there is no Kubernetes to talk to and --sandbox allows it. */
async function embeddedSandbox(config: Config, logger: Logger): Promise<Sandbox | undefined> {
  if (!config.sandbox || resolveKubernetesConnection(config.kubeconfig).mode !== 'NONE') return undefined;
  // RBAC answers the reviews of --auth kubernetes, as on a real cluster.
  const sandbox = await startSandbox({ dir: config.sandboxDir, kubeReviewsByRbac: true, certManager: config.sandboxCertManager });
  logger.info({ kubernetes: sandbox.kube.url, dir: sandbox.dir }, 'no kubeconfig: running on the embedded sandbox');
  return sandbox;
}

main().catch((err: unknown) => {
  console.error('kafkaplane: failed to start:', err);
  process.exit(1);
});
