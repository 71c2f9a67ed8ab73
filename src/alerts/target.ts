/**
 * Which KafkaCluster an alert is about, by Koperator's labels (internal/alertmanager
 * currentalert): `kafka_cr` and `namespace`, or else the `persistentvolumeclaim` in `namespace`,
 * whose own `kafka_cr` label names the cluster.
 */
export type AlertTarget = { namespace: string; cluster: string } | { namespace: string; pvc: string };

export function alertTarget(labels: Readonly<Record<string, string>>): AlertTarget | undefined {
  const namespace = labels.namespace;
  if (namespace === undefined || namespace === '') return undefined;
  if (labels.kafka_cr !== undefined && labels.kafka_cr !== '') return { namespace, cluster: labels.kafka_cr };
  if (labels.persistentvolumeclaim !== undefined && labels.persistentvolumeclaim !== '') return { namespace, pvc: labels.persistentvolumeclaim };
  return undefined;
}
