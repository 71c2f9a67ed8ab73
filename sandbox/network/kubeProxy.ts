import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ObjectStore, StoredObject } from '../kube/store.js';
import {
  declaredPorts,
  endpointPods,
  ingressAddresses,
  isHeadless,
  nodeAddress,
  podOf,
  podSelector,
  serviceSpec,
  targetPortIn,
  type PodSelector,
} from './endpoints.js';
import type { StandInAddresses } from './standIns.js';

/** Where a simulated process really listens (a port on 127.0.0.1 of this machine). */
export interface ListenerAddress {
  host: string;
  port: number;
}

/** Who listens on `port` inside a Pod: the simulated process behind it, when one runs there. */
export type ContainerListenerResolver = (pod: StoredObject, port: number) => ListenerAddress | undefined;

/** One address and port to listen on, and where each new connection goes (undefined: nothing answers). */
export interface Route {
  address: string;
  port: number;
  target: () => ListenerAddress | undefined;
  /**
   * Listened on from the start: an address the API shows (a Node's ExternalIP, a load balancer's
   * ingress) or the sandbox publishes. The other routes, on the stand-ins of cluster IPs and Pod
   * IPs, listen once their address was handed out (`KubeProxy.handOut`).
   */
  published?: boolean;
}

/** A TCP listener on a stand-in address that hands each connection to the route's current target. */
class Forwarder {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly route: Route,
    public target: () => ListenerAddress | undefined,
  ) {
    this.server = createServer((socket) => this.forward(socket));
    // A stand-in taken by another program is a sandbox without that route, not a crash.
    this.server.on('error', () => undefined);
    this.server.listen(route.port, route.address);
  }

  private forward(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const target = this.target();
    // Nothing listens behind it: the peer sees its connection reset, as from a Pod whose process is down.
    if (target === undefined) {
      socket.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    this.sockets.add(upstream);
    upstream.once('close', () => {
      this.sockets.delete(upstream);
      socket.destroy();
    });
    upstream.on('error', () => socket.resetAndDestroy());
    socket.once('close', () => upstream.destroy());
    socket.pipe(upstream);
    upstream.pipe(socket);
  }

  /** Stops listening and drops its connections, as a Pod's network goes with the Pod. */
  close(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }
}

/**
 * What of a Pod the routes are made from: its labels (Service selectors), address, phase, Ready
 * condition and termination (endpoints), and declared ports. Most of a fleet's Pod changes are
 * other status fields, which leave the routes as they are and need no reconcile.
 */
function routedAs(pod: StoredObject): string {
  const { status } = podOf(pod);
  return JSON.stringify([
    pod.metadata.labels,
    pod.metadata.deletionTimestamp,
    status?.phase,
    status?.podIP,
    status?.conditions?.find((c) => c.type === 'Ready')?.status,
    declaredPorts(pod),
  ]);
}

/**
 * The sandbox's kube-proxy. Each Service's cluster IP and each running Pod's IP has a loopback
 * stand-in (StandInAddresses); a Service port listens on its stand-in while the Service has
 * endpoints and passes each connection to one of them, as kube-proxy's rules do (with none, the
 * connection is refused: kube-proxy installs a REJECT rule, pkg/proxy/iptables/proxier.go "has no
 * endpoints"); a Pod's declared container ports listen on the Pod's stand-in and reach the
 * simulated process listening there, if any. A stand-in's sockets open once the sandbox handed
 * its address out (`handOut`); node ports and load balancers listen from the start.
 */
export class KubeProxy {
  /** Every route, by address and port: where a connection would go, listened on or not. */
  private routes = new Map<string, Map<number, Route>>();
  /** The routes listened on, by `address:port`. */
  private readonly open = new Map<string, Forwarder>();
  /** The stand-ins handed out to a client outside the sandbox, with the ports it was told of ('every' from DNS). */
  private readonly handedOut = new Map<string, Set<number> | 'every'>();
  private scheduled = false;
  private closed = false;
  private lastReconcile = { endedAt: 0, tookMs: 0 };
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly standIns: StandInAddresses,
    private readonly listenerOf: ContainerListenerResolver,
    private readonly extraRoutes: () => Route[],
  ) {
    this.unsubscribe = store.subscribe((event) => {
      if (event.resource === '/services' || event.resource === '/nodes') this.sync();
      else if (event.resource === '/pods' && (event.type !== 'MODIFIED' || event.previous === undefined || routedAs(event.previous) !== routedAs(event.object)))
        this.sync();
    });
    this.sync();
  }

  /**
   * Brings the listeners in line with the store, once for however many changes came: on the next
   * turn of the event loop, or, when the last reconcile took long, once three times as long again
   * has passed since it ended. A reconcile reads every Service and Pod, and a fleet's Pods turning
   * Ready one by one would otherwise reconcile thousands of times over thousands; kube-proxy
   * bounds its syncs the same way (its `minSyncPeriod`, 1 s by default: pkg/proxy/iptables/proxier.go
   * and pkg/util/async/bounded_frequency_runner.go).
   */
  sync(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      if (this.closed) return;
      const started = performance.now();
      this.reconcile();
      this.lastReconcile = { endedAt: performance.now(), tookMs: performance.now() - started };
    };
    const wait = this.lastReconcile.endedAt + 3 * this.lastReconcile.tookMs - performance.now();
    if (wait < 1) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  /** Where a connection to this stand-in address and port would go now; undefined when it would be refused or reset. */
  targetAt(address: string, port: number): ListenerAddress | undefined {
    return this.routes.get(address)?.get(port)?.target();
  }

  /**
   * Listens on a stand-in's routes (`port`'s alone, when given) from now on. A cluster IP or a Pod
   * IP is not an address of this machine, so no client can reach one but through the stand-in the
   * sandbox hands it: by cluster DNS or by name in a file it writes. Its sockets are opened then,
   * before the answer leaves, and not for the thousands of Pods whose stand-ins nobody outside the
   * sandbox ever asked for: the simulated processes reach each other without them (`targetAt`),
   * and a fleet's listening sockets were more than the process may open (docs/benchmarks.md).
   */
  handOut(address: string, port?: number): void {
    const known = this.handedOut.get(address);
    if (known === 'every' || (port !== undefined && known?.has(port) === true)) return;
    if (port === undefined) this.handedOut.set(address, 'every');
    else this.handedOut.set(address, new Set([...(known ?? []), port]));
    for (const route of this.routes.get(address)?.values() ?? []) this.listen(route);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const forwarder of this.open.values()) forwarder.close();
    this.open.clear();
  }

  // Reads the stored Services and Pods in no order (`ObjectStore.values`): the routes are keyed by
  // address and port, so the order changes nothing, and a list sorted at each change of a fleet
  // was most of what a reconcile cost.
  private reconcile(): void {
    const wanted = new Map<string, Map<number, Route>>();
    const select = podSelector(this.store);
    for (const route of [...this.serviceRoutes(select), ...this.externalRoutes(select), ...this.podRoutes(), ...this.extraRoutes()]) {
      const byPort = wanted.get(route.address) ?? new Map<number, Route>();
      wanted.set(route.address, byPort);
      byPort.set(route.port, route);
    }
    this.routes = wanted;
    for (const [key, forwarder] of this.open) {
      const route = wanted.get(forwarder.route.address)?.get(forwarder.route.port);
      if (route === undefined || !this.listensOn(route)) {
        forwarder.close();
        this.open.delete(key);
      }
    }
    for (const byPort of wanted.values()) for (const route of byPort.values()) this.listen(route);
  }

  private listensOn(route: Route): boolean {
    if (route.published === true) return true;
    const ports = this.handedOut.get(route.address);
    return ports === 'every' || ports?.has(route.port) === true;
  }

  /** Listens on the route if it should be, or points its listener at the route's current target. */
  private listen(route: Route): void {
    if (!this.listensOn(route)) return;
    const key = `${route.address}:${route.port}`;
    const existing = this.open.get(key);
    if (existing) existing.target = route.target;
    else this.open.set(key, new Forwarder(route, route.target));
  }

  private serviceRoutes(select: PodSelector): Route[] {
    const routes: Route[] = [];
    for (const service of this.store.values('/services')) {
      const spec = serviceSpec(service);
      if (isHeadless(service) || spec.type === 'ExternalName' || spec.clusterIP === undefined) continue;
      if (endpointPods(this.store, service, select).length === 0) continue;
      const address = this.standIns.of(spec.clusterIP);
      for (const port of spec.ports ?? []) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        routes.push({ address, port: port.port, target: this.endpointTarget(service, port.port) });
      }
    }
    return routes;
  }

  /**
   * What reaches a Service from outside the cluster: each node port on every node's ExternalIP
   * (those are addresses of this machine's loopback, sandbox/network/cloud.ts), and a
   * LoadBalancer's ports on its ingress address. With externalTrafficPolicy Local a node passes
   * connections only to endpoints on itself (pkg/proxy/iptables/proxier.go, the local-endpoints chain).
   */
  private externalRoutes(select: PodSelector): Route[] {
    const routes: Route[] = [];
    const nodes = this.store
      .list('/nodes')
      .map((node) => ({ name: node.metadata.name, address: nodeAddress(node, 'ExternalIP') }))
      .filter((n): n is { name: string; address: string } => n.address?.startsWith('127.') === true);
    for (const service of this.store.values('/services')) {
      const spec = serviceSpec(service);
      if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') continue;
      if (endpointPods(this.store, service, select).length === 0) continue;
      const local = spec.externalTrafficPolicy === 'Local';
      for (const port of spec.ports ?? []) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        if (port.nodePort !== undefined) {
          for (const node of nodes) {
            routes.push({
              address: node.address,
              port: port.nodePort,
              target: this.endpointTarget(service, port.port, local ? node.name : undefined),
              published: true,
            });
          }
        }
        if (spec.type === 'LoadBalancer') {
          for (const address of ingressAddresses(service).filter((a) => a.startsWith('127.'))) {
            routes.push({ address, port: port.port, target: this.endpointTarget(service, port.port), published: true });
          }
        }
      }
    }
    return routes;
  }

  /** Chosen at connection time among the Service's endpoints then (on one node only, given `onNode`), at random as kube-proxy's iptables mode does. */
  private endpointTarget(service: StoredObject, servicePort: number, onNode?: string): () => ListenerAddress | undefined {
    const { namespace, name } = service.metadata;
    return () => {
      const current = this.store.get('/services', namespace, name);
      if (!current) return undefined;
      const currentPort = (serviceSpec(current).ports ?? []).find((p) => p.port === servicePort);
      if (!currentPort) return undefined;
      const candidates = endpointPods(this.store, current)
        .filter((pod) => onNode === undefined || podOf(pod).spec?.nodeName === onNode)
        .sort(() => Math.random() - 0.5);
      for (const pod of candidates) {
        const target = targetPortIn(pod, currentPort);
        const listener = target !== undefined ? this.listenerOf(pod, target) : undefined;
        if (listener) return listener;
      }
      return undefined;
    };
  }

  private podRoutes(): Route[] {
    const routes: Route[] = [];
    for (const pod of this.store.values('/pods')) {
      const status = podOf(pod).status;
      if (status?.phase !== 'Running' || status.podIP === undefined) continue;
      const address = this.standIns.of(status.podIP);
      const { namespace, name, uid } = pod.metadata;
      for (const port of new Set(declaredPorts(pod))) {
        routes.push({
          address,
          port,
          target: () => {
            const current = this.store.get('/pods', namespace, name);
            return current?.metadata.uid === uid ? this.listenerOf(current, port) : undefined;
          },
        });
      }
    }
    return routes;
  }
}
