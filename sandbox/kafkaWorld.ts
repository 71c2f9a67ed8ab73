import { getProperties } from 'properties-file';
import type { Clock } from './clock.js';
import { startCruiseControlSandbox, type CruiseControlSandbox, type CruiseControlSandboxOptions } from './cruisecontrol/index.js';
import { BrokerListeners, startBrokerServer, type BrokerServer } from './kafka/brokerServer.js';
import { listenerBackend, listenerOnPort, outsideListeners } from './kafka/advertisedListeners.js';
import type { BrokerBackend } from './kafka/brokerBackend.js';
import { createDemoTopics, KafkaClusterModel, type BrokerRole } from './kafka/model/index.js';
import { modelBackend } from './kafka/modelBackend.js';
import { BrokerConsoles } from './kafka/brokerConsoles.js';
import { podMetadataDisk, startBrokerPod, type BrokerPodSpec } from './kafka/podStart.js';
import { loadControllerClientTls, loadListenerTls, reloadListenerTls, type ListenerTls } from './kafka/listenerTls.js';
import { handshakeFailure } from './kafka/peerTls.js';
import { advertisedEndpoint } from './kafka/advertisedListeners.js';
import { listenerReloadRefusedLines, saslAuthenticationFailedLines, sslAuthenticationFailedLine, sslHandshakeFailedLines } from './kafka/brokerLog.js';
import { loadListenerSasl } from './kafka/listenerSasl.js';
import { interBrokerSaslLogin, saslAuthenticationFailure, type ClientSaslLogin } from './kafka/clientSasl.js';
import { resolveConfigValue } from './cruisecontrol/webserverTls.js';
import type { SaslListenerConfig } from './kafka/protocol/saslSession.js';
import { javaAgentFailure, kafkaClassPath, missingMetricReporter } from './kafka/jvmStart.js';
import type { FilesContainer, FilesPodSpec } from './kube/podFiles.js';
import type { MetadataDirFormat } from './kafka/storageTool.js';
import type { KubeSandbox, StoredObject } from './kube/index.js';
import type { ClusterNetwork, ListenerAddress } from './network/index.js';
import { canonicalBytes } from './kube/validation.js';
import { mountedFiles } from './kube/mountedFiles.js';
import type { VolumeStats } from './kube/volumeStats.js';
import { jmxExporterAgent } from './kafka/jmx/agent.js';
import { startMetricsServer, type MetricsServer } from './metricsServer.js';
import { ExporterConfigError, parseExporterConfig, renderExposition, type ExporterConfig } from './kafka/jmx/exporter.js';
import { nodeMBeans } from './kafka/jmx/mbeans.js';

/** One simulated Kafka cluster: its model, its brokers' protocol servers and its Cruise Control. */
interface SimulatedCluster {
  model: KafkaClusterModel;
  backend: BrokerBackend;
  listeners: BrokerListeners;
  /** Servers of the listeners brokers advertise outside the cluster, by `<broker id>/<LISTENER>`. */
  outside: Map<string, BrokerServer>;
  /** The automatic Cruise Control (`autoCruiseControl`), reached at the contract's Service name; undefined otherwise. */
  cruiseControl: CruiseControlSandbox | undefined;
  removeCruiseControlService: (() => void) | undefined;
  /** Broker id to the uid of the Pod it runs in. */
  pods: Map<number, string>;
  ports: Map<number, number>;
  /** Each running node's SSL stores and config: what its peers' handshakes with it are decided from. */
  nodeTls: Map<number, NodeTls>;
  /** Whether the metadata log started with the SCRAM credentials of a format (the first controller's, as the quorum's bootstrap). */
  scramBootstrapped: boolean;
  topicsCreated: boolean;
}

/** A running node's listeners as TLS sees them: the SSL listeners it serves, and its client side of the controller listener. */
interface NodeTls {
  config: ReadonlyMap<string, string>;
  roles: readonly string[];
  served: ReadonlyMap<string, ListenerTls>;
  /** The controller listener's stores when the node connects to it without serving it (a broker-only node). */
  controllerClient: ListenerTls | undefined;
  /** Its SASL listeners as it serves them. */
  sasl?: ReadonlyMap<string, SaslListenerConfig>;
  /** How it logs in to the other brokers on a SASL inter-broker listener. */
  interBrokerLogin?: ClientSaslLogin | undefined;
}

/** A broker Pod's JMX exporter agent: the port it serves on inside the Pod, and its HTTP server here. */
interface PodExporter {
  port: number;
  server: MetricsServer;
}

interface PodVolume {
  name: string;
  configMap?: { name: string };
  persistentVolumeClaim?: { claimName: string };
}

/**
 * The Kafka side of the sandbox: the simulated kubelet tells it when a broker Pod runs or goes,
 * and it turns each into a broker of its cluster's model, configured from the server.properties
 * the Pod mounts (node id, roles, log dirs, rack). So the sandbox shows what the operator really
 * produced: a Pod whose config is broken gives a broker that does not start and a Pod that never
 * gets Ready. Each cluster gets its Cruise Control and its brokers' Kafka-protocol ports.
 */
export interface KafkaWorldOptions {
  /**
   * Start a Cruise Control for each cluster by itself, reached at `<cluster>-cruisecontrol-svc`
   * with no Pod behind it (the sandbox before the operator deployed Cruise Control). When false,
   * only a Cruise Control Pod runs one (CruiseControlPods).
   */
  autoCruiseControl?: boolean;
  /** Settings of each automatic Cruise Control (tests shorten its metric windows). */
  cruiseControl?: Partial<Omit<CruiseControlSandboxOptions, 'model' | 'clock'>>;
  /** Called once per Kafka request a broker of any cluster answered (`<namespace>/<cluster>`): what benchmarks count. */
  onKafkaRequest?: (request: { cluster: string; apiKey: number; clientId: string | null }) => void;
}

/** The port Koperator's Cruise Control Service listens on (adobe/koperator pkg/resources/cruisecontrol/service.go). */
const CRUISE_CONTROL_SERVICE_PORT = 8090;

export class KafkaWorld {
  private readonly clusters = new Map<string, SimulatedCluster>();
  private readonly starting = new Map<string, Promise<SimulatedCluster>>();
  /** Pods whose broker could not start, with why. */
  readonly failures = new Map<string, string>();
  /** Each disk's meta.properties (disk → the cluster id it was formatted for), as it outlives its Pods. */
  private readonly disks = new Map<string, string>();
  /** What each broker's container prints, for `kubectl logs`. */
  private readonly consoles: BrokerConsoles;
  /** Each metadata log dir's directory id and first voters, by disk, as the format wrote them. */
  private readonly metadataFormats = new Map<string, MetadataDirFormat>();
  /** The JMX exporter of each running broker Pod, by Pod uid. */
  private readonly exporters = new Map<string, PodExporter>();
  /** The running broker Pods, by uid: whose claims the kubelet reports stats of. */
  private readonly runningPods = new Map<string, StoredObject>();
  /** Bytes written on a claim besides Kafka's logs (`<namespace>/<claim>`): what fillVolume put there. */
  private readonly filler = new Map<string, number>();

  constructor(
    private readonly kube: KubeSandbox,
    private readonly clock: Clock,
    private readonly network: ClusterNetwork,
    private readonly onEndpointsChanged: () => void = () => undefined,
    private readonly options: KafkaWorldOptions = {},
  ) {
    this.consoles = new BrokerConsoles(kube.kubelet);
    network.addContainerListeners((pod, port) => this.brokerListener(pod, port));
  }

  /** Whether the kubelet may call the Pod ready (a broker Pod: once its broker runs). */
  isServing(pod: StoredObject): boolean {
    const broker = this.brokerOf(pod);
    if (!broker) return true;
    return this.clusters.get(broker.key)?.model.isRunning(broker.id) === true && !this.failures.has(pod.metadata.uid);
  }

  /** `<namespace>/<cluster>` to the local URL of the Cruise Control running for it (automatic, or run by a Pod). */
  cruiseControlUrls(): Record<string, string> {
    return Object.fromEntries(
      [...this.clusters.keys()].flatMap((key) => {
        const [namespace = '', name = ''] = key.split('/');
        const url = this.cruiseControl(namespace, name)?.url;
        return url !== undefined ? [[key, url]] : [];
      }),
    );
  }

  /** The cluster (`<namespace>/<cluster>`) one of whose brokers listens at this address, if any. */
  clusterListeningAt(address: ListenerAddress): string | undefined {
    return this.listenerAt(address)?.cluster;
  }

  /**
   * The broker listener at this address: its cluster, and the stores it serves SSL with
   * (undefined for a PLAINTEXT one), for a client's handshake with it (peerTls.ts), and how it
   * authenticates a SASL client (clientSasl.ts).
   */
  listenerAt(address: ListenerAddress): { cluster: string; tls: ListenerTls | undefined; sasl?: SaslListenerConfig | undefined } | undefined {
    if (address.host !== '127.0.0.1') return undefined;
    for (const [key, cluster] of this.clusters) {
      if ([...cluster.ports.values()].includes(address.port)) return { cluster: key, tls: undefined };
      for (const [name, server] of cluster.outside) {
        if (server.port !== address.port) continue;
        const [id = '', listener = ''] = name.split('/');
        const node = cluster.nodeTls.get(Number(id));
        return { cluster: key, tls: node?.served.get(listener), sasl: node?.sasl?.get(listener) };
      }
    }
    return undefined;
  }

  /** `<namespace>/<cluster>` to `host:port,host:port` of its running brokers. */
  bootstrapServers(): Record<string, string> {
    return Object.fromEntries([...this.clusters].map(([key, c]) => [key, [...c.ports.values()].map((p) => `127.0.0.1:${p}`).join(',')]));
  }

  model(namespace: string, cluster: string): KafkaClusterModel | undefined {
    return this.clusters.get(`${namespace}/${cluster}`)?.model;
  }

  /** A running broker's listener on the cluster's internal port, for a test's faults; undefined when it does not run. */
  brokerServer(namespace: string, cluster: string, brokerId: number): BrokerServer | undefined {
    return this.clusters.get(`${namespace}/${cluster}`)?.listeners.server(brokerId);
  }

  /** Finds the Cruise Control a Pod runs for a cluster (set by the sandbox: CruiseControlPods). */
  cruiseControlOf: ((namespace: string, cluster: string) => CruiseControlSandbox | undefined) | undefined;

  /** The cluster's running Cruise Control (its tasks and faults): the automatic one, else the one a Pod runs for it; undefined when none runs. */
  cruiseControl(namespace: string, cluster: string): CruiseControlSandbox | undefined {
    return this.clusters.get(`${namespace}/${cluster}`)?.cruiseControl ?? this.cruiseControlOf?.(namespace, cluster);
  }

  /**
   * Writes bytes on a claim besides Kafka's logs (a heap dump, a runaway file), as a fault for
   * tests of disk alerts; 0 frees them. Kafka's log sizes do not change, its log dirs' usable
   * space does. They stay on the volume across Pod restarts, as files on a disk do.
   */
  fillVolume(namespace: string, claim: string, bytes: number): void {
    if (bytes > 0) this.filler.set(`${namespace}/${claim}`, bytes);
    else this.filler.delete(`${namespace}/${claim}`);
    for (const pod of this.runningPods.values()) if (pod.metadata.namespace === namespace) this.applyFiller(pod);
  }

  /**
   * How full each claim a running broker Pod mounts is, as its kubelet reports it: capacity from
   * the PVC's status, used bytes those of the log dirs under its mount plus what fillVolume wrote.
   */
  volumeStats(): VolumeStats[] {
    const stats: VolumeStats[] = [];
    for (const pod of this.runningPods.values()) {
      const broker = this.brokerOf(pod);
      const node = broker ? this.clusters.get(broker.key)?.model.broker(broker.id) : undefined;
      const namespace = pod.metadata.namespace ?? '';
      for (const { claim, prefix } of this.claimMounts(pod)) {
        const pvc = this.kube.api.store.get('/persistentvolumeclaims', namespace, claim);
        const capacity = (pvc?.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage;
        if (capacity === undefined) continue;
        const kafkaBytes = (node?.logDirs ?? []).filter((d) => d.path.startsWith(prefix)).reduce((sum, d) => sum + d.usedBytes, 0);
        const capacityBytes = canonicalBytes(capacity);
        stats.push({
          namespace,
          persistentVolumeClaim: claim,
          capacityBytes,
          usedBytes: Math.min(capacityBytes, kafkaBytes + (this.filler.get(`${namespace}/${claim}`) ?? 0)),
        });
      }
    }
    return stats;
  }

  /** The claims a Pod's first container mounts, with the path prefix of what lies on each. */
  private claimMounts(pod: StoredObject): Array<{ claim: string; prefix: string }> {
    const spec = pod.spec as { volumes?: PodVolume[]; containers?: Array<{ volumeMounts?: Array<{ name: string; mountPath: string }> }> };
    return (spec.containers?.[0]?.volumeMounts ?? []).flatMap((mount) => {
      const claim = spec.volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
      return claim === undefined ? [] : [{ claim, prefix: `${mount.mountPath.replace(/\/+$/, '')}/` }];
    });
  }

  /** Kafka sees the filler of a claim as less usable space in the log dirs on it (DescribeLogDirs' usableBytes). */
  private applyFiller(pod: StoredObject): void {
    const broker = this.brokerOf(pod);
    const model = broker ? this.clusters.get(broker.key)?.model : undefined;
    const node = broker ? model?.broker(broker.id) : undefined;
    if (!broker || !model || !node) return;
    for (const { claim, prefix } of this.claimMounts(pod)) {
      const bytes = this.filler.get(`${pod.metadata.namespace ?? ''}/${claim}`) ?? 0;
      for (const dir of node.logDirs.filter((d) => d.path.startsWith(prefix) && d.foreignBytes !== bytes))
        model.setLogDirForeignBytes(broker.id, dir.path, bytes);
    }
  }

  async close(): Promise<void> {
    for (const exporter of this.exporters.values()) await exporter.server.close();
    this.exporters.clear();
    this.consoles.close();
    for (const cluster of this.clusters.values()) {
      await cluster.listeners.close();
      for (const server of cluster.outside.values()) await server.close();
      cluster.removeCruiseControlService?.();
      await cluster.cruiseControl?.close();
      cluster.model.close();
    }
  }

  /**
   * A broker Pod's Kafka process listens on every port its containers declare while its broker
   * runs: its JMX exporter agent's port reaches the agent's HTTP server, every other one Kafka.
   */
  private brokerListener(pod: StoredObject, port: number): ListenerAddress | undefined {
    const broker = this.brokerOf(pod);
    const cluster = broker ? this.clusters.get(broker.key) : undefined;
    if (!broker || !cluster || cluster.pods.get(broker.id) !== pod.metadata.uid || cluster.model.broker(broker.id)?.running !== true) return undefined;
    const exporter = this.exporters.get(pod.metadata.uid);
    if (exporter?.port === port) return { host: '127.0.0.1', port: exporter.server.port };
    const declared = (pod.spec as { containers?: Array<{ ports?: Array<{ containerPort: number }> }> }).containers?.some((c) =>
      (c.ports ?? []).some((p) => p.containerPort === port),
    );
    const listener = listenerOnPort(cluster.model.staticConfig(broker.id), port);
    const outside = listener !== undefined ? cluster.outside.get(`${broker.id}/${listener}`) : undefined;
    const actual = outside?.port ?? cluster.ports.get(broker.id);
    return declared === true && actual !== undefined ? { host: '127.0.0.1', port: actual } : undefined;
  }

  /**
   * Starts a server for each listener the broker advertises outside the cluster
   * (advertisedListeners.ts), for each SSL listener, which speaks TLS with what `tls` loaded,
   * and for each SASL listener, which authenticates as `sasl` says, after closing its previous ones.
   */
  private async serveOutsideListeners(
    cluster: SimulatedCluster,
    brokerId: number,
    config: ReadonlyMap<string, string> | undefined,
    tls: ReadonlyMap<string, ListenerTls> = new Map(),
    sasl: ReadonlyMap<string, SaslListenerConfig> = new Map(),
  ): Promise<void> {
    for (const [key, server] of cluster.outside) {
      if (!key.startsWith(`${brokerId}/`)) continue;
      cluster.outside.delete(key);
      await server.close();
    }
    const own = config === undefined ? [] : [...new Set([...outsideListeners(config, this.network.dns.domain), ...tls.keys(), ...sasl.keys()])];
    for (const listener of own) {
      const secure = tls.get(listener);
      const authenticated = sasl.get(listener);
      const server = await startBrokerServer({
        host: '127.0.0.1',
        port: 0,
        brokerId,
        backend: listenerBackend(cluster.backend, listener),
        ...(secure !== undefined ? { tls: secure } : {}),
        ...(authenticated !== undefined ? { sasl: authenticated } : {}),
      });
      cluster.outside.set(`${brokerId}/${listener}`, server);
    }
    this.network.sync();
  }

  /**
   * A node's own dynamic config was written: each SSL listener it serves reloads its stores when
   * their files changed (listenerTls.ts reloadListenerTls), new connections then get the new
   * certificate; a refused update is only logged, as Kafka's DynamicConfigPublisher does, and the
   * listener keeps what it served. The request that wrote the config succeeded either way.
   */
  private reloadListenerStores(key: string, brokerId: number): void {
    const cluster = this.clusters.get(key);
    const node = cluster?.nodeTls.get(brokerId);
    const uid = cluster?.pods.get(brokerId);
    const pod = uid === undefined ? undefined : this.runningPods.get(uid);
    if (cluster === undefined || node === undefined || pod === undefined || node.served.size === 0) return;
    const spec = pod.spec as FilesPodSpec & { containers?: FilesContainer[] };
    const kafka = (spec.containers ?? []).find((c) => c.name === 'kafka') ?? spec.containers?.[0];
    if (kafka === undefined) return;
    const files = this.kube.kubelet.files.view(pod.metadata.uid, spec, kafka, pod.metadata.namespace);
    const config = Object.fromEntries([...cluster.model.staticConfig(brokerId), ...cluster.model.dynamicConfig(brokerId)]);
    const interBroker = (config['inter.broker.listener.name'] ?? '').toUpperCase();
    const served = new Map(node.served);
    for (const [listener, loaded] of node.served) {
      const reload = reloadListenerTls(config, files, listener, loaded, listener === interBroker, new Date(this.clock.now()));
      if ('refused' in reload) {
        this.consoles.printed(pod, listenerReloadRefusedLines(this.clock.now(), cluster.model.dynamicConfig(brokerId), reload.refused));
      } else if ('reloaded' in reload) {
        served.set(listener, reload.reloaded);
        cluster.outside.get(`${brokerId}/${listener}`)?.reloadTls(reload.reloaded);
      }
    }
    cluster.nodeTls.set(brokerId, { ...node, served });
  }

  private brokerOf(pod: StoredObject): { key: string; id: number } | undefined {
    const labels = pod.metadata.labels ?? {};
    if (labels.app !== 'kafka' || labels.kafka_cr === undefined || labels.brokerId === undefined) return undefined;
    return { key: `${pod.metadata.namespace ?? ''}/${labels.kafka_cr}`, id: Number(labels.brokerId) };
  }

  private async cluster(key: string): Promise<SimulatedCluster> {
    const existing = this.clusters.get(key);
    if (existing) return existing;
    let pending = this.starting.get(key);
    if (!pending) {
      pending = (async () => {
        const model = new KafkaClusterModel({ clock: this.clock });
        const ports = new Map<number, number>();
        const backend = modelBackend(model);
        const listeners = new BrokerListeners({
          host: '127.0.0.1',
          backend,
          onRequest: (request) => this.options.onKafkaRequest?.({ cluster: key, apiKey: request.apiKey, clientId: request.clientId }),
          onPort: (id, port) => {
            if (port === null) ports.delete(id);
            else {
              ports.set(id, port);
              model.setEndpoint(id, '127.0.0.1', port);
            }
            this.onEndpointsChanged();
          },
        });
        const cruiseControl =
          this.options.autoCruiseControl === true
            ? await startCruiseControlSandbox({ port: 0, ...this.options.cruiseControl, model, clock: this.clock })
            : undefined;
        const [namespace = '', name = ''] = key.split('/');
        const removeCruiseControlService = cruiseControl
          ? this.network.addVirtualService({
              namespace,
              name: `${name}-cruisecontrol-svc`,
              port: CRUISE_CONTROL_SERVICE_PORT,
              target: () => ({ host: '127.0.0.1', port: cruiseControl.port }),
            })
          : undefined;
        const cluster = {
          model,
          backend,
          listeners,
          outside: new Map<string, BrokerServer>(),
          cruiseControl,
          removeCruiseControlService,
          pods: new Map<number, string>(),
          ports,
          nodeTls: new Map<number, NodeTls>(),
          scramBootstrapped: false,
          topicsCreated: false,
        };
        this.consoles.follow(key, model);
        // The broker applies the records once the controller committed them, after the request was answered.
        model.onNodeConfigRecords((id) => setImmediate(() => this.reloadListenerStores(key, id)));
        this.clusters.set(key, cluster);
        this.onEndpointsChanged();
        return cluster;
      })();
      this.starting.set(key, pending);
    }
    return pending;
  }

  /** The kubelet started a Pod: a broker Pod becomes its cluster's broker. */
  async podRunning(pod: StoredObject): Promise<void> {
    const broker = this.brokerOf(pod);
    if (!broker) return;
    const cluster = await this.cluster(broker.key);
    this.failures.delete(pod.metadata.uid);
    // The JVM starts before Kafka: a javaagent jar that is not there stops it first.
    const spec = pod.spec as FilesPodSpec & { containers?: FilesContainer[] };
    const kafka = (spec.containers ?? []).find((c) => c.name === 'kafka') ?? spec.containers?.[0];
    const files = kafka === undefined ? undefined : this.kube.kubelet.files.view(pod.metadata.uid, spec, kafka, pod.metadata.namespace);
    const agentFailure = files === undefined ? undefined : javaAgentFailure(files, kafka?.env ?? []);
    if (agentFailure !== undefined) {
      this.failures.set(pod.metadata.uid, agentFailure[0] ?? '');
      this.consoles.exited(pod, agentFailure);
      return;
    }
    // The exporter agent reads its rules before Kafka starts; rules that do not parse stop the JVM.
    const agent = kafka === undefined ? undefined : jmxExporterAgent(kafka.env ?? []);
    const agentRules = agent === undefined || kafka === undefined ? undefined : mountedFiles(this.kube.api.store, pod, kafka.name).get(agent.configPath);
    let exporterConfig: ExporterConfig | undefined;
    try {
      exporterConfig = agentRules === undefined ? undefined : parseExporterConfig(agentRules);
    } catch (error) {
      if (!(error instanceof ExporterConfigError)) throw error;
      const lines = [
        'Exception in thread "main" java.lang.reflect.InvocationTargetException',
        `Caused by: ${error.message}`,
        'FATAL ERROR in native method: processing of -javaagent failed',
      ];
      this.failures.set(pod.metadata.uid, lines[1] ?? '');
      this.consoles.exited(pod, lines);
      return;
    }
    const config = this.mountedConfig(pod);
    const problem = config === undefined ? 'no server.properties mounted at /config' : configProblem(config, broker.id);
    if (problem !== undefined || config === undefined) {
      this.failures.set(pod.metadata.uid, problem ?? 'no config');
      this.consoles.crashed(pod, problem ?? 'no config');
      return;
    }
    const podSpec = { uid: pod.metadata.uid, namespace: pod.metadata.namespace ?? '', spec: pod.spec as BrokerPodSpec, config };
    const namespace = pod.metadata.namespace ?? '';
    const secrets = (name: string): Readonly<Record<string, Buffer>> | undefined => {
      const data = this.kube.api.store.get('/secrets', namespace, name)?.data as Record<string, string> | undefined;
      return data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
    };
    const unstarted = startBrokerPod({ ...podSpec, disks: this.disks, metadataFormats: this.metadataFormats, secrets });
    if (unstarted !== undefined) {
      this.failures.set(pod.metadata.uid, unstarted);
      this.consoles.crashed(pod, unstarted);
      return;
    }
    const reporter = files === undefined ? undefined : missingMetricReporter(config, kafkaClassPath(files, kafka?.env ?? []));
    if (reporter !== undefined) {
      this.failures.set(pod.metadata.uid, reporter);
      this.consoles.crashed(pod, reporter, 'org.apache.kafka.common.KafkaException');
      return;
    }
    // SocketServer builds each SSL listener's channel before the broker serves anything.
    const tls = loadListenerTls(config, files ?? { file: () => undefined });
    if (!(tls instanceof Map)) {
      this.failures.set(pod.metadata.uid, tls.reason);
      this.consoles.crashed(pod, tls.reason, tls.exception);
      return;
    }
    // SaslChannelBuilder reads each SASL listener's mechanisms and JAAS entries then too.
    const sasl = loadListenerSasl(config, cluster.model.scramCredentials);
    if (!(sasl instanceof Map)) {
      this.failures.set(pod.metadata.uid, sasl.reason);
      this.consoles.crashed(pod, sasl.reason, sasl.exception);
      return;
    }
    const roles = (config['process.roles'] ?? 'broker').split(',').map((r) => r.trim()) as BrokerRole[];
    // The client side of the controller channel is built at start too, from the controller listener's stores.
    const controllerClient = loadControllerClientTls(config, files ?? { file: () => undefined });
    if (controllerClient !== undefined && 'exception' in controllerClient) {
      this.failures.set(pod.metadata.uid, controllerClient.reason);
      this.consoles.crashed(pod, controllerClient.reason, controllerClient.exception);
      return;
    }
    // The first controller formatted with --add-scram starts the metadata log with those credentials (KIP-900).
    const bootstrapFormat = this.metadataFormats.get(podMetadataDisk(podSpec));
    if (bootstrapFormat?.bootstrap !== undefined && roles.includes('controller')) bootstrapScram(cluster, bootstrapFormat);
    // A node whose SSL handshakes with the quorum or the other brokers fail never registers: it keeps retrying, unready.
    const interBrokerLogin = roles.includes('broker')
      ? interBrokerSaslLogin(config, (value) => resolveConfigValue(value, config, files ?? { file: () => undefined }, []))
      : undefined;
    const own: NodeTls = { config: new Map(Object.entries(config)), roles, served: tls, controllerClient, sasl, interBrokerLogin };
    const refused =
      joinRefusals(broker.id, own, cluster.nodeTls, (host) => this.network.addressesOf(host)?.[0]) ??
      saslJoinRefusals(broker.id, own, cluster.nodeTls, (host) => this.network.addressesOf(host)?.[0]);
    if (refused !== undefined) {
      this.failures.set(pod.metadata.uid, refused.reason);
      this.consoles.printed(pod, refused.lines);
      for (const [peer, line] of refused.peerLines) this.consoles.printedBy(broker.key, peer, [line]);
      return;
    }
    const format = this.metadataFormats.get(podMetadataDisk(podSpec));
    const metadataDirectoryId = format !== undefined ? Buffer.from(format.directoryId, 'base64url') : undefined;
    if (format?.bootstrap !== undefined && roles.includes('controller')) bootstrapQuorum(cluster.model, format.bootstrap, config);
    const logDirs = (config['log.dirs'] ?? '')
      .split(',')
      .filter((d) => d !== '')
      .map((path) => ({ path, capacityBytes: this.capacityOf(pod, path) }));
    const existing = cluster.model.broker(broker.id);
    if (!existing) {
      cluster.model.addBroker({
        id: broker.id,
        rack: config['broker.rack'] ?? null,
        roles,
        logDirs,
        staticConfig: config,
        ...(metadataDirectoryId ? { metadataDirectoryId } : {}),
      });
    } else {
      cluster.model.setStaticConfig(broker.id, config);
      for (const dir of logDirs) {
        const known = existing.logDirs.find((d) => d.path === dir.path);
        if (!known) cluster.model.addLogDir(broker.id, dir);
        else if (known.offline) cluster.model.setLogDirOffline(broker.id, dir.path, false);
      }
      // A dir left out of log.dirs is not loaded: empty, it is simply gone; with data, Kafka
      // starts without those replicas, so they are offline (not lost: the disk still has them).
      for (const dir of existing.logDirs.filter((d) => !logDirs.some((l) => l.path === d.path))) {
        const held = cluster.model.logDirContents(broker.id).find((c) => c.path === dir.path)?.replicas.length ?? 0;
        if (held === 0) cluster.model.removeLogDir(broker.id, dir.path);
        else cluster.model.setLogDirOffline(broker.id, dir.path, true);
      }
      cluster.model.startBroker(broker.id, metadataDirectoryId);
    }
    cluster.pods.set(broker.id, pod.metadata.uid);
    cluster.nodeTls.set(broker.id, own);
    this.runningPods.set(pod.metadata.uid, pod);
    this.applyFiller(pod);
    if (agent !== undefined && exporterConfig !== undefined && kafka !== undefined)
      await this.startExporter(pod, kafka.name, agent, exporterConfig, cluster.model, broker.id);
    this.consoles.started(broker.key, broker.id, pod, config, cluster.model);
    await this.serveOutsideListeners(cluster, broker.id, cluster.model.staticConfig(broker.id), tls, sasl);
    await cluster.listeners.sync(
      cluster.model
        .brokers()
        .filter((b) => b.running)
        .map((b) => b.id),
    );
    const running = cluster.model.brokers().filter((b) => b.running);
    const brokers = running.filter((b) => b.roles.includes('broker'));
    // The demo data appears once the whole cluster first runs, so that every broker holds some.
    const wanted = this.wantedBrokers(pod.metadata.namespace ?? '', pod.metadata.labels?.kafka_cr ?? '');
    if (!cluster.topicsCreated && brokers.length >= 3 && running.length >= wanted) {
      cluster.topicsCreated = true;
      createDemoTopics(cluster.model);
    }
    this.kube.kubelet.refreshReadiness();
  }

  /** How many nodes the cluster's KafkaCluster asks for (0 when there is none). */
  private wantedBrokers(namespace: string, name: string): number {
    const resource = this.kube.api.store.get('kafka.banzaicloud.io/kafkaclusters', namespace, name);
    return ((resource?.spec as { brokers?: unknown[] } | undefined)?.brokers ?? []).length;
  }

  /**
   * The agent's HTTP server for a broker Pod, rendering the node's MBeans through the rules at
   * each scrape. Like the agent, it reloads the rules file when it changes and keeps the rules it
   * has when the new ones do not parse (prometheus/jmx_exporter JmxCollector.reloadConfig).
   */
  private async startExporter(
    pod: StoredObject,
    container: string,
    agent: { port: number; configPath: string },
    initial: ExporterConfig,
    model: KafkaClusterModel,
    brokerId: number,
  ): Promise<void> {
    let rules = { text: mountedFiles(this.kube.api.store, pod, container).get(agent.configPath), config: initial };
    const render = (): string => {
      const text = mountedFiles(this.kube.api.store, pod, container).get(agent.configPath);
      if (text !== undefined && text !== rules.text) {
        try {
          rules = { text, config: parseExporterConfig(text) };
        } catch {
          rules = { ...rules, text };
        }
      }
      return renderExposition(rules.config, nodeMBeans(model, brokerId));
    };
    const server = await startMetricsServer(render);
    const previous = this.exporters.get(pod.metadata.uid);
    this.exporters.set(pod.metadata.uid, { port: agent.port, server });
    await previous?.server.close();
    this.network.sync();
  }

  /** A Pod went away: its broker stops. */
  podStopped(pod: StoredObject): void {
    this.failures.delete(pod.metadata.uid);
    this.runningPods.delete(pod.metadata.uid);
    const exporter = this.exporters.get(pod.metadata.uid);
    this.exporters.delete(pod.metadata.uid);
    void exporter?.server.close();
    const broker = this.brokerOf(pod);
    if (broker) this.consoles.stopped(broker.key, broker.id, pod);
    const cluster = broker ? this.clusters.get(broker.key) : undefined;
    if (!broker || !cluster?.model.broker(broker.id)) return;
    if (cluster.pods.get(broker.id) === pod.metadata.uid) {
      cluster.pods.delete(broker.id);
      cluster.nodeTls.delete(broker.id);
    }
    cluster.model.stopBroker(broker.id);
    void this.serveOutsideListeners(cluster, broker.id, undefined);
    void cluster.listeners.sync(
      cluster.model
        .brokers()
        .filter((b) => b.running)
        .map((b) => b.id),
    );
  }

  private mountedConfig(pod: StoredObject): Record<string, string> | undefined {
    const volumes = ((pod.spec as { volumes?: PodVolume[] } | undefined)?.volumes ?? []).filter((v) => v.configMap !== undefined);
    for (const volume of volumes) {
      const configMap = this.kube.api.store.get('/configmaps', pod.metadata.namespace, volume.configMap?.name ?? '');
      const text = (configMap?.data as Record<string, string> | undefined)?.['broker-config'];
      if (text !== undefined) return getProperties(text);
    }
    return undefined;
  }

  /** A log dir's capacity: the PVC mounted above it, else a 100 GiB local disk. */
  private capacityOf(pod: StoredObject, logDir: string): number {
    const spec = pod.spec as { volumes?: PodVolume[]; containers?: Array<{ volumeMounts?: Array<{ name: string; mountPath: string }> }> };
    const mount = (spec.containers?.[0]?.volumeMounts ?? [])
      .filter((m) => logDir.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`))
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const claim = spec.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    const pvc = claim ? this.kube.api.store.get('/persistentvolumeclaims', pod.metadata.namespace, claim) : undefined;
    const capacity = (pvc?.status as { capacity?: { storage?: string } } | undefined)?.capacity?.storage;
    return capacity !== undefined ? canonicalBytes(capacity) : 100 * 2 ** 30;
  }
}

/**
 * The first controller formatted with the quorum starts its log from it: the voters the
 * format named (the first format seen wins, as every one of them names the same voters).
 */
function bootstrapQuorum(model: KafkaClusterModel, bootstrap: NonNullable<MetadataDirFormat['bootstrap']>, config: Record<string, string>): void {
  const listenerName = (config['controller.listener.names'] ?? 'CONTROLLER').split(',')[0]?.trim() ?? 'CONTROLLER';
  model.quorum.bootstrap(
    bootstrap.kraftVersion,
    bootstrap.voters.map((v) => ({
      id: v.id,
      // A static voter has no directory id (Kafka's ZERO_UUID): any directory of that node votes.
      directoryId: v.directoryId !== undefined ? Buffer.from(v.directoryId, 'base64url') : Buffer.alloc(16),
      listeners: [{ name: listenerName, host: v.host, port: v.port }],
    })),
  );
}

/** What a real Kafka would refuse to start with. */
function configProblem(config: Record<string, string>, brokerId: number): string | undefined {
  if (config['node.id'] !== String(brokerId)) return `node.id ${config['node.id'] ?? '(missing)'} does not match broker ${brokerId}`;
  if (config['process.roles'] === undefined) return 'process.roles is missing (KRaft)';
  if (config['controller.quorum.bootstrap.servers'] === undefined && config['controller.quorum.voters'] === undefined) return 'no controller quorum configured';
  if (config['process.roles'].includes('broker') && (config['log.dirs'] ?? '') === '') return 'log.dirs is empty';
  return undefined;
}

/** Why a node cannot join its cluster over SSL: its log lines, and the lines of the peers whose servers refused it. */
interface JoinRefusal {
  reason: string;
  lines: string[];
  peerLines: Array<[number, string]>;
}

/**
 * Whether a starting node's SSL handshakes with its cluster succeed, both ways, as Kafka's
 * channels make them: every node connects to each controller (itself included, as a combined
 * node's broker reaches its own controller through the network) on the controller listener with
 * that listener's stores, and controllers are connected to by every node; a broker connects to
 * each other broker on the inter-broker listener, and each of them to it. The first failure
 * is the one logged; the node does not register (BrokerLifecycleManager never gets an answer).
 */
function joinRefusals(
  id: number,
  own: NodeTls,
  running: ReadonlyMap<number, NodeTls>,
  addressOf: (host: string) => string | undefined,
): JoinRefusal | undefined {
  const nodes = new Map(running);
  nodes.set(id, own);
  const controller = (own.config.get('controller.listener.names') ?? '').split(',')[0]?.trim().toUpperCase() ?? '';
  const inter = own.config.get('inter.broker.listener.name')?.toUpperCase();
  const clientStores = (node: NodeTls, listener: string): ListenerTls | undefined =>
    node.served.get(listener) ?? (listener === controller ? node.controllerClient : undefined);
  const speaksSsl = (node: NodeTls, listener: string): boolean =>
    (node.config.get('listener.security.protocol.map') ?? '')
      .split(',')
      .some((e) => e.trim().toUpperCase() === `${listener}:SSL` || e.trim().toUpperCase() === `${listener}:SASL_SSL`);
  // Each connection to check: who connects, to whom, on which listener, under which client name.
  const checks: Array<{ from: number; to: number; listener: string; client: string }> = [];
  for (const [peer, node] of nodes) {
    // A controller-only node does not connect to itself; a combined node's broker does, through the network.
    if (node.roles.includes('controller') && (peer !== id || own.roles.includes('broker')))
      checks.push({ from: id, to: peer, listener: controller, client: `NodeToControllerChannelManager id=${id} name=heartbeat` });
    if (peer !== id && own.roles.includes('controller'))
      checks.push({ from: peer, to: id, listener: controller, client: `NodeToControllerChannelManager id=${peer} name=heartbeat` });
    if (inter !== undefined && peer !== id && own.roles.includes('broker') && node.roles.includes('broker')) {
      checks.push({ from: id, to: peer, listener: inter, client: `ReplicaFetcher replicaId=${id}, leaderId=${peer}, fetcherId=0` });
      checks.push({ from: peer, to: id, listener: inter, client: `ReplicaFetcher replicaId=${peer}, leaderId=${id}, fetcherId=0` });
    }
  }
  for (const check of checks) {
    const client = nodes.get(check.from);
    const server = nodes.get(check.to);
    if (client === undefined || server === undefined || !speaksSsl(server, check.listener)) continue;
    const endpoint = advertisedEndpoint(server.config, check.listener);
    if (endpoint === undefined) continue;
    const failure = handshakeFailure(clientStores(client, check.listener), server.served.get(check.listener), endpoint.host);
    if (failure === undefined) continue;
    const address = `${endpoint.host}/${addressOf(endpoint.host) ?? endpoint.host}:${endpoint.port}`;
    const clientLines = sslHandshakeFailedLines(Date.now(), check.client, check.to, address, failure.cause);
    const serverLine = failure.serverCause !== undefined ? sslAuthenticationFailedLine(Date.now(), check.to, check.listener, '/127.0.0.1') : undefined;
    const mine = [...(check.from === id ? clientLines : []), ...(check.to === id && serverLine !== undefined ? [serverLine] : [])];
    const peers: Array<[number, string]> = [
      ...(check.from !== id ? clientLines.map((l): [number, string] => [check.from, l]) : []),
      ...(check.to !== id && serverLine !== undefined ? [[check.to, serverLine] as [number, string]] : []),
    ];
    return {
      reason: `SSL handshake on listener ${check.listener} from node ${check.from} to node ${check.to} failed: ${failure.cause}`,
      lines: mine.length > 0 ? mine : [sslAuthenticationFailedLine(Date.now(), id, check.listener, '/127.0.0.1')],
      peerLines: peers,
    };
  }
  return undefined;
}

/** The first controller formatted with --add-scram puts its credentials into the new metadata log (once, as the quorum's bootstrap). */
function bootstrapScram(cluster: { model: KafkaClusterModel; scramBootstrapped: boolean }, format: MetadataDirFormat): void {
  if (cluster.scramBootstrapped) return;
  cluster.scramBootstrapped = true;
  for (const record of format.scram ?? []) cluster.model.scramCredentials.set(record.user, record.mechanism, record.credential);
}

/**
 * Whether a starting broker's SASL logins on the inter-broker listener succeed both ways: it
 * connects to each running broker with its own JAAS login, and each of them to it with theirs, the
 * credentials checked against the cluster's metadata (SaslServerAuthenticator, ScramSaslServer).
 * A failure is logged by NetworkClient as Kafka does, and the broker never registers.
 */
function saslJoinRefusals(
  id: number,
  own: NodeTls,
  running: ReadonlyMap<number, NodeTls>,
  addressOf: (host: string) => string | undefined,
): JoinRefusal | undefined {
  const inter = own.config.get('inter.broker.listener.name')?.toUpperCase();
  if (inter === undefined || !own.roles.includes('broker')) return undefined;
  const nodes = new Map(running);
  nodes.set(id, own);
  const checks: Array<{ from: number; to: number }> = [];
  for (const [peer, node] of running) {
    if (peer === id || !node.roles.includes('broker')) continue;
    checks.push({ from: id, to: peer }, { from: peer, to: id });
  }
  for (const check of checks) {
    const client = nodes.get(check.from);
    const server = nodes.get(check.to);
    const listener = server?.sasl?.get(inter);
    if (client === undefined || server === undefined || listener === undefined) continue;
    const failure = saslAuthenticationFailure(client.interBrokerLogin, listener);
    if (failure === undefined) continue;
    const endpoint = advertisedEndpoint(server.config, inter);
    if (endpoint === undefined) continue;
    const address = `${endpoint.host}/${addressOf(endpoint.host) ?? endpoint.host}:${endpoint.port}`;
    const lines = saslAuthenticationFailedLines(
      Date.now(),
      `ReplicaFetcher replicaId=${check.from}, leaderId=${check.to}, fetcherId=0`,
      check.to,
      address,
      failure,
    );
    return {
      reason: `SASL authentication on listener ${inter} from node ${check.from} to node ${check.to} failed: ${failure}`,
      lines: check.from === id ? lines : [],
      peerLines: check.from !== id ? lines.map((l): [number, string] => [check.from, l]) : [],
    };
  }
  return undefined;
}
