/**
 * The Kubernetes objects of a cluster's Cruise Control, with Koperator's names and labels
 * (adobe/koperator pkg/resources/cruisecontrol deployment.go, service.go, configmap.go).
 */
import { createHash } from 'node:crypto';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import stringify from 'safe-stable-stringify';
import type { KafkaClusterSpec } from '../../k8s/crd/kafkaCluster.js';
import { DEFAULT_CRUISE_CONTROL_IMAGE, DEFAULT_JMX_EXPORTER_IMAGE, DEFAULT_JMX_EXPORTER_JAR } from '../../domain/images.js';
import { LABEL_APP, LABEL_CLUSTER, LABEL_MANAGED_BY, ownerReference, type ClusterRef } from '../../domain/labels.js';
import { SCRAM_USERS } from '../../domain/scramUsers.js';
import {
  SCRAM_DIR,
  CLIENT_CERTIFICATE_DIR,
  CLIENT_KEYSTORE_DIR,
  CLIENT_KEYSTORE_FILE,
  CONFIG_DIR,
  CREDENTIALS_DIR,
  CRUISE_CONTROL_PORT,
  TRUSTSTORE_DIR,
} from './properties.js';
import type { TrustedCaKey } from '../../domain/interBrokerCa.js';
import { httpsReadinessProbe, webserverTlsVolume } from './webserverTls.js';

/** On the Pod template: the hash of the ConfigMap data, so that a change of it rolls the Pod. */
export const ANNOTATION_CONFIG_HASH = 'cruiseControlConfig.kafkaplane.io/hash';
export const CONTAINER_NAME = 'cruisecontrol';
const CONFIG_VOLUME = 'cruisecontrol-config';
const CREDENTIALS_VOLUME = 'cruisecontrol-credentials';
const CLIENT_CERTIFICATE_VOLUME = 'kafka-client-certificate';
const CLIENT_KEYSTORE_VOLUME = 'kafka-client-keystore';
const SCRAM_VOLUME = 'kafkaplane-scram';
const TRUSTSTORE_VOLUME = 'kafka-truststore';
const JMX_JAR_VOLUME = 'jmx-jarfile';
const JMX_JAR_DIR = '/opt/jmx-exporter/';
const JMX_CONFIG_VOLUME = 'jmx-config';
const JMX_CONFIG_DIR = '/etc/jmx-exporter/';
const METRICS_PORT = 9020;
/** Koperator's default Cruise Control resources (api/v1beta1 CruiseControlConfig.GetResources). */
const DEFAULT_RESOURCES = { requests: { cpu: '200m', memory: '768Mi' }, limits: { cpu: '200m', memory: '768Mi' } };

export const deploymentName = (cluster: ClusterRef): string => `${cluster.name}-cruisecontrol`;
export const configMapName = (cluster: ClusterRef): string => `${cluster.name}-cruisecontrol-config`;
export const serviceName = (cluster: ClusterRef): string => `${cluster.name}-cruisecontrol-svc`;
export const jmxConfigMapName = (cluster: ClusterRef): string => `${cluster.name}-cc-jmx-exporter`;

/** The selector of Cruise Control's Pod, also its labels (ccLabelSelector). */
export function cruiseControlSelector(cluster: ClusterRef): Record<string, string> {
  return { [LABEL_APP]: 'cruisecontrol', [LABEL_CLUSTER]: cluster.name };
}

function metadata(cluster: ClusterRef, name: string): NonNullable<IConfigMap['metadata']> {
  return {
    name,
    namespace: cluster.namespace,
    labels: { ...cruiseControlSelector(cluster), [LABEL_MANAGED_BY]: 'kafkaplane' },
    ownerReferences: [ownerReference(cluster)],
  };
}

export type ConfigData = Record<'cruisecontrol.properties' | 'capacity.json' | 'clusterConfigs.json' | 'log4j.properties', string>;

export function cruiseControlConfigMap(cluster: ClusterRef, data: ConfigData): IConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(cluster, configMapName(cluster)), data };
}

/** A JMX exporter rule set for Cruise Control's own MBeans, when monitoringConfig.cCJMXExporterConfig is not given. */
export const DEFAULT_CC_JMX_EXPORTER_CONFIG = `lowercaseOutputName: true
rules:
  - pattern: 'kafka.cruisecontrol<name=(.+)><>(\\w+)'
    name: kafka_cruisecontrol_$1_$2
    type: GAUGE
`;

export function jmxExporterConfigMap(cluster: ClusterRef, spec: KafkaClusterSpec): IConfigMap {
  const config = spec.monitoringConfig?.cCJMXExporterConfig ?? DEFAULT_CC_JMX_EXPORTER_CONFIG;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(cluster, jmxConfigMapName(cluster)), data: { 'config.yaml': config } };
}

export function cruiseControlService(cluster: ClusterRef): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(cluster, serviceName(cluster)),
    spec: {
      type: 'ClusterIP',
      selector: cruiseControlSelector(cluster),
      ports: [{ name: 'cc', port: CRUISE_CONTROL_PORT, targetPort: CRUISE_CONTROL_PORT, protocol: 'TCP' }],
    },
  };
}

/** The hash the Pod template carries: everything the Pod reads at start from its ConfigMaps. */
export function configHash(...data: ReadonlyArray<Record<string, string> | undefined>): string {
  return createHash('sha256').update(stringify(data)).digest('hex').slice(0, 32);
}

/**
 * `credentialsSecret`: the Secret of the web server's credentials file, when the KafkaCluster names one;
 * `tlsSecret`: the Secret of its HTTPS keystore, when it names one;
 * `clientCertificateSecret`: the client certificate its Kafka clients present on an ssl inter-broker listener;
 * `scramSecret`: the Secret of kafkaplane's SCRAM users, whose password its Kafka clients read on a SASL one;
 * `trustedCa`: the Secret key of the CA its Kafka clients trust on a sasl_ssl one.
 */
export function cruiseControlDeployment(
  cluster: ClusterRef,
  spec: KafkaClusterSpec,
  hash: string,
  credentialsSecret?: string,
  tlsSecret?: string,
  clientCertificateSecret?: string,
  scramSecret?: string,
  trustedCa?: TrustedCaKey,
): IDeployment {
  const cc = spec.cruiseControlConfig;
  const monitoring = spec.monitoringConfig;
  const selector = cruiseControlSelector(cluster);
  const volumes: IVolume[] = [...(cc.volumes ?? []), { name: CONFIG_VOLUME, configMap: { name: configMapName(cluster), defaultMode: 0o644 } }];
  const mounts: IVolumeMount[] = [...(cc.volumeMounts ?? []), { name: CONFIG_VOLUME, mountPath: CONFIG_DIR }];
  if (credentialsSecret !== undefined) {
    // A Secret volume, never a ConfigMap: the passwords stay in the Secret. Readable by the
    // container's user whatever the image runs as (no fsGroup is set); it is the Pod's only container.
    volumes.push({ name: CREDENTIALS_VOLUME, secret: { secretName: credentialsSecret, defaultMode: 0o444 } });
    mounts.push({ name: CREDENTIALS_VOLUME, mountPath: CREDENTIALS_DIR, readOnly: true });
  }
  if (tlsSecret !== undefined) {
    const { volume, mount } = webserverTlsVolume(tlsSecret);
    volumes.push(volume);
    mounts.push(mount);
  }
  if (scramSecret !== undefined) {
    // Only Cruise Control's own password is projected: the brokers' and kafkaplane's stay out of its
    // Pod. Readable by the container's user whatever the image runs as, as the credentials above.
    const own = SCRAM_USERS.cruiseControl.passwordKey;
    volumes.push({ name: SCRAM_VOLUME, secret: { secretName: scramSecret, defaultMode: 0o444, items: [{ key: own, path: own }] } });
    mounts.push({ name: SCRAM_VOLUME, mountPath: SCRAM_DIR, readOnly: true });
  }
  if (trustedCa !== undefined) {
    // Only the CA certificate is projected: the Secret may hold the CA's or a broker's private key too.
    volumes.push({
      name: TRUSTSTORE_VOLUME,
      secret: { secretName: trustedCa.secretName, defaultMode: 0o444, items: [{ key: trustedCa.key, path: 'ca.crt' }] },
    });
    mounts.push({ name: TRUSTSTORE_VOLUME, mountPath: TRUSTSTORE_DIR, readOnly: true });
  }
  const initContainers: IContainer[] = [...(cc.initContainers ?? [])];
  if (clientCertificateSecret !== undefined) {
    // As the brokers' keystores: the Secret read-only, key and certificate joined into one PEM
    // file on a memory volume (Kafka's PEM keystore wants both in one file), never in the ConfigMap.
    const secretMount: IVolumeMount = { name: CLIENT_CERTIFICATE_VOLUME, mountPath: CLIENT_CERTIFICATE_DIR, readOnly: true };
    const keystoreMount: IVolumeMount = { name: CLIENT_KEYSTORE_VOLUME, mountPath: CLIENT_KEYSTORE_DIR };
    volumes.push(
      { name: CLIENT_CERTIFICATE_VOLUME, secret: { secretName: clientCertificateSecret, defaultMode: 0o440 } },
      { name: CLIENT_KEYSTORE_VOLUME, emptyDir: { medium: 'Memory' } },
    );
    mounts.push(secretMount, { ...keystoreMount, readOnly: true });
    initContainers.push({
      name: CLIENT_KEYSTORE_VOLUME,
      image: cc.image ?? DEFAULT_CRUISE_CONTROL_IMAGE,
      command: ['sh', '-c', `cat ${CLIENT_CERTIFICATE_DIR}/tls.key ${CLIENT_CERTIFICATE_DIR}/tls.crt > ${CLIENT_KEYSTORE_FILE}`],
      volumeMounts: [secretMount, keystoreMount],
    });
  }
  const annotations: Record<string, string> = { ...cc.cruiseControlAnnotations, [ANNOTATION_CONFIG_HASH]: hash };
  const env: IContainer['env'] = [];
  const ports: IContainer['ports'] = [{ name: tlsSecret === undefined ? 'http' : 'https', containerPort: CRUISE_CONTROL_PORT, protocol: 'TCP' }];
  if (monitoring !== undefined) {
    // The JMX exporter as a javaagent, copied in by an init container (Koperator's deployment.go).
    volumes.push({ name: JMX_JAR_VOLUME, emptyDir: {} }, { name: JMX_CONFIG_VOLUME, configMap: { name: jmxConfigMapName(cluster), defaultMode: 0o644 } });
    mounts.push({ name: JMX_JAR_VOLUME, mountPath: JMX_JAR_DIR }, { name: JMX_CONFIG_VOLUME, mountPath: JMX_CONFIG_DIR });
    initContainers.push({
      name: 'jmx-exporter',
      image: monitoring.jmxImage ?? DEFAULT_JMX_EXPORTER_IMAGE,
      command: ['cp', monitoring.pathToJar ?? DEFAULT_JMX_EXPORTER_JAR, `${JMX_JAR_DIR}jmx_prometheus.jar`],
      volumeMounts: [{ name: JMX_JAR_VOLUME, mountPath: JMX_JAR_DIR }],
    });
    env.push({ name: 'KAFKA_OPTS', value: `-javaagent:${JMX_JAR_DIR}jmx_prometheus.jar=${METRICS_PORT}:${JMX_CONFIG_DIR}config.yaml` });
    ports.push({ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' });
    annotations['prometheus.io/scrape'] = 'true';
    annotations['prometheus.io/port'] = String(METRICS_PORT);
  }
  const container: IContainer = compact({
    name: CONTAINER_NAME,
    image: cc.image ?? DEFAULT_CRUISE_CONTROL_IMAGE,
    ports,
    env,
    resources: cc.resourceRequirements ?? DEFAULT_RESOURCES,
    // With security on, /state answers the kubelet's probe (which sends no credentials) with 401:
    // the port answering is then what says the web server is up. Over TLS, the probe speaks HTTPS.
    readinessProbe:
      credentialsSecret !== undefined
        ? { tcpSocket: { port: CRUISE_CONTROL_PORT }, initialDelaySeconds: 5, periodSeconds: 10 }
        : tlsSecret !== undefined
          ? httpsReadinessProbe(CRUISE_CONTROL_PORT)
          : { httpGet: { path: '/kafkacruisecontrol/state', port: CRUISE_CONTROL_PORT }, initialDelaySeconds: 5, periodSeconds: 10 },
    securityContext: cc.securityContext,
    volumeMounts: mounts,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(cluster, deploymentName(cluster)),
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector, annotations },
        spec: compact({
          serviceAccountName: cc.serviceAccountName,
          imagePullSecrets: cc.imagePullSecrets,
          nodeSelector: cc.nodeSelector,
          tolerations: cc.tolerations,
          affinity: cc.affinity,
          securityContext: cc.podSecurityContext,
          priorityClassName: cc.priorityClassName,
          terminationGracePeriodSeconds: 30,
          initContainers,
          containers: [container],
          volumes,
        }),
      },
    },
  };
}

/**
 * Without the fields that are unset or empty: the API server drops empty lists, and a wanted
 * empty list would then never match what it stored.
 */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(isPlainObject(v) && Object.keys(v).length === 0)),
  ) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
