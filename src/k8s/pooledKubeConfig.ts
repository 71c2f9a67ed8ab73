import { createHash } from 'node:crypto';
import type { AgentOptions } from 'node:https';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { Agent } from 'undici';

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];

/**
 * At most this many connections to the API server carry requests at once; more requests wait for
 * one. client-go sends everything over one HTTP/2 connection; over HTTP/1.1 a handful is plenty
 * for the operator's writes, and a fleet's first passes no longer open one socket per write.
 */
export const API_SERVER_CONNECTIONS = 32;

/** What the requests and the watches of one set of TLS settings go through. */
interface Pools {
  requests: Agent;
  /** A watch holds its connection for as long as it runs: apart, so watches never wait behind requests, or requests behind them. */
  watches: Agent;
}

/**
 * A KubeConfig whose requests reuse their connections. client-node 2 makes a new undici Agent
 * for every request (its private `KubeConfig.createDispatcher`, called from
 * `applySecurityAuthentication`), so no connection is ever reused: each call pays a TCP and TLS
 * handshake, and a burst of writes leaves a socket each open until undici's keep-alive timeout.
 * Here the Agents are made once per set of TLS settings (the CA, the client certificate and key,
 * the checks), so a rotated certificate gets new ones; requests share a bounded pool, watches
 * one of their own.
 */
class PooledKubeConfig extends KubeConfig {
  readonly #pools = new Map<string, Pools>();
  readonly #watchesOf = new WeakMap<Agent, Agent>();

  constructor() {
    super();
    // The private method's one caller passes the cluster and the request's TLS options: made once here instead of per request.
    Object.defineProperty(this, 'createDispatcher', {
      value: (cluster: Cluster | null, agentOptions: AgentOptions): Agent | undefined => this.requestPool(cluster, agentOptions),
    });
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const dispatcher = context.getDispatcher();
    if (!(dispatcher instanceof Agent) || !isWatch(context.getUrl())) return;
    const watches = this.#watchesOf.get(dispatcher);
    if (watches !== undefined) context.setDispatcher(watches);
  }

  /** The request pool of these TLS settings; undefined (undici's global dispatcher) when there are none, and a proxy's Agent as client-node makes it. */
  private requestPool(cluster: Cluster | null, agentOptions: AgentOptions): Agent | undefined {
    const options = this.createDispatcherOptions(cluster, agentOptions);
    if (options.type !== 'agent') return undefined;
    const key = createHash('sha256')
      .update(JSON.stringify(options.connect, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value)))
      .digest('hex');
    let pools = this.#pools.get(key);
    if (pools === undefined) {
      pools = { requests: new Agent({ connect: options.connect, connections: API_SERVER_CONNECTIONS }), watches: new Agent({ connect: options.connect }) };
      this.#pools.set(key, pools);
      this.#watchesOf.set(pools.requests, pools.watches);
    }
    return pools.requests;
  }
}

/** A watch request (`?watch=true`, or `watch=1` as kubectl sends it). */
function isWatch(url: string): boolean {
  const watch = new URL(url).searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

/** `kubeConfig` with the same clusters, users and contexts, its requests reusing their connections (the same object if it already does). */
export function pooledKubeConfig(kubeConfig: KubeConfig): KubeConfig {
  if (kubeConfig instanceof PooledKubeConfig) return kubeConfig;
  const pooled = new PooledKubeConfig();
  pooled.loadFromOptions({
    clusters: kubeConfig.clusters,
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: kubeConfig.currentContext,
  });
  return pooled;
}
