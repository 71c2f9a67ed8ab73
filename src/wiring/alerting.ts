import type { Router } from 'express';
import { hasCredentials } from '../alerts/auth.js';
import { loadAlertCredentials } from '../alerts/credentials.js';
import { AlertHandler } from '../alerts/handler.js';
import { alertReceiverRouter, type AlertSink } from '../alerts/receiver.js';
import { cruiseControlReplicaCounts } from '../alerts/replicaCounts.js';
import type { Config } from '../config.js';
import type { CruiseControlClients } from '../cruisecontrol/index.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import type { Logger } from '../logging.js';

/** Timings of the alert handler a caller may shorten (tests do). */
export interface AlertTimings {
  claimTimeoutMs?: number;
  sweepIntervalMs?: number;
}

export interface Alerting {
  /** Acts on alerts; none without Kubernetes or under --reconcile=false. */
  handler: AlertHandler | undefined;
  /** The receiver's endpoints; none when no credential is configured (but on the embedded sandbox). */
  router: Router | undefined;
}

/** The alert handler and the endpoints Alertmanager and Prometheus deliver to. */
export function createAlerting(
  config: Config,
  logger: Logger,
  kubernetes: KubernetesConnection,
  cruiseControl: CruiseControlClients,
  timings: AlertTimings = {},
): Alerting {
  // Alerts act through the cluster's spec: only where this server reconciles (--reconcile=false writes nothing).
  const handler =
    kubernetes.kubeConfig !== undefined && config.reconcile
      ? new AlertHandler({ kubeConfig: kubernetes.kubeConfig, logger, replicaCounts: cruiseControlReplicaCounts(cruiseControl), ...timings })
      : undefined;
  return { handler, router: alertEndpoints(config, logger, kubernetes.mode === 'SANDBOX', handler) };
}

/**
 * The alert receiver, or none: with no credential configured it is off, but on the embedded
 * sandbox. Without Kubernetes, or under --reconcile=false, alerts are logged and nothing else.
 */
function alertEndpoints(config: Config, logger: Logger, onSandbox: boolean, handler: AlertHandler | undefined): Router | undefined {
  const credentials = loadAlertCredentials(config);
  const secured = hasCredentials(credentials);
  if (!secured && !onSandbox) {
    if (config.alertsPort !== undefined) logger.warn('--alerts-port ignored: no alert credentials are configured');
    return undefined;
  }
  if (!secured) logger.warn('alert endpoints accept alerts without credentials (embedded sandbox)');
  const sink: AlertSink = {
    receive: (received, origin) => {
      for (const alert of received) {
        logger.info(
          {
            alertname: alert.labels.alertname,
            fingerprint: alert.fingerprint,
            status: alert.status,
            command: alert.annotations.command,
            via: alert.via,
            ...origin,
          },
          'alert received',
        );
      }
      if (handler === undefined) {
        logger.info({ alerts: received.length, reason: config.reconcile ? 'no Kubernetes' : '--reconcile=false' }, 'alerts not acted on');
        return Promise.resolve({ ok: true });
      }
      return handler.receive(received, origin);
    },
  };
  return alertReceiverRouter({ credentials, open: !secured, sink, logger });
}
