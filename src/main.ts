import 'reflect-metadata';
import { loadAlertCredentials } from './alerts/credentials.js';
import { startServer } from './app.js';
import { ConfigError, helpText, parseConfig, type Config } from './config.js';
import { resolveKubernetesConnection } from './k8s/connection.js';
import { createLogger } from './logging.js';

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
  const server = await startServer(config, logger);

  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    // A bound on the whole shutdown: a stuck request must not keep the Pod alive forever.
    setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1_000).unref();
    server.stop().then(
      () => {
        logger.info('stopped');
        process.exitCode = 0;
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

main().catch((err: unknown) => {
  console.error('kafkaplane: failed to start:', err);
  process.exit(1);
});
