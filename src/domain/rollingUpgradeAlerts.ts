import type { IEvent } from 'kubernetes-models/v1/Event';
import { LABEL_ALERT_COMMAND, storedAlertOf } from './alertEvents.js';

/**
 * Koperator's label for alerts that hold a rolling upgrade: while alerts carrying it fire, their
 * number counts against rollingUpgradeConfig.failureThreshold (Koperator pkg/resources/kafka/kafka.go and internal/alertmanager; its
 * alert manager sets status.rollingUpgradeStatus.errorCount to how many it holds).
 */
export const ROLLING_UPGRADE_LABEL = 'rollingupgrade';

/**
 * The names of the alerts labelled `rollingupgrade` firing on the cluster: recorded firing, with
 * no record of their resolution yet. `events` are the Events of the cluster's namespace, as the
 * cache holds them (the alert records among them). Pure.
 */
export function firingRollingUpgradeAlerts(events: readonly IEvent[], cluster: string): string[] {
  const names = new Set(events.map((e) => e.metadata?.name));
  const firing: string[] = [];
  for (const event of events) {
    if (event.involvedObject.kind !== 'KafkaCluster' || event.involvedObject.name !== cluster) continue;
    if (event.metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined) continue;
    const alert = storedAlertOf(event);
    if (alert === undefined || alert.status !== 'firing' || !(ROLLING_UPGRADE_LABEL in alert.labels)) continue;
    if (names.has(`${event.metadata.name ?? ''}-resolved`)) continue;
    firing.push(alert.labels.alertname ?? alert.fingerprint);
  }
  return firing.sort();
}
