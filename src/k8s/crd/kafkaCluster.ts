/**
 * `KafkaCluster` (`kafka.banzaicloud.io/v1beta1`): the one source of truth for its TypeScript
 * types and its CRD schema. Field names, required keys, enums, bounds and defaults follow
 * Koperator's (adobe/koperator api/v1beta1/kafkacluster_types.go), so that a Koperator
 * manifest applies unchanged; `status` adds `conditions`, `observedGeneration` and
 * `brokersReady` for our own reporting.
 */
import { z } from 'zod';
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import {
  condition,
  emptyDirVolumeSource,
  kept,
  labelSelector,
  localObjectReference,
  persistentVolumeClaimSpec,
  quantity,
  resourceRequirements,
  stringMap,
} from './kubeTypes.js';

const port = z.int32().min(0).max(65535);

export const PROCESS_ROLES = ['broker', 'controller'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const storageConfigSchema = z.object({
  mountPath: z.string().describe('Where the volume is mounted in the broker; its log dir is <mountPath>/kafka.'),
  pvcSpec: persistentVolumeClaimSpec.optional(),
  emptyDir: emptyDirVolumeSource.optional(),
});

export const networkConfigSchema = z.object({
  incomingNetworkThroughPut: z.string().optional(),
  outgoingNetworkThroughPut: z.string().optional(),
});

/** Koperator's BrokerConfig: the shape of `brokerConfigGroups.<name>` and `brokers[].brokerConfig`. */
export const brokerConfigSchema = z.object({
  processRoles: z.array(z.enum(PROCESS_ROLES)).max(2).optional().describe('KRaft roles of the node: broker, controller, or both.'),
  image: z.string().optional(),
  metricsReporterImage: z.string().optional(),
  config: z.string().optional().describe('Per-broker properties, applied dynamically where Kafka allows it.'),
  storageConfigs: z.array(storageConfigSchema).optional(),
  serviceAccountName: z.string().optional(),
  resourceRequirements: resourceRequirements.optional(),
  imagePullSecrets: z.array(localObjectReference).optional(),
  nodeSelector: stringMap.optional(),
  tolerations: z.array(kept<IToleration>('A core/v1 Toleration.')).optional(),
  kafkaHeapOpts: z.string().optional(),
  kafkaJvmPerfOpts: z.string().optional(),
  log4jConfig: z.string().optional(),
  brokerAnnotations: stringMap.optional(),
  brokerLabels: stringMap.optional(),
  networkConfig: networkConfigSchema.optional(),
  nodePortExternalIP: stringMap.optional(),
  nodePortNodeAddressType: z.enum(['Hostname', 'ExternalIP', 'InternalIP', 'InternalDNS', 'ExternalDNS']).optional(),
  affinity: kept<IAffinity>('A core/v1 Affinity.').optional(),
  podSecurityContext: kept<IPodSecurityContext>('A core/v1 PodSecurityContext.').optional(),
  securityContext: kept<ISecurityContext>('A core/v1 SecurityContext for the kafka container.').optional(),
  brokerIngressMapping: z.array(z.string()).optional(),
  initContainers: z.array(kept<IContainer>('A core/v1 Container.')).optional(),
  containers: z.array(kept<IContainer>('A core/v1 Container.')).optional(),
  volumes: z.array(kept<IVolume>('A core/v1 Volume.')).optional(),
  volumeMounts: z.array(kept<IVolumeMount>('A core/v1 VolumeMount.')).optional(),
  envs: z.array(kept<IEnvVar>('A core/v1 EnvVar.')).optional(),
  terminationGracePeriodSeconds: z.int().optional().describe('Seconds a broker gets to shut down; 120 when unset.'),
  priorityClassName: z.string().optional(),
});

export const brokerSchema = z.object({
  id: z.int32().min(0).lt(65535).describe('node.id of the broker.'),
  brokerConfigGroup: z.string().optional(),
  readOnlyConfig: z.string().optional(),
  brokerConfig: brokerConfigSchema.optional(),
});

export const SECURITY_PROTOCOLS = ['ssl', 'plaintext', 'sasl_ssl', 'sasl_plaintext'] as const;

const commonListener = {
  type: z.enum(SECURITY_PROTOCOLS),
  serverSSLCertSecret: localObjectReference.optional(),
  sslClientAuth: z.enum(['required', 'requested', 'none']).optional(),
  name: z.string().regex(/^[a-z0-9-]+/),
  containerPort: port.gt(0),
  usedForInnerBrokerCommunication: z.boolean().optional(),
  usedForKafkaAdminCommunication: z.boolean().optional(),
};

const ingressServiceSettings = {
  hostnameOverride: z.string().optional(),
  serviceAnnotations: stringMap.optional(),
  externalTrafficPolicy: z.string().optional(),
  serviceType: z.string().optional(),
};

export const internalListenerSchema = z.object({
  ...commonListener,
  usedForControllerCommunication: z.boolean().optional(),
  internalStartingPort: z.int32().optional(),
  externalListenerForHostname: z.string().optional(),
});

const keptIngress = kept<Record<string, unknown>>('Envoy or Contour settings for external access.');

export const externalListenerSchema = z.object({
  ...commonListener,
  ...ingressServiceSettings,
  externalStartingPort: z.int32().min(-1).max(65535),
  anyCastPort: z.int32().optional(),
  ingressControllerTargetPort: z.int32().min(1024).max(65535).optional(),
  accessMethod: z.enum(['LoadBalancer', 'NodePort', 'ClusterIP']).optional(),
  config: z
    .object({
      defaultIngressConfig: z.string(),
      ingressConfig: z
        .record(
          z.string(),
          z.object({
            ...ingressServiceSettings,
            envoyConfig: keptIngress.optional(),
            contourIngressConfig: keptIngress.optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  tlsSecretName: z.string().optional(),
});

export const listenersConfigSchema = z.object({
  externalListeners: z.array(externalListenerSchema).optional(),
  internalListeners: z.array(internalListenerSchema),
  sslSecrets: z
    .object({
      tlsSecretName: z.string(),
      jksPasswordName: z.string().optional(),
      create: z.boolean().optional(),
      issuerRef: z.looseObject({ name: z.string(), kind: z.string().optional(), group: z.string().optional() }).optional(),
      pkiBackend: z.enum(['cert-manager']).optional(),
    })
    .optional(),
  serviceAnnotations: stringMap.optional(),
});

export const cruiseControlConfigSchema = z.object({
  cruiseControlTaskSpec: z.object({ RetryDurationMinutes: z.int() }).optional(),
  cruiseControlOperationSpec: z.object({ ttlSecondsAfterFinished: z.int().min(0).optional() }).optional(),
  cruiseControlEndpoint: z.string().optional(),
  resourceRequirements: resourceRequirements.optional(),
  serviceAccountName: z.string().optional(),
  imagePullSecrets: z.array(localObjectReference).optional(),
  nodeSelector: stringMap.optional(),
  tolerations: z.array(kept<IToleration>('A core/v1 Toleration.')).optional(),
  config: z.string().optional(),
  capacityConfig: z.string().optional(),
  clusterConfig: z.string().optional(),
  log4jConfig: z.string().optional(),
  image: z.string().optional(),
  topicConfig: z.object({ partitions: z.int32(), replicationFactor: z.int32().min(2) }).optional(),
  affinity: kept<IAffinity>('A core/v1 Affinity.').optional(),
  cruiseControlAnnotations: stringMap.optional(),
  initContainers: z.array(kept<IContainer>('A core/v1 Container.')).optional(),
  volumes: z.array(kept<IVolume>('A core/v1 Volume.')).optional(),
  volumeMounts: z.array(kept<IVolumeMount>('A core/v1 VolumeMount.')).optional(),
  podSecurityContext: kept<IPodSecurityContext>('A core/v1 PodSecurityContext.').optional(),
  securityContext: kept<ISecurityContext>('A core/v1 SecurityContext.').optional(),
  priorityClassName: z.string().optional(),
});

/**
 * Koperator's guard-rails for alert-driven scaling (downScaleLimit, upScaleLimit), and
 * kafkaplane's additions (cooldownSeconds, maxDisksPerBroker, maxVolumeSize, dryRun): docs/alerts.md.
 */
export const alertManagerConfigSchema = z.object({
  downScaleLimit: z.int().optional().describe('A downScale alert removes no broker while the cluster has this many brokers or fewer.'),
  upScaleLimit: z.int().optional().describe('When above 0, an upScale alert adds no broker once the cluster has this many brokers.'),
  cooldownSeconds: z
    .int()
    .min(0)
    .optional()
    .describe('kafkaplane addition: after an alert triggered a command on this cluster, the same command is refused for this many seconds (default 300).'),
  maxDisksPerBroker: z.int().min(1).optional().describe('kafkaplane addition: an addPvc alert adds no disk to a broker that has this many.'),
  maxVolumeSize: quantity.optional().describe('kafkaplane addition: alerts grow no volume, and add none, beyond this size (e.g. 2Ti).'),
  dryRun: z.boolean().optional().describe('kafkaplane addition: alerts are decided and recorded as Events, but the cluster is not changed.'),
});

export const kafkaClusterSpecSchema = z.object({
  kRaft: z.boolean().default(false).describe("KRaft mode; false (Koperator's default) means ZooKeeper mode."),
  headlessServiceEnabled: z.boolean(),
  localDebugEnabled: z.boolean().optional(),
  listenersConfig: listenersConfigSchema,
  additionalPorts: z.array(kept<IContainerPort>('A core/v1 ContainerPort.')).optional(),
  zkAddresses: z.array(z.string()).optional(),
  zkPath: z.string().optional(),
  rackAwareness: z.object({ labels: z.array(z.string()) }).optional(),
  clusterImage: z.string().optional(),
  clusterMetricsReporterImage: z.string().optional(),
  readOnlyConfig: z.string().optional().describe('Static broker properties for every broker (a change rolls the brokers).'),
  clusterWideConfig: z.string().optional(),
  brokerConfigGroups: z.record(z.string(), brokerConfigSchema).optional(),
  brokers: z.array(brokerSchema),
  disruptionBudget: z
    .object({
      create: z.boolean().optional(),
      budget: z
        .string()
        .regex(/^[0-9]+$|^[0-9]{1,2}%$|^100%$/)
        .optional(),
    })
    .optional(),
  rollingUpgradeConfig: z.object({
    failureThreshold: z.int(),
    concurrentBrokerRestartCountPerRack: z.int().min(1).default(1),
  }),
  taintedBrokersSelector: labelSelector.optional(),
  ingressController: z.enum(['envoy', 'contour']).optional(),
  oneBrokerPerNode: z.boolean(),
  removeUnusedIngressResources: z.boolean().optional(),
  propagateLabels: z.boolean().optional(),
  cruiseControlConfig: cruiseControlConfigSchema,
  envoyConfig: keptIngress.optional(),
  contourIngressConfig: z.object({ tlsSecretName: z.string(), brokerFQDNTemplate: z.string() }).optional(),
  monitoringConfig: z
    .object({
      jmxImage: z.string().optional(),
      pathToJar: z.string().optional(),
      kafkaJMXExporterConfig: z.string().optional(),
      cCJMXExporterConfig: z.string().optional(),
    })
    .optional(),
  alertManagerConfig: alertManagerConfigSchema.optional(),
  envs: z.array(kept<IEnvVar>('A core/v1 EnvVar.')).optional(),
  kubernetesClusterDomain: z.string().optional(),
  clientSSLCertSecret: localObjectReference.optional(),
});

// Status values are plain strings in the schema, as in Koperator's CRD, so that a status written
// by another Koperator version still reads; these are the values kafkaplane writes.
export const CLUSTER_STATES = ['ClusterReconciling', 'ClusterRunning', 'ClusterRollingUpgrading'] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];
export const CONFIGURATION_STATES = ['ConfigInSync', 'ConfigOutOfSync'] as const;
export type ConfigurationState = (typeof CONFIGURATION_STATES)[number];
export const PER_BROKER_CONFIGURATION_STATES = ['PerBrokerConfigInSync', 'PerBrokerConfigOutOfSync', 'PerBrokerConfigError'] as const;
export type PerBrokerConfigurationState = (typeof PER_BROKER_CONFIGURATION_STATES)[number];

const operationReference = z.object({ name: z.string().optional() });

export const brokerStateSchema = z.object({
  rackAwarenessState: z.string().optional(),
  gracefulActionState: z
    .object({
      cruiseControlState: z.string(),
      cruiseControlOperationReference: operationReference.optional(),
      /**
       * kafkaplane's addition: Kafka confirmed the removed broker holds no replica, so its objects
       * may go. Kept because Kafka can no longer be asked once its Pod is gone.
       */
      drainConfirmed: z.boolean().optional(),
      volumeStates: z
        .record(
          z.string(),
          z.object({
            cruiseControlVolumeState: z.string(),
            cruiseControlOperationReference: operationReference.optional(),
            /** kafkaplane's addition: Kafka confirmed the log dir empty, so the volume may go. */
            drainConfirmed: z.boolean().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  configurationState: z.string().optional().describe('ConfigInSync or ConfigOutOfSync.'),
  perBrokerConfigurationState: z.string().optional().describe('PerBrokerConfigInSync, PerBrokerConfigOutOfSync or PerBrokerConfigError.'),
  externalListenerConfigNames: z.array(z.string()).optional(),
  version: z.string().optional(),
  image: z.string().optional(),
  configurationBackup: z.string().optional(),
});

const listenerStatusMap = z.record(z.string(), z.array(z.object({ name: z.string(), address: z.string() })));

export const kafkaClusterStatusSchema = z.object({
  brokersState: z.record(z.string(), brokerStateSchema).optional().describe('Per broker, keyed by broker id.'),
  cruiseControlTopicStatus: z.string().optional().describe('CruiseControlTopicNotReady or CruiseControlTopicReady.'),
  state: z.string().optional().describe('ClusterReconciling, ClusterRunning or ClusterRollingUpgrading.'),
  rollingUpgradeStatus: z.object({ lastSuccess: z.string(), errorCount: z.int() }).optional(),
  alertCount: z.int().optional(),
  listenerStatuses: z.object({ internalListeners: listenerStatusMap.optional(), externalListeners: listenerStatusMap.optional() }).optional(),
  clusterID: z.string().optional(),
  initialControllers: z
    .string()
    .optional()
    .describe(
      'The KRaft quorum the cluster was first formatted with (kafka-storage.sh format --initial-controllers): id@host:port:directoryId of each first controller, generated once.',
    ),
  brokersReady: z
    .string()
    .regex(/^[0-9]+\/[0-9]+$/)
    .optional()
    .describe('Ready and desired brokers, as "2/3", for kubectl.'),
  observedGeneration: z.int().optional(),
  clusterWideConfigKeys: z
    .array(z.string())
    .optional()
    .describe('The cluster-default dynamic broker configs kafkaplane set from spec.clusterWideConfig: only these are deleted when they leave it.'),
  conditions: z
    .array(condition)
    .optional()
    .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] }),
});

export const objectMeta = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  generation: z.int().optional(),
  resourceVersion: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

export const kafkaClusterSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: objectMeta.optional(),
  spec: kafkaClusterSpecSchema,
  status: kafkaClusterStatusSchema.optional(),
});

export type StorageConfig = z.infer<typeof storageConfigSchema>;
export type BrokerConfig = z.infer<typeof brokerConfigSchema>;
export type Broker = z.infer<typeof brokerSchema>;
export type InternalListener = z.infer<typeof internalListenerSchema>;
export type ExternalListener = z.infer<typeof externalListenerSchema>;
export type ListenersConfig = z.infer<typeof listenersConfigSchema>;
export type CruiseControlConfig = z.infer<typeof cruiseControlConfigSchema>;
export type AlertManagerConfig = z.infer<typeof alertManagerConfigSchema>;
export type KafkaClusterSpec = z.infer<typeof kafkaClusterSpecSchema>;
/** A KafkaClusterSpec as written, before defaults are filled in. */
export type KafkaClusterSpecInput = z.input<typeof kafkaClusterSpecSchema>;
export type BrokerState = z.infer<typeof brokerStateSchema>;
export type KafkaClusterStatus = z.infer<typeof kafkaClusterStatusSchema>;
export type KafkaCluster = z.infer<typeof kafkaClusterSchema>;
