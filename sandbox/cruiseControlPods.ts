import { lookupImage, type ImageFile } from './kube/images.js';
import { jmxExporterAgent } from './kafka/jmx/agent.js';
import { ExporterConfigError, parseExporterConfig, renderExposition, type ExporterConfig } from './kafka/jmx/exporter.js';
import { cruiseControlMBeans } from './cruisecontrol/mbeans.js';
import { startMetricsServer, type MetricsServer } from './metricsServer.js';
import { getProperties } from 'properties-file';
import type { Clock } from './clock.js';
import { fatalLines, startedLines, startingLines, unreachableLine, unresolvedLine } from './cruisecontrol/consoleLines.js';
import { parseCapacityFile, startCruiseControlSandbox, type CruiseControlSandbox, type CruiseControlSandboxOptions } from './cruisecontrol/index.js';
import { loadWebServerTls, resolveConfigValue } from './cruisecontrol/webserverTls.js';
import type { KafkaWorld } from './kafkaWorld.js';
import type { KubeSandbox, StoredObject } from './kube/index.js';
import { mountedFiles } from './kube/mountedFiles.js';
import type { FilesContainer, FilesPodSpec } from './kube/podFiles.js';
import type { ClusterNetwork, ListenerAddress } from './network/index.js';
import { handshakeFailure, type ClientTls } from './kafka/peerTls.js';
import { clientSaslLogin, saslAuthenticationFailure, type ClientSaslLogin } from './kafka/clientSasl.js';
import { saslAuthenticationFailedLines, sslHandshakeFailedLines } from './kafka/brokerLog.js';

/** What a Cruise Control Pod's files do not say: how long a proposal takes to compute, and the like (tests shorten them). */
/**
 * Settings of the simulation a test may give: the proposal time and executor tick have no
 * property; `monitor` and `maxBlockMs` are test accelerators that win over the mounted
 * properties (a metric window of a minute, a 20 ms block), so that load figures come in seconds.
 */
export type CruiseControlKnobs = Partial<
  Pick<CruiseControlSandboxOptions, 'proposalComputeMs' | 'executorTickMs' | 'userTasks' | 'monitor' | 'maxBlockMs' | 'onRequest'>
>;

/** Where the image's start script reads its configuration (linkedin/cruise-control docker/opt/cruise-control/start.sh). */
const PROPERTIES_FILE = '/opt/cruise-control/config/cruisecontrol.properties';
const APPLICATION_DIR = '/opt/cruise-control';
/** Cruise Control's WebServerConfig defaults for its web server security. */
const BASIC_SECURITY_PROVIDER = 'com.linkedin.kafka.cruisecontrol.servlet.security.BasicSecurityProvider';
const DEFAULT_CREDENTIALS_FILE = '/etc/cruisecontrol-basic-auth.credentials';
/** How often a Cruise Control that cannot reach Kafka tries again, in real ms. */
const RETRY_MS = 250;

/** Whether an image is a Cruise Control image, by the image catalogue (sandbox/kube/images.ts). */
export function isCruiseControlImage(image: string | undefined): boolean {
  // What an image runs is what the image catalogue says it holds.
  return image !== undefined && lookupImage(image)?.program === 'cruise-control';
}

interface CruiseControlProcess {
  readonly pod: StoredObject;
  readonly container: string;
  /** webserver.http.port: the port it listens on inside its Pod. */
  readonly port: number;
  /** Its JMX exporter agent (monitoringConfig): the port inside the Pod, and the HTTP server here. */
  exporter: { port: number; server: MetricsServer } | undefined;
  instance: CruiseControlSandbox | undefined;
  /** `<namespace>/<cluster>` of the Kafka cluster it serves, once it reached it. */
  cluster: string | undefined;
  retry: NodeJS.Timeout | undefined;
  stopped: boolean;
}

/**
 * Cruise Control runs where its Pod runs: when the kubelet starts a Pod labelled `app:
 * cruisecontrol` with a Cruise Control image, a simulated Cruise Control starts, configured from
 * the files the Pod mounts (cruisecontrol.properties, capacity.json), serving the Kafka cluster
 * its `bootstrap.servers` reach. Until it reached Kafka it listens nowhere and the Pod is not
 * Ready; when the Pod goes, so does it, with its user tasks.
 */
export class CruiseControlPods {
  private readonly processes = new Map<string, CruiseControlProcess>();

  /** Told when a Cruise Control starts or goes (the sandbox rewrites endpoints.json). */
  onChange: (() => void) | undefined;
  /** When the first Cruise Control of each cluster started sampling: what its sample store holds since. */
  private readonly firstSampledAt = new Map<string, number>();

  constructor(
    private readonly kube: KubeSandbox,
    private readonly clock: Clock,
    private readonly network: ClusterNetwork,
    private readonly world: KafkaWorld,
    private readonly knobs: CruiseControlKnobs = {},
  ) {
    network.addContainerListeners((pod, port) => this.listenerOf(pod, port));
    world.cruiseControlOf = (namespace, cluster) => this.forCluster(`${namespace}/${cluster}`);
  }

  /** A Cruise Control Pod is ready once its web server answers (the contract's readiness probe on /state); any other Pod is not its to judge. */
  isServing(pod: StoredObject): boolean {
    if (!this.containerOf(pod)) return true;
    return this.processes.get(pod.metadata.uid)?.instance !== undefined;
  }

  /**
   * The running Cruise Control serving that cluster, if any: the one of a Pod that is not being
   * deleted, as a Service sends nothing to a terminating Pod's endpoint.
   */
  forCluster(key: string): CruiseControlSandbox | undefined {
    return [...this.processes.values()].find((p) => p.cluster === key && p.instance !== undefined && !this.terminating(p.pod))?.instance;
  }

  private terminating(pod: StoredObject): boolean {
    const current = this.kube.api.store.get('/pods', pod.metadata.namespace ?? '', pod.metadata.name);
    return current?.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp !== undefined;
  }

  /** Local URLs of the running Cruise Controls, by the cluster they serve. */
  urls(): Record<string, string> {
    return Object.fromEntries([...this.processes.values()].flatMap((p) => (p.cluster && p.instance ? [[p.cluster, p.instance.url]] : [])));
  }

  podRunning(pod: StoredObject): void {
    const container = this.containerOf(pod);
    if (!container || this.processes.has(pod.metadata.uid)) return;
    const files = mountedFiles(this.kube.api.store, pod, container);
    const text = files.get(PROPERTIES_FILE);
    if (text === undefined) return this.crash(pod, container, `java.io.FileNotFoundException: ${PROPERTIES_FILE} (No such file or directory)`);
    const properties = getProperties(text);
    const port = Number(properties['webserver.http.port'] ?? '9090');
    // The exporter agent reads its rules as the JVM starts; rules that do not parse stop it.
    const agent = jmxExporterAgent(this.envOf(pod, container));
    let exporterConfig: ExporterConfig | undefined;
    try {
      const rules = agent === undefined ? undefined : files.get(agent.configPath);
      exporterConfig = rules === undefined ? undefined : parseExporterConfig(rules);
    } catch (error) {
      if (!(error instanceof ExporterConfigError)) throw error;
      return this.crash(pod, container, `java.lang.reflect.InvocationTargetException\nCaused by: ${error.message}`);
    }
    const cc: CruiseControlProcess = { pod, container, port, exporter: undefined, instance: undefined, cluster: undefined, retry: undefined, stopped: false };
    this.processes.set(pod.metadata.uid, cc);
    this.log(cc, startingLines(Date.now(), properties));
    // BrokerCapacityConfigFileResolver reads capacity.config.file (relative to the application directory) at start.
    const capacityPath = absolute(properties['capacity.config.file'] ?? 'config/capacity.json');
    const capacityText = files.get(capacityPath);
    if (capacityText === undefined) {
      this.processes.delete(pod.metadata.uid);
      return this.crash(pod, container, `java.lang.RuntimeException: java.io.FileNotFoundException: ${capacityPath} (No such file or directory)`);
    }
    let capacity;
    try {
      capacity = parseCapacityFile(capacityPath, capacityText);
    } catch (error) {
      this.processes.delete(pod.metadata.uid);
      return this.crash(pod, container, (error as Error).message);
    }
    const security = this.securityOf(pod, container, properties, files);
    if ('failure' in security) {
      this.processes.delete(pod.metadata.uid);
      return this.crash(pod, container, security.failure);
    }
    // Jetty's SslContextFactory loads the keystore as the server starts: a bad one stops Cruise Control.
    const tls = loadWebServerTls(properties, this.containerFiles(pod, container, files), this.envOf(pod, container));
    if ('failure' in tls) {
      this.processes.delete(pod.metadata.uid);
      return this.crash(pod, container, tls.failure);
    }
    const kafkaTls = this.kafkaClientTls(pod, container, properties);
    if (kafkaTls !== undefined && 'failure' in kafkaTls) {
      this.processes.delete(pod.metadata.uid);
      return this.crash(pod, container, kafkaTls.failure);
    }
    // Its clients' SASL login (security.protocol SASL_*), the JAAS entry's references resolved as readConfig resolves them.
    const kafkaProtocol = (properties['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
    const kafkaSasl = kafkaProtocol.startsWith('SASL_')
      ? clientSaslLogin((properties['sasl.mechanism'] ?? 'GSSAPI').trim(), properties['sasl.jaas.config'], (value) =>
          resolveConfigValue(value, properties, this.containerFiles(pod, container, files), this.envOf(pod, container)),
        )
      : undefined;
    const urlPrefix = (properties['webserver.api.urlprefix'] ?? '/kafkacruisecontrol/*').replace(/\/?\*$/, '').replace(/^\/+|\/+$/g, '');
    const windowMs = optionalNumber(properties['partition.metrics.window.ms']);
    const numWindows = optionalNumber(properties['num.partition.metrics.windows']);
    const maxBlockMs = optionalNumber(properties['webserver.request.maxBlockTimeMs']);
    const options: Omit<CruiseControlSandboxOptions, 'model'> = {
      ...this.knobs,
      clock: this.clock,
      port: 0,
      urlPrefix,
      capacity,
      twoStepVerification: properties['two.step.verification.enabled'] === 'true',
      ...(security.credentials !== undefined ? { credentials: security.credentials } : {}),
      ...(tls.tls !== undefined ? { tls: tls.tls } : {}),
      ...(maxBlockMs !== undefined ? { maxBlockMs } : {}),
      ...(this.knobs.maxBlockMs !== undefined ? { maxBlockMs: this.knobs.maxBlockMs } : {}),
      monitor: { ...(windowMs !== undefined ? { windowMs } : {}), ...(numWindows !== undefined ? { numWindows } : {}), ...this.knobs.monitor },
    };
    const servers = (properties['bootstrap.servers'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    let attempt = 0;
    const tryStart = (): void => {
      cc.retry = undefined;
      if (cc.stopped) return;
      const cluster = this.reachKafka(cc, servers, attempt, kafkaTls, kafkaSasl);
      attempt += 1;
      if (cluster === undefined) {
        cc.retry = setTimeout(tryStart, RETRY_MS);
        return;
      }
      const [namespace = '', name = ''] = cluster.split('/');
      const model = this.world.model(namespace, name);
      if (!model) {
        cc.retry = setTimeout(tryStart, RETRY_MS);
        return;
      }
      // Samples a Cruise Control before it stored in the sample store topics are loaded again
      // (linkedin/cruise-control KafkaSampleStore): from the first one's start on, as retention allows.
      const firstSampled = this.firstSampledAt.get(cluster) ?? this.clock.now();
      this.firstSampledAt.set(cluster, firstSampled);
      const monitor = { ...options.monitor, restoredSampleMs: this.clock.now() - firstSampled };
      void startCruiseControlSandbox({ ...options, monitor, model }).then((instance) => {
        if (cc.stopped) {
          void instance.close();
          return;
        }
        cc.instance = instance;
        cc.cluster = cluster;
        if (agent !== undefined && exporterConfig !== undefined) void this.startExporter(cc, agent.port, exporterConfig, instance);
        this.log(cc, startedLines(Date.now(), `/${urlPrefix}/*`, port));
        this.kube.kubelet.refreshReadiness();
        this.onChange?.();
      });
    };
    tryStart();
  }

  podStopped(pod: StoredObject): void {
    const cc = this.processes.get(pod.metadata.uid);
    if (!cc) return;
    this.processes.delete(pod.metadata.uid);
    cc.stopped = true;
    if (cc.retry) clearTimeout(cc.retry);
    // Its user tasks lived in its memory: a new Cruise Control starts with none.
    void cc.instance?.close();
    void cc.exporter?.server.close();
    this.onChange?.();
  }

  async close(): Promise<void> {
    for (const cc of [...this.processes.values()]) this.podStopped(cc.pod);
    await Promise.resolve();
  }

  private containerOf(pod: StoredObject): string | undefined {
    if (pod.metadata.labels?.app !== 'cruisecontrol') return undefined;
    const containers = (pod.spec as { containers?: Array<{ name: string; image?: string }> } | undefined)?.containers ?? [];
    return containers.find((c) => isCruiseControlImage(c.image))?.name;
  }

  private listenerOf(pod: StoredObject, port: number): ListenerAddress | undefined {
    const cc = this.processes.get(pod.metadata.uid);
    if (cc?.exporter !== undefined && port === cc.exporter.port) return { host: '127.0.0.1', port: cc.exporter.server.port };
    return cc?.instance && port === cc.port ? { host: '127.0.0.1', port: cc.instance.port } : undefined;
  }

  /**
   * The web server's security as the properties set it (KafkaCruiseControlServletApp
   * maybeSetSecurityHandler): off unless webserver.security.enable; then the provider's
   * credentials file, read once at start by Jetty's HashLoginService, whose PropertyUserStore
   * stops the start when the file is not there.
   */
  private securityOf(
    pod: StoredObject,
    container: string,
    properties: Readonly<Record<string, string>>,
    files: ReadonlyMap<string, string>,
  ): { credentials: string | undefined } | { failure: string } {
    if ((properties['webserver.security.enable'] ?? 'false').trim().toLowerCase() !== 'true') return { credentials: undefined };
    const provider = (properties['webserver.security.provider'] ?? BASIC_SECURITY_PROVIDER).trim();
    if (provider !== BASIC_SECURITY_PROVIDER)
      return { failure: `java.lang.UnsupportedOperationException: the sandbox simulates only ${BASIC_SECURITY_PROVIDER}, not ${provider}` };
    const path = absolute((properties['webserver.auth.credentials.file'] ?? DEFAULT_CREDENTIALS_FILE).trim());
    const text = this.containerFiles(pod, container, files).file(path)?.text;
    if (text === undefined) return { failure: `java.lang.IllegalStateException: Config does not exist: file://${path}` };
    return { credentials: text };
  }

  /** What the container reads: a ConfigMap's files, or what the kubelet mounts (a Secret volume, the image's own files). */
  private containerFiles(pod: StoredObject, container: string, files: ReadonlyMap<string, string>): { file(path: string): ImageFile | undefined } {
    const spec = pod.spec as FilesPodSpec & { containers?: FilesContainer[] };
    const running = spec.containers?.find((c) => c.name === container);
    const mounted = running === undefined ? undefined : this.kube.kubelet.files.view(pod.metadata.uid, spec, running, pod.metadata.namespace);
    return {
      file: (path) => {
        const text = files.get(path);
        return text !== undefined ? { text } : mounted?.file(path);
      },
    };
  }

  private envOf(pod: StoredObject, container: string): ReadonlyArray<{ name: string; value?: string }> {
    const containers = (pod.spec as { containers?: Array<{ name: string; env?: Array<{ name: string; value?: string }> }> } | undefined)?.containers ?? [];
    return containers.find((c) => c.name === container)?.env ?? [];
  }

  /** The agent's HTTP server: Cruise Control's sensors through the mounted rules, at each scrape. */
  private async startExporter(cc: CruiseControlProcess, port: number, config: ExporterConfig, instance: CruiseControlSandbox): Promise<void> {
    const server = await startMetricsServer(() => renderExposition(config, cruiseControlMBeans(instance)));
    if (cc.stopped) return server.close();
    cc.exporter = { port, server };
    this.network.sync();
  }

  /** The cluster whose brokers one of the bootstrap servers reaches; logs the Kafka client's warnings (every 20th attempt) when none does. */
  private reachKafka(
    cc: CruiseControlProcess,
    servers: string[],
    attempt: number,
    tls: ClientTls | undefined,
    sasl: ClientSaslLogin | undefined,
  ): string | undefined {
    const warnings: string[] = [];
    for (const server of servers) {
      const separator = server.lastIndexOf(':');
      const host = server.slice(0, separator);
      const port = Number(server.slice(separator + 1));
      const reached = this.network.reach(host, port);
      if (reached === 'unresolved') warnings.push(unresolvedLine(Date.now(), server, host));
      else if (reached === undefined) warnings.push(unreachableLine(Date.now(), host, this.network.addressesOf(host)?.[0] ?? host, port));
      else {
        const listener = this.world.listenerAt(reached);
        if (listener === undefined) continue;
        // Its Kafka clients' security.protocol and stores must handshake with the listener, as any client's (peerTls.ts).
        const failure = handshakeFailure(tls, listener.tls, host);
        // Then, on a SASL listener, its login (clientSasl.ts): refused, it never gets metadata.
        const refused = failure === undefined && listener.sasl !== undefined ? saslAuthenticationFailure(sasl, listener.sasl) : undefined;
        if (failure === undefined && refused === undefined) return listener.cluster;
        if (refused !== undefined) {
          const address = `${host}/${this.network.addressesOf(host)?.[0] ?? host}:${port}`;
          warnings.push(...saslAuthenticationFailedLines(Date.now(), 'AdminClient clientId=adminclient-1', -1, address, refused));
          continue;
        }
        if (failure === undefined) continue;
        warnings.push(
          ...sslHandshakeFailedLines(
            Date.now(),
            'AdminClient clientId=adminclient-1',
            -1,
            `${host}/${this.network.addressesOf(host)?.[0] ?? host}:${port}`,
            failure.cause,
          ),
        );
      }
    }
    if (attempt % 20 === 0) this.log(cc, warnings);
    return undefined;
  }

  /**
   * The stores of Cruise Control's Kafka clients (security.protocol, ssl.keystore.*,
   * ssl.truststore.*), loaded as its clients load them when it starts: PLAINTEXT gives undefined;
   * an SSL store that cannot be loaded stops Cruise Control with Kafka's message.
   */
  private kafkaClientTls(pod: StoredObject, container: string, properties: Record<string, string>): ClientTls | { failure: string } | undefined {
    const protocol = (properties['security.protocol'] ?? 'PLAINTEXT').trim().toUpperCase();
    if (protocol !== 'SSL' && protocol !== 'SASL_SSL') return undefined;
    const spec = pod.spec as FilesPodSpec & { containers?: FilesContainer[] };
    const own = (spec.containers ?? []).find((c) => c.name === container);
    const files = own === undefined ? undefined : this.kube.kubelet.files.view(pod.metadata.uid, spec, own, pod.metadata.namespace);
    const read = (key: string): { path: string; text: string | undefined } | undefined => {
      const path = properties[`ssl.${key}.location`];
      return path === undefined ? undefined : { path, text: files?.file(path)?.text };
    };
    const keystore = read('keystore');
    const truststore = read('truststore');
    for (const store of [keystore, truststore]) {
      if (store !== undefined && store.text === undefined)
        return {
          failure: `org.apache.kafka.common.KafkaException: org.apache.kafka.common.errors.InvalidConfigurationException: Failed to load PEM SSL keystore ${store.path}\nCaused by: java.nio.file.NoSuchFileException: ${store.path}`,
        };
    }
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(keystore?.text ?? '')?.[0];
    const cert = keystore?.text?.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)?.join('\n');
    return {
      ...(key !== undefined && cert !== undefined ? { key, cert } : {}),
      ...(truststore?.text !== undefined ? { ca: truststore.text } : {}),
      verifyHost: (properties['ssl.endpoint.identification.algorithm'] ?? 'https').trim().toLowerCase() === 'https',
    };
  }

  private log(cc: CruiseControlProcess, lines: string[]): void {
    if (lines.length > 0) this.kube.kubelet.logs.write(cc.pod.metadata.uid, cc.container, lines.join('\n'));
  }

  private crash(pod: StoredObject, container: string, exception: string): void {
    this.kube.kubelet.logs.write(pod.metadata.uid, container, fatalLines(Date.now(), exception).join('\n'));
    this.kube.kubelet.containerFailed(pod, container, 1);
  }
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : `${APPLICATION_DIR}/${path.replace(/^\.\//, '')}`;
}

function optionalNumber(value: string | undefined): number | undefined {
  return value !== undefined && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
}
