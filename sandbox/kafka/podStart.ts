import { formatCommand, runFormat, startProblem, type LogDirDisk, type MetadataDirFormat } from './storageTool.js';

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
}

/** A Secret's data, decoded; undefined when there is no such Secret. */
export type PodSecretReader = (name: string) => Readonly<Record<string, Buffer>> | undefined;

/**
 * The command a container runs, as the kubelet makes it: its env (a `secretKeyRef` read from the
 * Secret, the kubelet's CreateContainerConfigError when it or its key is missing), then each
 * `$(NAME)` of command and args replaced by that env's value, an unknown one left as written and
 * `$$` standing for `$` (k8s.io/kubernetes `third_party/forked/golang/expansion`).
 */
export function containerCommand(namespace: string, container: Container, secretOf: PodSecretReader | undefined): string[] | { error: string } {
  const env = new Map<string, string>();
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref === undefined) {
      env.set(entry.name, entry.value ?? '');
      continue;
    }
    const data = secretOf?.(ref.name);
    if (data === undefined) {
      if (ref.optional === true) continue;
      return { error: `CreateContainerConfigError: secret "${ref.name}" not found` };
    }
    const bytes = data[ref.key];
    if (bytes === undefined) {
      if (ref.optional === true) continue;
      return { error: `CreateContainerConfigError: couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}` };
    }
    env.set(entry.name, bytes.toString('utf8'));
  }
  const expand = (arg: string): string =>
    arg.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => (name === undefined ? '$' : (env.get(name) ?? whole)));
  return [...(container.command ?? []), ...(container.args ?? [])].map(expand);
}

export interface BrokerPodSpec {
  volumes?: Array<{ name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }>;
  initContainers?: Container[];
  containers?: Container[];
}

/** The ConfigMap key the broker's server.properties is under (the operator's CONFIG_KEY). */
const CONFIG_KEY = 'broker-config';

/**
 * Starts a broker Pod as its containers would: the init containers run first (a
 * `kafka-storage.sh format` among them formats the new log dirs, on `disks`), then the `kafka`
 * container must start Kafka on the server.properties mounted from the ConfigMap, and Kafka must
 * find every log dir formatted. Answers why the broker would not start, or undefined.
 */
export function startBrokerPod(options: {
  uid: string;
  namespace: string;
  spec: BrokerPodSpec;
  config: Readonly<Record<string, string>>;
  disks: Map<string, string>;
  /** Each metadata log dir's format (directory id, first voters), by disk. */
  metadataFormats?: Map<string, MetadataDirFormat>;
  /** The Secrets of the Pod's namespace, for its containers' env. */
  secrets?: PodSecretReader;
}): string | undefined {
  const { spec, config } = options;
  const kafka = (spec.containers ?? []).find((c) => c.name === 'kafka') ?? spec.containers?.[0];
  if (kafka === undefined) return 'the Pod has no container';
  const configVolume = spec.volumes?.find((v) => v.configMap !== undefined)?.name;
  const configFile = (container: Container): string | undefined => {
    const mount = container.volumeMounts?.find((m) => m.name === configVolume);
    return mount === undefined ? undefined : `${mount.mountPath.replace(/\/+$/, '')}/${CONFIG_KEY}`;
  };
  const dirs = logDirDisks(options.uid, options.namespace, spec, kafka, config);

  for (const init of spec.initContainers ?? []) {
    const argv = containerCommand(options.namespace, init, options.secrets);
    if (!Array.isArray(argv)) {
      if (formatCommand([...(init.command ?? []), ...(init.args ?? [])]) === undefined) continue;
      return `init container ${init.name}: ${argv.error}`;
    }
    const format = formatCommand(argv);
    if (format === undefined) continue;
    const file = configFile(init);
    if (format.config === undefined || format.config !== file)
      return `init container ${init.name}: java.nio.file.NoSuchFileException: ${format.config ?? '(no --config given)'}`;
    const metadata = options.metadataFormats ? { disk: metadataDisk(options.uid, dirs, config), formats: options.metadataFormats } : undefined;
    const failed = runFormat(format, config, dirs, options.disks, metadata);
    if (failed !== undefined) return `init container ${init.name} failed: ${failed}`;
  }
  const file = configFile(kafka);
  const argv = [...(kafka.command ?? []), ...(kafka.args ?? [])];
  // Without its own command the image starts Kafka on its built-in single-node defaults.
  if (file === undefined || !argv.some((a) => a.endsWith('kafka-server-start.sh')) || !argv.includes(file)) {
    return `the ${kafka.name} container does not run kafka-server-start.sh on the mounted server.properties${file !== undefined ? ` (${file})` : ''}`;
  }
  return startProblem(dirs, options.disks);
}

/** Kafka's default `log.dirs`: where a node without any keeps its metadata log. */
const DEFAULT_LOG_DIR = '/tmp/kraft-combined-logs';

/**
 * The disk of the node's metadata log: `metadata.log.dir`, else the first of `log.dirs`
 * (Kafka's KafkaConfig.metadataLogDir), else Kafka's default dir on the Pod's own space.
 */
function metadataDisk(uid: string, dirs: readonly LogDirDisk[], config: Readonly<Record<string, string>>): string {
  const path = config['metadata.log.dir'] ?? (config['log.dirs'] ?? '').split(',')[0]?.trim() ?? '';
  return dirs.find((d) => d.path === path)?.disk ?? `pod:${uid}:${DEFAULT_LOG_DIR}`;
}

/** The disk a Pod's metadata log is on, to find its format (see metadataDisk). */
export function podMetadataDisk(options: { uid: string; namespace: string; spec: BrokerPodSpec; config: Readonly<Record<string, string>> }): string {
  const kafka = (options.spec.containers ?? []).find((c) => c.name === 'kafka') ?? options.spec.containers?.[0];
  const dirs = kafka === undefined ? [] : logDirDisks(options.uid, options.namespace, options.spec, kafka, options.config);
  return metadataDisk(options.uid, dirs, options.config);
}

/** Each log dir with the disk under it: the PVC of the longest mount above it, else the Pod's own. */
function logDirDisks(uid: string, namespace: string, spec: BrokerPodSpec, kafka: Container, config: Readonly<Record<string, string>>): LogDirDisk[] {
  const paths = [...new Set([...(config['log.dirs'] ?? '').split(','), config['metadata.log.dir'] ?? ''].map((p) => p.trim()).filter((p) => p !== ''))];
  return paths.map((path) => {
    const mount = (kafka.volumeMounts ?? [])
      .filter((m) => path.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`))
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const claim = spec.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
    return { path, disk: claim !== undefined ? `pvc:${namespace}/${claim}:${path}` : `pod:${uid}:${path}` };
  });
}
