import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A DNS server answering for a cluster's domain (`<svc>.<ns>.svc.<domain>`), as a cluster's DNS does for its Pods. */
export interface ClusterDns {
  /** `host:port` of the DNS server. */
  server: string;
  /** The cluster domain, e.g. `cluster.local`. */
  domain: string;
}

/** The kubeconfig cluster extension in which the sandbox names its cluster DNS. */
export const CLUSTER_DNS_EXTENSION = 'cluster-dns.sandbox.kafkaplane.io';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const installed: ClusterDns[] = [];
let systemLookup: typeof dns.lookup | undefined;

/**
 * Resolves names under the cluster's domain through its DNS server, for the whole process.
 *
 * Why process-wide: the server runs outside the cluster, where `*.svc.cluster.local` means
 * nothing, yet it reaches Cruise Control and Kafka by those names. Node's `net.connect` and
 * fetch (undici) both call `dns.lookup` at connection time, and the Kafka client takes no
 * lookup option, so one hook on `dns.lookup` serves them all. Every other name goes to the
 * system resolver unchanged. Installed only when the kubeconfig names a cluster DNS (the
 * sandbox's); the returned function takes it away again.
 */
export function installClusterDns(target: ClusterDns): () => void {
  installed.unshift(target);
  if (systemLookup === undefined) {
    systemLookup = dns.lookup;
    dns.lookup = clusterLookup as typeof dns.lookup;
  }
  return () => {
    const index = installed.indexOf(target);
    if (index >= 0) installed.splice(index, 1);
    if (installed.length === 0 && systemLookup !== undefined) {
      dns.lookup = systemLookup;
      systemLookup = undefined;
    }
  };
}

function clusterLookup(hostname: string, options: LookupOptions | number | LookupCallback, callback?: LookupCallback): void {
  const done = (typeof options === 'function' ? options : callback) as LookupCallback;
  const opts: LookupOptions = typeof options === 'function' ? {} : typeof options === 'number' ? { family: options } : options;
  const name = hostname.toLowerCase().replace(/\.$/, '');
  const targets = installed.filter((t) => name.endsWith(`.${t.domain}`));
  if (targets.length === 0 || opts.family === 6 || opts.family === 'IPv6' || systemLookup === undefined) {
    Reflect.apply(systemLookup ?? dns.lookup, dns, [hostname, opts, done]);
    return;
  }
  resolveIn(targets, name).then(
    (addresses) => {
      if (opts.all === true)
        done(
          null,
          addresses.map((address) => ({ address, family: 4 })),
        );
      else done(null, addresses[0] ?? '', 4);
    },
    (err: NodeJS.ErrnoException) => done(err, ''),
  );
}

/** Asks each cluster DNS in turn (the newest first); a name none of them knows fails as getaddrinfo fails. */
async function resolveIn(targets: ClusterDns[], name: string): Promise<string[]> {
  for (const target of targets) {
    const resolver = new dns.promises.Resolver({ timeout: 2_000, tries: 3 });
    resolver.setServers([target.server]);
    try {
      const addresses = await resolver.resolve4(name);
      if (addresses.length > 0) return addresses;
    } catch {
      // Not known there: the next cluster DNS may know it.
    }
  }
  return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: name }));
}

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: Array<{ name?: string; context?: { cluster?: string } }>;
  clusters?: Array<{ name?: string; cluster?: { extensions?: Array<{ name?: string; extension?: Partial<ClusterDns> }> } }>;
}

/**
 * The cluster DNS a kubeconfig's current cluster names in its extension (client-node keeps no
 * cluster extensions, so the file is read for it); undefined when it names none, as a real
 * cluster's kubeconfig does.
 */
export function clusterDnsFromKubeconfig(path: string): ClusterDns | undefined {
  const file = parse(readFileSync(path, 'utf8')) as KubeconfigFile | null;
  const contextName = file?.['current-context'];
  const clusterName = file?.contexts?.find((c) => c.name === contextName)?.context?.cluster;
  const cluster = file?.clusters?.find((c) => c.name === clusterName)?.cluster;
  const extension = cluster?.extensions?.find((e) => e.name === CLUSTER_DNS_EXTENSION)?.extension;
  if (typeof extension?.server !== 'string' || typeof extension.domain !== 'string') return undefined;
  return { server: extension.server, domain: extension.domain };
}
