import type { ClusterRef } from './labels.js';

/** The ConfigMap key holding server.properties (Koperator's). */
export const CONFIG_KEY = 'broker-config';
/** The broker image when neither the broker, its group nor spec.clusterImage sets one. */
export const DEFAULT_IMAGE = 'apache/kafka:4.1.0';

/** The names Koperator gives a cluster's objects, which its users' tooling expects. */
export const configMapName = (cluster: Pick<ClusterRef, 'name'>, brokerId: number): string => `${cluster.name}-config-${brokerId}`;
export const brokerServiceName = (cluster: ClusterRef, brokerId: number): string => `${cluster.name}-${brokerId}`;
export const headlessServiceName = (cluster: ClusterRef): string => `${cluster.name}-headless`;
/** The JMX exporter's rules for the brokers (Koperator's kafkamonitoring.BrokerJmxTemplate). */
export const jmxExporterConfigMapName = (cluster: ClusterRef): string => `${cluster.name}-kafka-jmx-exporter`;
