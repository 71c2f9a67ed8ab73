import { randomBytes } from 'node:crypto';
import {
  isScramMechanism,
  SCRAM_MAX_ITERATIONS,
  SCRAM_MECHANISMS,
  saltedPassword,
  scramCredential,
  type ScramCredential,
  type ScramMechanism,
} from './scram.js';

/**
 * What Kafka's own tools do to a broker's disks, as the sandbox runs a broker Pod: the
 * `kafka-storage.sh format` of an init container writes meta.properties (the cluster id) into each
 * log dir that has none, and Kafka then refuses to start on a log dir without one. The rules and
 * messages follow Kafka 4's StorageTool and Formatter (org.apache.kafka.tools.StorageTool,
 * org.apache.kafka.metadata.storage.Formatter) and the startup check of MetaPropertiesEnsemble.
 */

export interface FormatCommand {
  clusterId: string | undefined;
  config: string | undefined;
  ignoreFormatted: boolean;
  initialControllers: string | undefined;
  noInitialControllers: boolean;
  standalone: boolean;
  /** Each `--add-scram` (`-S`) entry, as written (KIP-900). */
  addScram: string[];
}

/** A UserScramCredentialRecord a format writes into the bootstrap metadata (KIP-900). */
export interface BootstrapScramCredential {
  readonly user: string;
  readonly mechanism: ScramMechanism;
  readonly credential: ScramCredential;
}

/**
 * What a format writes into the metadata log dir beside the cluster id: its directory id
 * (meta.properties `directory.id`) and, for a controller of the first quorum, the voter set the
 * log starts from (the bootstrap checkpoint): kraft.version 1 with `--initial-controllers` or
 * `--standalone`, kraft.version 0 with `controller.quorum.voters` (a static quorum).
 */
export interface MetadataDirFormat {
  /** A Kafka Uuid in base64url. */
  readonly directoryId: string;
  readonly bootstrap?: { readonly kraftVersion: 0 | 1; readonly voters: readonly InitialVoter[] };
  /** The SCRAM credentials of `--add-scram`, which the metadata log starts with when this dir bootstraps it. */
  readonly scram?: readonly BootstrapScramCredential[];
}

export interface InitialVoter {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** Absent in a static quorum (`controller.quorum.voters` names no directory). */
  readonly directoryId?: string;
}

/** A log dir and the disk under it (what survives the Pod: a PVC, or the Pod's own scratch space). */
export interface LogDirDisk {
  path: string;
  disk: string;
}

/** The `kafka-storage.sh format` a container runs, if it runs one. */
export function formatCommand(argv: readonly string[]): FormatCommand | undefined {
  const [tool, verb, ...rest] = argv;
  if (tool === undefined || !tool.endsWith('kafka-storage.sh') || verb !== 'format') return undefined;
  const value = (...names: string[]): string | undefined => {
    for (const [i, arg] of rest.entries()) {
      for (const name of names) {
        if (arg === name) return rest[i + 1];
        if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
      }
    }
    return undefined;
  };
  const flag = (...names: string[]) => rest.some((a) => names.includes(a));
  const values = (...names: string[]): string[] =>
    rest.flatMap((arg, i) => names.flatMap((name) => (arg === name ? [rest[i + 1] ?? ''] : arg.startsWith(`${name}=`) ? [arg.slice(name.length + 1)] : [])));
  return {
    clusterId: value('--cluster-id', '-t'),
    config: value('--config', '-c'),
    ignoreFormatted: flag('--ignore-formatted', '-g'),
    initialControllers: value('--initial-controllers', '-I'),
    noInitialControllers: flag('--no-initial-controllers', '-N'),
    standalone: flag('--standalone', '-s'),
    addScram: values('--add-scram', '-S'),
  };
}

/** A Kafka Uuid as Kafka prints it: 16 bytes in base64url, 22 characters. */
function isKafkaUuid(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value) && Buffer.from(value, 'base64url').length === 16;
}

/**
 * Runs the format against `disks` (disk → the cluster id in its meta.properties), writing the new
 * ones; answers what makes the tool fail (exit code 1), or undefined.
 */
export function runFormat(
  command: FormatCommand,
  config: Readonly<Record<string, string>>,
  dirs: readonly LogDirDisk[],
  disks: Map<string, string>,
  metadata?: { disk: string; formats: Map<string, MetadataDirFormat> },
): string | undefined {
  if (command.clusterId === undefined) return 'kafka-storage.sh format: argument --cluster-id/-t is required';
  if (!isKafkaUuid(command.clusterId)) return `Cluster ID string ${command.clusterId} does not appear to be a valid UUID`;
  const isController = (config['process.roles'] ?? '')
    .split(',')
    .map((r) => r.trim())
    .includes('controller');
  const quorumOptions = [command.initialControllers !== undefined, command.noInitialControllers, command.standalone].filter(Boolean).length;
  if (quorumOptions > 1) return 'Only one of --standalone, --initial-controllers, and --no-initial-controllers can be specified.';
  if (isController && config['controller.quorum.voters'] === undefined && quorumOptions === 0) {
    return 'Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.';
  }
  if (command.initialControllers !== undefined) {
    const nodeId = config['node.id'];
    const entries = command.initialControllers.split(',');
    const bad = entries.find((e) => !/^\d+@[^:@]+:\d+:[A-Za-z0-9_-]{22}$/.test(e));
    if (bad !== undefined) return `Unable to parse --initial-controllers entry ${bad}: expected id@host:port:directoryId`;
    if (isController && !entries.some((e) => e.split('@')[0] === nodeId))
      return `The controller ${nodeId ?? '?'} is not among the initial controllers ${command.initialControllers}`;
  }
  const scram = parseAddScram(command.addScram);
  if (typeof scram === 'string') return scram;
  const empty = dirs.filter((d) => !disks.has(d.disk));

  if (empty.length === 0)
    return command.ignoreFormatted
      ? undefined
      : `Log directory ${dirs[0]?.path ?? ''} is already formatted. Use --ignore-formatted to ignore this directory and format the others.`;
  for (const dir of empty) disks.set(dir.disk, command.clusterId);
  if (metadata !== undefined && !metadata.formats.has(metadata.disk))
    metadata.formats.set(metadata.disk, { ...metadataFormat(command, config, isController), ...(scram.length > 0 ? { scram } : {}) });
  return undefined;
}

/**
 * The `--add-scram` entries as records, or the message the format fails with: apache/kafka
 * `org.apache.kafka.metadata.storage.ScramParser` (`MECHANISM=[name=…,password=…]`, optional
 * `iterations` and `salt`; `saltedpassword` is not modelled).
 */
function parseAddScram(entries: readonly string[]): BootstrapScramCredential[] | string {
  const records: BootstrapScramCredential[] = [];
  for (const raw of entries) {
    const input = raw.trim();
    const equals = input.indexOf('=');
    if (equals < 0) return `Failed to find equals sign in SCRAM argument '${input}'`;
    const mechanism = input.slice(0, equals);
    const config = input.slice(equals + 1);
    if (!isScramMechanism(mechanism)) return `The add-scram mechanism ${mechanism} is not supported.`;
    if (!config.startsWith('[')) return 'Expected configuration string to start with [';
    if (!config.endsWith(']')) return 'Expected configuration string to end with ]';
    const components = new Map<string, string>();
    for (const component of config.slice(1, -1).split(',')) {
      const at = component.indexOf('=');
      if (at < 0) return `No equals sign found in SCRAM component: ${component}`;
      let value = component.slice(at + 1);
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      components.set(component.slice(0, at), value);
    }
    const name = components.get('name');
    if (name === undefined) return "You must supply 'name' to add-scram";
    const password = components.get('password');
    if (password === undefined) return "You must supply one of 'password' or 'saltedpassword' to add-scram";
    const iterationsText = components.get('iterations');
    const iterations = iterationsText === undefined ? 4096 : Number.parseInt(iterationsText, 10);
    if (Number.isNaN(iterations)) return `Failed to parse iterations count: ${iterationsText ?? ''}`;
    const unknown = [...components.keys()].filter((k) => !['name', 'password', 'iterations', 'salt'].includes(k)).sort();
    if (unknown.length > 0) return `Unknown SCRAM configurations: ${unknown.join(', ')}`;
    const { minIterations } = SCRAM_MECHANISMS[mechanism];
    if (iterations < minIterations) return `The 'iterations' value must be >= ${minIterations} for add-scram using ${mechanism.replace(/-/g, '_')}`;
    if (iterations > SCRAM_MAX_ITERATIONS)
      return `The 'iterations' value must be <= ${SCRAM_MAX_ITERATIONS} for add-scram using ${mechanism.replace(/-/g, '_')}`;
    const saltText = components.get('salt');
    const salt = saltText !== undefined ? Buffer.from(saltText, 'base64') : randomBytes(32);
    records.push({ user: name, mechanism, credential: scramCredential(mechanism, salt, saltedPassword(mechanism, password, salt, iterations), iterations) });
  }
  return records;
}

/** The metadata log dir's directory id and, for a controller of the first quorum, its voters. */
function metadataFormat(command: FormatCommand, config: Readonly<Record<string, string>>, isController: boolean): MetadataDirFormat {
  const nodeId = Number(config['node.id']);
  if (command.initialControllers !== undefined) {
    const voters = command.initialControllers.split(',').map((entry) => {
      const [id = '', rest = ''] = entry.split('@');
      const [host = '', port = '', directoryId = ''] = rest.split(':');
      return { id: Number(id), host, port: Number(port), directoryId };
    });
    // A controller named among them takes its directory id from there; others get their own.
    const own = voters.find((v) => v.id === nodeId)?.directoryId;
    return { directoryId: own ?? newDirectoryId(), ...(isController ? { bootstrap: { kraftVersion: 1, voters } } : {}) };
  }
  const statics = config['controller.quorum.voters'];
  if (isController && statics !== undefined) {
    const voters = statics.split(',').map((entry) => {
      const [id = '', rest = ''] = entry.split('@');
      const [host = '', port = ''] = rest.split(':');
      return { id: Number(id), host, port: Number(port) };
    });
    return { directoryId: newDirectoryId(), bootstrap: { kraftVersion: 0, voters } };
  }
  return { directoryId: newDirectoryId() };
}

function newDirectoryId(): string {
  return randomBytes(16).toString('base64url');
}

/** Why Kafka would not start on these log dirs, or undefined. */
export function startProblem(dirs: readonly LogDirDisk[], disks: ReadonlyMap<string, string>): string | undefined {
  const unformatted = dirs.find((d) => !disks.has(d.disk));
  if (unformatted !== undefined) return `No meta.properties found in ${unformatted.path} (have you run kafka-storage.sh to format the directory?)`;
  const ids = new Set(dirs.map((d) => disks.get(d.disk)));
  if (ids.size > 1) return `Invalid cluster.id in the log dirs: they were formatted for different clusters (${[...ids].join(', ')})`;
  return undefined;
}
