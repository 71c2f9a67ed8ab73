/**
 * What kafkaplane does with each Koperator field. The tables are typed by the schema's keys,
 * so a field added to the schema does not compile until it is classified here; the field
 * table of docs/crd-support.md is rendered from them (`npm run crds`).
 *
 * - `acted`: the operator uses the field (the `by` part of kafkaplane does).
 * - `ignored`: accepted and kept as written, reported as an `UnsupportedField` warning.
 * - `refused`: the cluster is not reconciled while the field is set; the message says why.
 */
import type {
  Broker,
  BrokerConfig,
  CruiseControlConfig,
  ExternalListener,
  InternalListener,
  KafkaClusterSpec,
  KafkaClusterStatus,
  ListenersConfig,
  StorageConfig,
} from './kafkaCluster.js';
import type { CruiseControlOperationSpec } from './cruiseControlOperation.js';

export type Support = 'acted' | 'ignored' | 'refused';
/** The part of kafkaplane that acts on a field. */
export type Actor = 'reconciler' | 'broker pod' | 'cruise control' | 'kafka admin' | 'alerts';

export interface FieldSupport {
  support: Support;
  by?: Actor;
  note: string;
  /** For `acted`: whether the code that acts on it has been released; the docs say "planned" until then. */
  implemented?: boolean;
}

const acted = (by: Actor, note: string): FieldSupport => ({ support: 'acted', by, note, implemented: false });
/** An acted-on field whose code is in place. */
const done = (by: Actor, note: string): FieldSupport => ({ support: 'acted', by, note, implemented: true });
const ignored = (note: string): FieldSupport => ({ support: 'ignored', note });
const refused = (note: string): FieldSupport => ({ support: 'refused', note });

const POD_DONE = (what: string): FieldSupport => done('broker pod', `Copied into ${what} of the broker Pod.`);
const NO_INGRESS =
  'kafkaplane deploys no ingress controller (Envoy, Contour, Istio): a LoadBalancer listener gets a LoadBalancer Service per broker and one to bootstrap from, a NodePort listener a NodePort Service per broker.';
const CC_POD = (what: string): FieldSupport => done('cruise control', `Copied into ${what} of the Cruise Control Pod (without cruiseControlEndpoint).`);
const NO_SASL =
  "The inter-broker and controller listeners may be plaintext or ssl (brokers and controllers connect with their own certificate, kafkaplane and Cruise Control with the client certificate: clientSSLCertSecret, else one kafkaplane issues). The inter-broker listener may also be sasl_plaintext or sasl_ssl: brokers, kafkaplane and Cruise Control connect as SCRAM-SHA-512 users whose passwords kafkaplane keeps in the Secret <cluster>-kafkaplane-scram (docs/security.md), on sasl_ssl over TLS trusting the listener's CA (ca.crt of its serverSSLCertSecret, else the cluster CA of sslSecrets); sasl_ssl there with sslClientAuth required is refused, as is one without serverSSLCertSecret whose certificates a cert-manager issuerRef signs (its CA is in no Secret kafkaplane can name), and SASL on the controller listener always (Kafka's controllers cannot check SCRAM credentials).";
const SERVER_CERT =
  'For an ssl or sasl_ssl listener: the Secret (PEM tls.crt, tls.key, ca.crt) is mounted read-only into the broker Pod; an init container joins key and certificate into a PEM keystore on a memory volume, ca.crt is the truststore (listener.name.<name>.ssl.keystore.type=PEM).';
const GENERATED_CERTS =
  "kafkaplane issues each broker a server certificate for its ssl and sasl_ssl listeners without serverSSLCertSecret, in the Secret <cluster>-<id>-server-certificate, renewed after two thirds of its validity, reloaded by the brokers without a restart unless the certificate serves the controller or inter-broker listener (then a rolling restart); the CA is the one it creates and keeps in the Secret tlsSecretName (else <cluster>-ca-certificate) with create: true, else the user's (caCert, caKey) in tlsSecretName (docs/security.md). With pkiBackend: cert-manager, cert-manager issues them into the same Secrets from Certificates kafkaplane keeps, signed by a self-signed CA it sets up in cert-manager (create: true) or by the issuer issuerRef names (a certificate it renews rolls the broker); refused without create: true or issuerRef, and issuerRef without pkiBackend.";
const CLIENT_AUTH =
  'listener.name.<name>.ssl.client.auth of an ssl listener (required when unset, as in Koperator), or of a sasl_ssl listener (none when unset, as Kafka does: KIP-684).';
const CLIENT_CERT =
  "The client certificate (PEM tls.crt, tls.key, ca.crt) kafkaplane's admin client and Cruise Control use on an ssl inter-broker listener, read from the Secret when connecting and mounted read-only into Cruise Control's Pod; without it, with sslSecrets, kafkaplane issues one into <cluster>-crd-controller (Koperator's name).";
const TLS_TYPE =
  'plaintext; ssl or sasl_ssl with serverSSLCertSecret (or a certificate kafkaplane issues, sslSecrets); or sasl_plaintext. A SASL listener enables SCRAM-SHA-512 (listener.name.<name>.sasl.enabled.mechanisms and its JAAS entry) unless readOnlyConfig names its mechanisms; users are SCRAM credentials in the cluster (docs/security.md). ';

export const CLUSTER_FIELDS: Record<keyof KafkaClusterSpec, FieldSupport> = {
  kRaft: done('reconciler', "Must be true: Kafka 4 runs only in KRaft mode, so false (ZooKeeper mode, Koperator's default) is refused."),
  headlessServiceEnabled: done(
    'reconciler',
    "Chooses the address brokers advertise: the headless Service's DNS name (true) or the per-broker Service (false).",
  ),
  localDebugEnabled: ignored('No LoadBalancer Services for local debugging are created.'),
  listenersConfig: done('reconciler', 'See the listener fields below.'),
  additionalPorts: ignored('Extra container ports are not added to broker Pods.'),
  zkAddresses: ignored('ZooKeeper is not used in KRaft mode (Koperator ignores it there too).'),
  zkPath: ignored('ZooKeeper is not used in KRaft mode (Koperator ignores it there too).'),
  rackAwareness: done('reconciler', "broker.rack is taken from these labels of the broker's Node."),
  clusterImage: done('broker pod', 'The broker image unless a broker or group sets image.'),
  clusterMetricsReporterImage: done(
    'broker pod',
    "Image of each broker's cruise-control-reporter init container, which copies the Cruise Control metrics reporter jar onto Kafka's CLASSPATH; default: cruiseControlConfig.image, else adobe/cruise-control (docs/install.md).",
  ),
  readOnlyConfig: done('reconciler', "Static properties in every broker's server.properties; a change rolls the brokers."),
  clusterWideConfig: done(
    'kafka admin',
    'Applied as the cluster-default dynamic broker config (BROKER "") through Kafka\'s Admin API, validated first, without a restart; keys removed from it are deleted from Kafka when kafkaplane set them (status.clusterWideConfigKeys).',
  ),
  brokerConfigGroups: done('reconciler', 'Merged into each broker that names the group, as Koperator merges them.'),
  brokers: done('reconciler', 'One Pod, ConfigMap, Service and set of PVCs per broker.'),
  disruptionBudget: ignored('No PodDisruptionBudget is created.'),
  rollingUpgradeConfig: done('reconciler', 'Governs rolling restarts; see its fields below.'),
  taintedBrokersSelector: ignored('Pods matching the selector are not restarted because of it.'),
  ingressController: ignored(`${NO_INGRESS} Refused while a listener has accessMethod LoadBalancer, where Koperator would put this controller in front.`),
  oneBrokerPerNode: done('broker pod', 'Adds Pod anti-affinity on the node hostname (required when true, preferred otherwise) unless affinity is set.'),
  removeUnusedIngressResources: ignored(NO_INGRESS),
  propagateLabels: ignored("The KafkaCluster's labels are not copied onto the objects it owns."),
  cruiseControlConfig: done('cruise control', 'See the Cruise Control fields below.'),
  envoyConfig: ignored(NO_INGRESS),
  contourIngressConfig: ignored(NO_INGRESS),
  monitoringConfig: done(
    'broker pod',
    'jmxImage and pathToJar: the jmx-exporter init container copying the Prometheus javaagent, loaded through KAFKA_OPTS on port 9020; kafkaJMXExporterConfig: the <cluster>-kafka-jmx-exporter ConfigMap (default: a Kafka rule set). cCJMXExporterConfig belongs to the Cruise Control Deployment.',
  ),
  alertManagerConfig: done(
    'alerts',
    "Bounds alert actions: Koperator's downScaleLimit and upScaleLimit, and kafkaplane's cooldownSeconds, maxDisksPerBroker, maxVolumeSize and dryRun (docs/alerts.md).",
  ),
  envs: done('broker pod', "Environment of the kafka container, before the group's and the broker's envs."),
  kubernetesClusterDomain: done('reconciler', 'DNS domain in advertised listener addresses (default cluster.local).'),
  clientSSLCertSecret: done('kafka admin', CLIENT_CERT),
};

export const LISTENERS_FIELDS: Record<keyof ListenersConfig, FieldSupport> = {
  internalListeners: done('reconciler', 'Rendered into listeners, advertised.listeners and listener.security.protocol.map.'),
  externalListeners: done(
    'reconciler',
    'Per broker, a NodePort or LoadBalancer Service, and the listener in listeners, advertised.listeners and listener.security.protocol.map; see the fields below.',
  ),
  sslSecrets: done('reconciler', GENERATED_CERTS),
  serviceAnnotations: ignored('Services get no extra annotations.'),
};

export const INTERNAL_LISTENER_FIELDS: Record<keyof InternalListener, FieldSupport> = {
  type: done('reconciler', TLS_TYPE + NO_SASL),
  name: done('reconciler', 'Listener name (upper-cased in server.properties) and Service port name.'),
  containerPort: done('reconciler', 'Port of the listener on every broker.'),
  usedForInnerBrokerCommunication: done('reconciler', 'inter.broker.listener.name; exactly one listener must set it.'),
  usedForControllerCommunication: done('reconciler', 'controller.listener.names for the KRaft quorum; one listener must set it.'),
  usedForKafkaAdminCommunication: acted('kafka admin', "The listener kafkaplane's admin client connects to (else the inter-broker one)."),
  serverSSLCertSecret: done('broker pod', SERVER_CERT),
  sslClientAuth: done('reconciler', CLIENT_AUTH),
  internalStartingPort: ignored('Per-broker internal ports for clusters spanning several Kubernetes clusters are not provided.'),
  externalListenerForHostname: ignored(NO_INGRESS),
};

export const EXTERNAL_LISTENER_FIELDS: Record<keyof ExternalListener, FieldSupport> = {
  type: done('reconciler', TLS_TYPE + NO_SASL),
  serverSSLCertSecret: done('broker pod', SERVER_CERT),
  sslClientAuth: done('reconciler', CLIENT_AUTH),
  name: done('reconciler', 'Listener name (upper-cased in server.properties); the Services are <cluster>-<id>-<name>.'),
  containerPort: done('reconciler', "Port of the listener on every broker node, the Services' target port."),
  usedForInnerBrokerCommunication: ignored('Brokers replicate through an internal listener.'),
  usedForKafkaAdminCommunication: ignored("kafkaplane's admin client connects through an internal listener."),
  hostnameOverride: done(
    'reconciler',
    'Advertised instead of the load balancer address (LoadBalancer), or as <cluster>-<id>-<name>.<namespace><hostnameOverride> (NodePort), as Koperator does.',
  ),
  serviceAnnotations: done('reconciler', "Annotations of the listener's Services (a cloud's load balancer settings)."),
  externalTrafficPolicy: done('reconciler', "externalTrafficPolicy of the listener's Services."),
  serviceType: ignored(NO_INGRESS),
  externalStartingPort: done(
    'reconciler',
    'Broker <id> is reached on externalStartingPort + id: the node port (NodePort) or the load balancer port (LoadBalancer); 0 or -1 lets Kubernetes pick the node port.',
  ),
  anyCastPort: done('reconciler', "Port of the LoadBalancer listener's bootstrap load balancer (default 29092)."),
  ingressControllerTargetPort: ignored(NO_INGRESS),
  accessMethod: done('reconciler', 'NodePort or LoadBalancer (the default, as in Koperator); ClusterIP, which needs an ingress controller, is refused.'),
  config: refused(NO_INGRESS),
  tlsSecretName: ignored(
    'The certificate an ingress controller (Envoy) terminates TLS with; kafkaplane deploys none. Brokers serve TLS themselves with serverSSLCertSecret.',
  ),
};

export const BROKER_FIELDS: Record<keyof Broker, FieldSupport> = {
  id: done('reconciler', "node.id, the brokerId label and the names of the broker's objects."),
  brokerConfigGroup: done('reconciler', 'The group merged under brokerConfig; it must be defined.'),
  readOnlyConfig: done('reconciler', "Static properties of this broker, over the cluster's readOnlyConfig; a change restarts it."),
  brokerConfig: done('reconciler', 'Merged over the group: see the BrokerConfig fields below.'),
};

export const BROKER_CONFIG_FIELDS: Record<keyof BrokerConfig, FieldSupport> = {
  processRoles: done('reconciler', 'process.roles; required in KRaft mode, at least one controller. Group and broker roles add up, as in Koperator.'),
  image: done('broker pod', 'Image of the kafka container.'),
  metricsReporterImage: done('broker pod', "Image of the broker's cruise-control-reporter init container, over clusterMetricsReporterImage."),
  config: done('kafka admin', 'Per-broker dynamic config, applied without a restart.'),
  storageConfigs: done('reconciler', 'One PVC (or emptyDir) per entry, mounted at mountPath; log.dirs is <mountPath>/kafka.'),
  serviceAccountName: POD_DONE('serviceAccountName'),
  resourceRequirements: done('broker pod', 'Resources of the kafka container; a change restarts only the brokers concerned.'),
  imagePullSecrets: POD_DONE('imagePullSecrets'),
  nodeSelector: POD_DONE('nodeSelector'),
  tolerations: POD_DONE('tolerations'),
  kafkaHeapOpts: done('broker pod', 'KAFKA_HEAP_OPTS of the kafka container.'),
  kafkaJvmPerfOpts: done('broker pod', 'KAFKA_JVM_PERFORMANCE_OPTS of the kafka container.'),
  log4jConfig: ignored('The default log4j configuration is used.'),
  brokerAnnotations: POD_DONE('the annotations'),
  brokerLabels: done('broker pod', 'Copied into the labels of the broker Pod; app, kafka_cr and brokerId cannot be overridden.'),
  networkConfig: done('cruise control', "NW_IN and NW_OUT of the broker in Cruise Control's capacity.json (KB/s, default 125000)."),
  nodePortExternalIP: done(
    'reconciler',
    "Per NodePort listener: an externalIP of the broker's Service, advertised with containerPort instead of the node's address.",
  ),
  nodePortNodeAddressType: done('reconciler', "Which address of the broker's node a NodePort listener advertises (default ExternalIP)."),
  affinity: POD_DONE('affinity'),
  podSecurityContext: done(
    'broker pod',
    "Copied into securityContext of the broker Pod; without it, fsGroup 1000, so that the apache/kafka image's user can write on new volumes.",
  ),
  securityContext: done('broker pod', 'Copied into the securityContext of the kafka container.'),
  brokerIngressMapping: ignored(NO_INGRESS),
  initContainers: POD_DONE('the initContainers'),
  containers: POD_DONE('the containers'),
  volumes: POD_DONE('the volumes'),
  volumeMounts: done('broker pod', 'Copied into the volumeMounts of the kafka container.'),
  envs: done('broker pod', "Environment of the kafka container, after the cluster's envs."),
  terminationGracePeriodSeconds: done('broker pod', 'terminationGracePeriodSeconds of the broker Pod (120 when unset).'),
  priorityClassName: POD_DONE('priorityClassName'),
};

export const STORAGE_FIELDS: Record<keyof StorageConfig, FieldSupport> = {
  mountPath: done('reconciler', 'Absolute, unique per broker; identifies the PVC (its mountPath annotation).'),
  pvcSpec: done('reconciler', "The PVC's spec; requests.storage may only grow, and growing it expands the volume."),
  emptyDir: done('broker pod', 'An emptyDir volume instead of a PVC (data is lost when the Pod goes).'),
};

export const ROLLING_UPGRADE_FIELDS: Record<keyof KafkaClusterSpec['rollingUpgradeConfig'], FieldSupport> = {
  failureThreshold: done('reconciler', 'A rolling restart stops once this many brokers fail or lag.'),
  concurrentBrokerRestartCountPerRack: done('reconciler', 'Brokers of one rack (rack awareness on) that restart together; controllers always restart alone.'),
};

export const CRUISE_CONTROL_FIELDS: Record<keyof CruiseControlConfig, FieldSupport> = {
  cruiseControlEndpoint: done(
    'cruise control',
    'Where Cruise Control is reached; when set, kafkaplane deploys none. Unset: kafkaplane deploys it and reaches <cluster>-cruisecontrol-svc:8090.',
  ),
  cruiseControlOperationSpec: done('cruise control', 'ttlSecondsAfterFinished is copied into each CruiseControlOperation created.'),
  cruiseControlTaskSpec: ignored('Task progress is followed through CruiseControlOperations, without this timeout.'),
  topicConfig: done(
    'cruise control',
    'Partitions and replication factor of the __CruiseControlMetrics topic, created before Cruise Control is deployed (default 12 and 3).',
  ),
  config: done(
    'cruise control',
    "Merged over kafkaplane's defaults in cruisecontrol.properties; bootstrap.servers, capacity.config.file, cluster.configs.file, webserver.http.port and webserver.api.urlprefix stay kafkaplane's, and webserver.security.enable, webserver.security.provider and webserver.auth.credentials.file when the kafkaplane.io/cruise-control-credentials annotation names a Secret (a different value is reported). A change restarts Cruise Control once no task runs.",
  ),
  capacityConfig: done(
    'cruise control',
    "Used as capacity.json; brokers it does not list get generated entries, as in Koperator. Without it, capacity.json is generated from each broker's disks, CPU limit and networkConfig. Invalid JSON is reported and not applied.",
  ),
  clusterConfig: done('cruise control', 'clusterConfigs.json of Cruise Control (default {}).'),
  log4jConfig: done('cruise control', 'log4j.properties of Cruise Control (default: INFO to the console).'),
  image: CC_POD('the image'),
  resourceRequirements: done('cruise control', 'Resources of the Cruise Control container (default 200m CPU, 768Mi memory, as Koperator).'),
  serviceAccountName: CC_POD('serviceAccountName'),
  imagePullSecrets: CC_POD('imagePullSecrets'),
  nodeSelector: CC_POD('nodeSelector'),
  tolerations: CC_POD('tolerations'),
  affinity: CC_POD('affinity'),
  cruiseControlAnnotations: CC_POD('the annotations'),
  initContainers: CC_POD('the initContainers'),
  volumes: CC_POD('the volumes'),
  volumeMounts: done('cruise control', 'Copied into the volumeMounts of the Cruise Control container.'),
  podSecurityContext: CC_POD('securityContext'),
  securityContext: done('cruise control', 'Copied into the securityContext of the Cruise Control container.'),
  priorityClassName: CC_POD('priorityClassName'),
};

export const CRUISE_CONTROL_OPERATION_FIELDS: Record<keyof CruiseControlOperationSpec, FieldSupport> = {
  errorPolicy: done('cruise control', 'retry: a failed task is run again after 30 s; ignore: it counts as finished.'),
  ttlSecondsAfterFinished: done('cruise control', 'The CruiseControlOperation is deleted this long after its task finished.'),
};

/** Status fields kafkaplane writes, as Koperator does, plus its own. */
export const STATUS_FIELDS: Record<keyof KafkaClusterStatus, string> = {
  state: 'ClusterReconciling, ClusterRunning or ClusterRollingUpgrading.',
  brokersState: 'Per broker: configurationState, perBrokerConfigurationState, gracefulActionState (with volumeStates), image, version.',
  cruiseControlTopicStatus: 'Whether the Cruise Control metrics topic exists.',
  rollingUpgradeStatus: 'lastSuccess and errorCount of rolling restarts.',
  alertCount: 'Alerts being handled for the cluster.',
  listenerStatuses:
    'Addresses of each listener: any-broker (internal listeners and LoadBalancer listeners) and broker-<id>, as host:port, the external ones once known.',
  clusterID: 'The KRaft cluster id, generated once.',
  initialControllers: 'kafkaplane only: the KRaft controllers the cluster was first formatted with, and their metadata directory ids, generated once.',
  brokersReady: 'kafkaplane only: ready/desired brokers, for kubectl.',
  observedGeneration: 'kafkaplane only: the spec generation the status describes.',
  clusterWideConfigKeys: 'kafkaplane only: the cluster-default dynamic configs it set from clusterWideConfig (only these are deleted when they leave it).',
  conditions:
    'kafkaplane only: standard conditions, among them UnsupportedField, ClusterWideConfigInSync, CruiseControlConfigApplied and CruiseControlUpToDate.',
};
