import { createHash } from 'node:crypto';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import stringify from 'safe-stable-stringify';
import type { Broker, ExternalListener, KafkaClusterSpec, StorageConfig } from '../../k8s/crd/kafkaCluster.js';
import { effectiveBrokerConfig } from '../../k8s/crd/brokerConfig.js';
import {
  ANNOTATION_MOUNT_PATH,
  ANNOTATION_RESTART_HASH,
  ANNOTATION_RESTART_REQUESTED,
  LABEL_APP,
  LABEL_CLUSTER,
  LABEL_PROCESS_ROLES,
  brokerLabels,
  clusterLabels,
  ownerReference,
  type ClusterRef,
} from '../../domain/labels.js';
import { brokerServiceName, CONFIG_KEY, configMapName, DEFAULT_IMAGE, headlessServiceName } from '../../domain/objectNames.js';
import { rolesOf } from '../../domain/serverProperties.js';
import {
  accessMethodOf,
  ALL_BROKER_PORT_NAME,
  allBrokerServiceName,
  brokerPortName,
  DEFAULT_ANY_CAST_PORT,
  externalServiceName,
  startingPortOf,
} from '../../domain/externalAccess.js';
import { FORMAT_CONTAINER, formatStorageContainer, KAFKA_BIN } from './storageFormat.js';
import { brokerMonitoring, METRICS_PORT } from './monitoring.js';
import { brokerTls } from './listenerTls.js';
import { adminListenerUsesSasl, SCRAM_SECRET_DIR, scramSecretName } from '../../domain/scramUsers.js';
import { tlsListeners } from '../../domain/listenerTls.js';
import { ANNOTATION_SERVER_CERTIFICATE } from '../../domain/generatedCertificates.js';

/** The node label a Pod is pinned to its node by. */
const HOSTNAME_LABEL = 'kubernetes.io/hostname';
/** Where the Pod mounts the broker's ConfigMap (Koperator's). */
export const CONFIG_MOUNT_PATH = '/config';
const DEFAULT_TERMINATION_GRACE_SECONDS = 120;
/** The group of the user the apache/kafka image runs Kafka as (appuser). */
export const KAFKA_IMAGE_GID = 1000;

export function brokerConfigMap(cluster: ClusterRef, brokerId: number, serverProperties: string): IConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: configMapName(cluster, brokerId),
      namespace: cluster.namespace,
      labels: brokerLabels(cluster, brokerId),
      ownerReferences: [ownerReference(cluster)],
    },
    data: { [CONFIG_KEY]: serverProperties },
  };
}

/** A new PVC for one storageConfig; the API server completes its name (Koperator's generateName). */
export function brokerPvc(cluster: ClusterRef, spec: KafkaClusterSpec, broker: Broker, storage: StorageConfig, index: number): IPersistentVolumeClaim {
  const pvcSpec = storage.pvcSpec ?? {};
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      generateName: `${cluster.name}-${broker.id}-storage-${index}-`,
      namespace: cluster.namespace,
      labels: { ...brokerLabels(cluster, broker.id), [LABEL_PROCESS_ROLES]: rolesOf(spec, broker).join('_') },
      annotations: { [ANNOTATION_MOUNT_PATH]: storage.mountPath },
      ownerReferences: [ownerReference(cluster)],
    },
    spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', ...(pvcSpec as IPersistentVolumeClaimSpec) },
  };
}

export interface PodInputs {
  cluster: ClusterRef;
  spec: KafkaClusterSpec;
  broker: Broker;
  clusterId: string;
  /** The rendered server.properties: part of the restart hash, since Kafka reads it only at start. */
  serverProperties: string;
  /** The PVC bound to each persistent mountPath. */
  pvcNames: ReadonlyMap<string, string>;
  /** A node label the Pod must land on (the broker's rack, chosen before scheduling). */
  pin?: { key: string; value: string } | undefined;
  /** A restart asked for by hand (restartBroker): a new value restarts the broker. */
  restartRequest?: string | undefined;
  /** The KRaft quorum the cluster was first formatted with (status.initialControllers). */
  initialControllers?: string | undefined;
  /** The node the Pod must run on: the one whose address it advertises on a NodePort listener (externalAccess.ts). */
  node?: string | undefined;
  /**
   * The fingerprint of the certificate kafkaplane issued the broker (generatedCertificates.ts): a
   * renewed one restarts the broker, since Kafka reads its PEM keystore at start.
   */
  certificateRevision?: string | undefined;
}

/**
 * The broker's Pod: its own, not a StatefulSet's, so one broker can differ from the others.
 * The restart hash covers the Pod spec and the static config; a mismatch with the running Pod
 * means the broker must be restarted to take the change.
 */
const SCRAM_VOLUME = 'kafkaplane-scram';

export function brokerPod(inputs: PodInputs): IPod {
  const { cluster, spec, broker } = inputs;
  const effective = effectiveBrokerConfig(spec, broker);
  const roles = rolesOf(spec, broker);
  const storage = effective.storageConfigs ?? [];
  const volumes: IVolume[] = [{ name: 'broker-config', configMap: { name: configMapName(cluster, broker.id) } }];
  const mounts: IVolumeMount[] = [{ name: 'broker-config', mountPath: CONFIG_MOUNT_PATH }];
  storage.forEach((s, index) => {
    const name = `kafka-data-${index}`;
    const claimName = inputs.pvcNames.get(s.mountPath);
    if (s.pvcSpec !== undefined && claimName === undefined) throw new Error(`no PVC for ${s.mountPath} of broker ${broker.id}`);
    volumes.push(claimName !== undefined ? { name, persistentVolumeClaim: { claimName } } : { name, emptyDir: s.emptyDir ?? {} });
    mounts.push({ name, mountPath: s.mountPath });
  });
  const internal = spec.listenersConfig.internalListeners;
  const image = effective.image ?? spec.clusterImage ?? DEFAULT_IMAGE;
  // The TLS listeners this node serves: those its server.properties gives a keystore.
  const tls = brokerTls(
    image,
    tlsListeners(spec, { clusterName: cluster.name, brokerId: broker.id }).filter((l) => inputs.serverProperties.includes(l.keystoreFile)),
  );
  volumes.push(...tls.volumes);
  // A SASL inter-broker listener: the brokers' JAAS entry reads the inter-broker user's password
  // from this Secret through Kafka's DirectoryConfigProvider, so the ConfigMap holds none.
  const scramSecret = adminListenerUsesSasl(spec) ? scramSecretName(cluster) : undefined;
  const scramMounts: IVolumeMount[] = [];
  if (scramSecret !== undefined && roles.includes('broker')) {
    volumes.push({ name: SCRAM_VOLUME, secret: { secretName: scramSecret, defaultMode: 0o440 } });
    scramMounts.push({ name: SCRAM_VOLUME, mountPath: SCRAM_SECRET_DIR, readOnly: true });
  }
  // External listeners are served by nodes with the broker role only (as server.properties says).
  const external = roles.includes('broker') ? (spec.listenersConfig.externalListeners ?? []) : [];
  const nodeSelector = inputs.node !== undefined ? { ...effective.nodeSelector, [HOSTNAME_LABEL]: inputs.node } : effective.nodeSelector;
  const readinessPort =
    internal.find((l) => l.usedForInnerBrokerCommunication === true && roles.includes('broker')) ??
    internal.find((l) => l.usedForControllerCommunication === true);
  const controllerOnly = !roles.includes('broker');
  const configFile = `${CONFIG_MOUNT_PATH}/${CONFIG_KEY}`;
  // Only a node whose server.properties names the Cruise Control reporter needs its jar.
  const needsReporter = /^metric\.reporters=.*CruiseControlMetricsReporter/m.test(inputs.serverProperties);
  const monitoring = brokerMonitoring(cluster, spec, effective, needsReporter);

  const podSpec: IPodSpec = {
    hostname: `${cluster.name}-${broker.id}`,
    ...(spec.headlessServiceEnabled ? { subdomain: headlessServiceName(cluster) } : {}),
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: effective.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS,
    ...(effective.serviceAccountName !== undefined ? { serviceAccountName: effective.serviceAccountName } : {}),
    ...(nodeSelector !== undefined ? { nodeSelector } : {}),
    ...(effective.tolerations !== undefined ? { tolerations: effective.tolerations } : {}),
    ...(effective.affinity !== undefined ? { affinity: effective.affinity } : { affinity: defaultAffinity(cluster, spec.oneBrokerPerNode, inputs.pin) }),
    ...(effective.priorityClassName !== undefined ? { priorityClassName: effective.priorityClassName } : {}),
    ...(effective.imagePullSecrets !== undefined ? { imagePullSecrets: effective.imagePullSecrets } : {}),
    // Unless the spec says otherwise, the broker's volumes belong to the apache/kafka image's user
    // (appuser, 1000), who must write meta.properties and the logs on a freshly provisioned disk.
    securityContext: effective.podSecurityContext ?? { fsGroup: KAFKA_IMAGE_GID },
    initContainers: [
      formatStorageContainer({
        image,
        clusterId: inputs.clusterId,
        configPath: configFile,
        mounts,
        isController: roles.includes('controller'),
        brokerId: broker.id,
        initialControllers: inputs.initialControllers,
        scramSecret,
      }),
      ...monitoring.initContainers,
      ...tls.initContainers,
      ...(effective.initContainers ?? []),
    ],
    volumes: [...volumes, ...monitoring.volumes, ...(effective.volumes ?? [])],
    containers: [
      {
        name: 'kafka',
        image,
        // Kafka itself, on the server.properties the operator rendered (not the image's defaults).
        command: [`${KAFKA_BIN}/kafka-server-start.sh`, configFile],
        ports: [...[...internal, ...external].map((l) => ({ name: l.name, containerPort: l.containerPort })), { name: 'metrics', containerPort: METRICS_PORT }],
        env: [
          ...monitoring.env,
          { name: 'CLUSTER_ID', value: inputs.clusterId },
          { name: 'LOG_DIRS', value: storage.map((s) => `${s.mountPath.replace(/\/+$/, '')}/kafka`).join(',') },
          ...(effective.kafkaHeapOpts !== undefined ? [{ name: 'KAFKA_HEAP_OPTS', value: effective.kafkaHeapOpts }] : []),
          ...(effective.kafkaJvmPerfOpts !== undefined ? [{ name: 'KAFKA_JVM_PERFORMANCE_OPTS', value: effective.kafkaJvmPerfOpts }] : []),
          ...(spec.envs ?? []),
          ...(effective.envs ?? []),
        ],
        ...(effective.resourceRequirements !== undefined ? { resources: effective.resourceRequirements } : {}),
        volumeMounts: [...mounts, ...tls.mounts, ...scramMounts, ...monitoring.mounts, ...(effective.volumeMounts ?? [])],
        ...(effective.securityContext !== undefined ? { securityContext: effective.securityContext } : {}),
        ...(readinessPort !== undefined ? { readinessProbe: { tcpSocket: { port: readinessPort.containerPort }, periodSeconds: 10 } } : {}),
      },
      // Sidecars the user adds run beside the broker.
      ...(effective.containers ?? []),
    ],
  };
  // The format container is left out: it acts only on a disk not yet formatted, so a change of
  // its quorum flags (the first quorum formed) must not restart running brokers.
  const hashed = { ...podSpec, initContainers: podSpec.initContainers?.filter((c) => c.name !== FORMAT_CONTAINER) };
  const restartHash = createHash('sha256')
    .update(stringify(hashed) ?? '')
    .update(inputs.serverProperties)
    .update(inputs.restartRequest ?? '')
    .update(inputs.certificateRevision ?? '')
    .digest('hex')
    .slice(0, 16);

  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: controllerOnly ? `${cluster.name}-controller-${broker.id}-` : `${cluster.name}-${broker.id}-`,
      namespace: cluster.namespace,
      labels: {
        ...effective.brokerLabels,
        ...brokerLabels(cluster, broker.id),
        [LABEL_PROCESS_ROLES]: roles.join('_'),
        isBrokerNode: String(roles.includes('broker')),
        isControllerNode: String(roles.includes('controller')),
      },
      annotations: {
        ...monitoring.annotations,
        ...effective.brokerAnnotations,
        [ANNOTATION_RESTART_HASH]: restartHash,
        ...(inputs.restartRequest !== undefined ? { [ANNOTATION_RESTART_REQUESTED]: inputs.restartRequest } : {}),
        ...(inputs.certificateRevision !== undefined ? { [ANNOTATION_SERVER_CERTIFICATE]: inputs.certificateRevision } : {}),
      },
      ownerReferences: [ownerReference(cluster)],
    },
    spec: podSpec,
  };
}

/** One Service per broker: a stable address that follows the broker's Pod across restarts. */
export function brokerService(cluster: ClusterRef, spec: KafkaClusterSpec, brokerId: number): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: brokerServiceName(cluster, brokerId),
      namespace: cluster.namespace,
      labels: brokerLabels(cluster, brokerId),
      ownerReferences: [ownerReference(cluster)],
    },
    spec: {
      type: 'ClusterIP',
      selector: brokerLabelsSelector(cluster, brokerId),
      ports: spec.listenersConfig.internalListeners.map((l) => ({ name: l.name, port: l.containerPort, targetPort: l.containerPort, protocol: 'TCP' })),
    },
  };
}

/**
 * A broker's Service on an external listener (Koperator's pkg/resources/kafka/nodeport.go): a
 * NodePort Service on externalStartingPort + id (Kubernetes picks when it is not set), or a
 * LoadBalancer Service on that port, with the listener's annotations and traffic policy.
 */
export function brokerExternalService(cluster: ClusterRef, brokerId: number, listener: ExternalListener, externalIP?: string): IService {
  const nodePort = accessMethodOf(listener) === 'NodePort';
  const port = startingPortOf(listener, brokerId);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: externalServiceName(cluster, brokerId, listener.name),
      namespace: cluster.namespace,
      labels: brokerLabels(cluster, brokerId),
      ...(listener.serviceAnnotations !== undefined ? { annotations: listener.serviceAnnotations } : {}),
      ownerReferences: [ownerReference(cluster)],
    },
    spec: {
      type: nodePort ? 'NodePort' : 'LoadBalancer',
      selector: brokerLabelsSelector(cluster, brokerId),
      ports: [
        {
          name: brokerPortName(brokerId),
          protocol: 'TCP',
          targetPort: listener.containerPort,
          ...(nodePort ? { port: listener.containerPort, ...(port !== undefined ? { nodePort: port } : {}) } : { port: port ?? listener.containerPort }),
        },
      ],
      ...trafficPolicy(listener),
      // nodePortExternalIP: clients come in on this address and the Service's own port.
      ...(nodePort && externalIP !== undefined && externalIP !== '' ? { externalIPs: [externalIP] } : {}),
    },
  };
}

/** A LoadBalancer listener's bootstrap load balancer: every broker of the cluster behind anyCastPort. */
export function allBrokerService(cluster: ClusterRef, listener: ExternalListener): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: allBrokerServiceName(cluster, listener.name),
      namespace: cluster.namespace,
      labels: clusterLabels(cluster),
      ...(listener.serviceAnnotations !== undefined ? { annotations: listener.serviceAnnotations } : {}),
      ownerReferences: [ownerReference(cluster)],
    },
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'kafka', kafka_cr: cluster.name, isBrokerNode: 'true' },
      ports: [{ name: ALL_BROKER_PORT_NAME, port: listener.anyCastPort ?? DEFAULT_ANY_CAST_PORT, targetPort: listener.containerPort, protocol: 'TCP' }],
      ...trafficPolicy(listener),
    },
  };
}

/** The listener's externalTrafficPolicy as written: a value the API server does not know, it refuses with its own words. */
function trafficPolicy(listener: ExternalListener): Pick<NonNullable<IService['spec']>, 'externalTrafficPolicy'> {
  return listener.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: listener.externalTrafficPolicy as 'Cluster' | 'Local' } : {};
}

/** The cluster's headless Service: DNS for every broker, ready or not (the quorum needs it early). */
export function headlessService(cluster: ClusterRef, spec: KafkaClusterSpec): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: headlessServiceName(cluster), namespace: cluster.namespace, labels: clusterLabels(cluster), ownerReferences: [ownerReference(cluster)] },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { app: 'kafka', kafka_cr: cluster.name },
      ports: spec.listenersConfig.internalListeners.map((l) => ({ name: l.name, port: l.containerPort, targetPort: l.containerPort, protocol: 'TCP' })),
    },
  };
}

function brokerLabelsSelector(cluster: ClusterRef, brokerId: number): Record<string, string> {
  return { app: 'kafka', kafka_cr: cluster.name, brokerId: String(brokerId) };
}

/**
 * Where a broker runs when its spec sets no affinity: on its rack's zone (the pin), and apart from
 * the cluster's other brokers: on a node of its own with oneBrokerPerNode, else preferably
 * (Koperator's anti-affinity on kubernetes.io/hostname).
 */
function defaultAffinity(cluster: ClusterRef, oneBrokerPerNode: boolean, pin: { key: string; value: string } | undefined): IPodSpec['affinity'] {
  const term = { labelSelector: { matchLabels: { [LABEL_APP]: 'kafka', [LABEL_CLUSTER]: cluster.name } }, topologyKey: 'kubernetes.io/hostname' };
  return {
    ...(pin !== undefined
      ? {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: pin.key, operator: 'In', values: [pin.value] }] }],
            },
          },
        }
      : {}),
    podAntiAffinity: oneBrokerPerNode
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
  };
}
