import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { BrokerConfig, KafkaClusterSpec } from '../../k8s/crd/kafkaCluster.js';
import { clusterLabels, ownerReference, type ClusterRef } from '../../domain/labels.js';
import { jmxExporterConfigMapName } from '../../domain/objectNames.js';
import {
  DEFAULT_JMX_EXPORTER_IMAGE,
  DEFAULT_JMX_EXPORTER_JAR,
  DEFAULT_METRICS_REPORTER_IMAGE,
  EXTENSIONS_DIR,
  METRICS_REPORTER_JAR_IN_IMAGE,
} from '../../domain/images.js';

/** The port the JMX exporter serves Prometheus on (Koperator's MetricsPort). */
export const METRICS_PORT = 9020;
const JMX_JAR_DIR = '/opt/jmx-exporter';
const JMX_CONFIG_DIR = '/etc/jmx-exporter';
const EXTENSIONS_VOLUME = 'extensions';
const JMX_JAR_VOLUME = 'jmx-jarfile';

/**
 * A sane default rule set: broker, request, log and controller MBeans as Prometheus metrics,
 * lower-cased, with the topic and partition as labels where Kafka names them.
 */
export const DEFAULT_KAFKA_JMX_EXPORTER_CONFIG = `lowercaseOutputName: true
lowercaseOutputLabelNames: true
rules:
  # Gauges: kafka_server_replicamanager_underreplicatedpartitions, ..._partitioncount
  - pattern: 'kafka.(server|network|controller|log|cluster)<type=(.+), name=(.+), topic=(.+), partition=(.+)><>Value'
    name: kafka_$1_$2_$3
    type: GAUGE
    labels:
      topic: '$4'
      partition: '$5'
  - pattern: 'kafka.(server|network|controller|log)<type=(.+), name=(.+)><>Value'
    name: kafka_$1_$2_$3
    type: GAUGE
  # Meters and timers: kafka_server_brokertopicmetrics_bytesinpersec_oneminuterate,
  # kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_oneminuterate
  - pattern: 'kafka.(server|network|controller|log)<type=(.+), name=(.+), topic=(.+)><>(Count|OneMinuteRate)'
    name: kafka_$1_$2_$3_$5
    labels:
      topic: '$4'
  - pattern: 'kafka.(server|network|controller|log)<type=(.+), name=(.+)><>(Count|OneMinuteRate|Mean|99thPercentile)'
    name: kafka_$1_$2_$3_$4
  - pattern: 'kafka.server<type=raft-metrics><>(.+)'
    name: kafka_server_raft_metrics_$1
    type: GAUGE
`;

/** The JMX exporter's rules for the cluster's brokers: kafkaJMXExporterConfig, else the default set. */
export function jmxExporterConfigMap(cluster: ClusterRef, spec: KafkaClusterSpec): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: jmxExporterConfigMapName(cluster),
      namespace: cluster.namespace,
      labels: clusterLabels(cluster),
      ownerReferences: [ownerReference(cluster)],
    },
    data: { 'config.yaml': spec.monitoringConfig?.kafkaJMXExporterConfig ?? DEFAULT_KAFKA_JMX_EXPORTER_CONFIG },
  };
}

/**
 * The metrics reporter image: the broker's (or its group's) metricsReporterImage, else the
 * cluster's, else the Cruise Control image, else the default (Koperator's
 * GetBrokerMetricsReporterImage and GetClusterMetricsReporterImage).
 */
export function metricsReporterImage(spec: KafkaClusterSpec, effective: BrokerConfig): string {
  return effective.metricsReporterImage ?? spec.clusterMetricsReporterImage ?? spec.cruiseControlConfig?.image ?? DEFAULT_METRICS_REPORTER_IMAGE;
}

/** What a broker Pod gets for Cruise Control's metrics and Prometheus, as adobe/koperator pkg/resources/kafka/pod.go builds it. */
export interface BrokerMonitoring {
  initContainers: IContainer[];
  volumes: IVolume[];
  /** Mounts of the kafka container. */
  mounts: IVolumeMount[];
  env: IEnvVar[];
  annotations: Record<string, string>;
}

/**
 * Init containers copying the Cruise Control metrics reporter jar (only for a node whose
 * server.properties names it in metric.reporters) and the JMX exporter javaagent into emptyDirs
 * the kafka container loads them from: the reporter through CLASSPATH, the agent through KAFKA_OPTS.
 */
export function brokerMonitoring(cluster: ClusterRef, spec: KafkaClusterSpec, effective: BrokerConfig, needsReporter: boolean): BrokerMonitoring {
  const reporter: IContainer = {
    name: 'cruise-control-reporter',
    image: metricsReporterImage(spec, effective),
    command: ['/bin/sh', '-cex', `cp -v ${METRICS_REPORTER_JAR_IN_IMAGE} ${EXTENSIONS_DIR}/cruise-control-metrics-reporter.jar`],
    volumeMounts: [{ name: EXTENSIONS_VOLUME, mountPath: EXTENSIONS_DIR }],
  };
  const jmx: IContainer = {
    name: 'jmx-exporter',
    image: spec.monitoringConfig?.jmxImage ?? DEFAULT_JMX_EXPORTER_IMAGE,
    command: ['cp', spec.monitoringConfig?.pathToJar ?? DEFAULT_JMX_EXPORTER_JAR, `${JMX_JAR_DIR}/jmx_prometheus.jar`],
    volumeMounts: [{ name: JMX_JAR_VOLUME, mountPath: `${JMX_JAR_DIR}/` }],
  };
  const configVolume = jmxExporterConfigMapName(cluster);
  return {
    initContainers: [...(needsReporter ? [reporter] : []), jmx],
    volumes: [
      { name: EXTENSIONS_VOLUME, emptyDir: {} },
      { name: JMX_JAR_VOLUME, emptyDir: {} },
      { name: configVolume, configMap: { name: configVolume, defaultMode: 0o644 } },
    ],
    mounts: [
      { name: EXTENSIONS_VOLUME, mountPath: EXTENSIONS_DIR },
      { name: JMX_JAR_VOLUME, mountPath: `${JMX_JAR_DIR}/` },
      { name: configVolume, mountPath: `${JMX_CONFIG_DIR}/` },
    ],
    env: [
      { name: 'CLASSPATH', value: `${EXTENSIONS_DIR}/*` },
      { name: 'KAFKA_OPTS', value: `-javaagent:${JMX_JAR_DIR}/jmx_prometheus.jar=${METRICS_PORT}:${JMX_CONFIG_DIR}/config.yaml` },
    ],
    annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(METRICS_PORT) },
  };
}
