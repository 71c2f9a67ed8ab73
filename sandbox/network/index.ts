import type { KubeApi } from '../kube/api.js';
import type { ObjectStore } from '../kube/store.js';
import { SandboxCloud } from './cloud.js';
import { ClusterDnsServer } from './dnsServer.js';
import { endpointPods, isHeadless, podOf, serviceSpec } from './endpoints.js';
import { KubeProxy, type ContainerListenerResolver, type ListenerAddress, type Route } from './kubeProxy.js';
import { StandInAddresses } from './standIns.js';

export type { ContainerListenerResolver, ListenerAddress } from './kubeProxy.js';

/** Where the sandbox's cluster DNS answers, and for which domain: what a client needs to resolve its names. */
export interface ClusterDnsAddress {
  /** `host:port` of the DNS server (UDP). */
  server: string;
  /** The cluster domain, `cluster.local`. */
  domain: string;
}

/** A Service the sandbox answers for without a Service object (the automatic Cruise Control's). */
export interface VirtualService {
  namespace: string;
  name: string;
  port: number;
  target: () => ListenerAddress | undefined;
}

export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * The cluster's network as seen from this machine: cluster DNS for `<svc>.<ns>.svc.cluster.local`
 * and `<hostname>.<subdomain>.<ns>.svc.cluster.local`, answering loopback stand-ins of the
 * cluster IPs and Pod IPs, and kube-proxy forwarding each stand-in's ports to the simulated
 * process listening in the Pod behind it. Processes register who listens in their Pods.
 */
export class ClusterNetwork {
  private readonly standIns = new StandInAddresses();
  private readonly resolvers: ContainerListenerResolver[] = [];
  private readonly virtuals = new Set<VirtualService>();
  private readonly proxy: KubeProxy;
  private readonly server: ClusterDnsServer;
  private cloud: SandboxCloud | undefined;

  private constructor(
    private readonly store: ObjectStore,
    readonly dns: ClusterDnsAddress,
    server: ClusterDnsServer,
  ) {
    this.server = server;
    this.proxy = new KubeProxy(
      store,
      this.standIns,
      (pod, port) => this.listenerOf(pod, port),
      () => this.virtualRoutes(),
    );
  }

  static async start(store: ObjectStore, domain = CLUSTER_DOMAIN): Promise<ClusterNetwork> {
    // The DNS server's port is known once it listens; the network it asks is made after that.
    const started: { network?: ClusterNetwork } = {};
    const server = new ClusterDnsServer(domain, (name) => started.network?.answerClient(name));
    const address = await server.start();
    started.network = new ClusterNetwork(store, { server: address, domain }, server);
    return started.network;
  }

  /**
   * Gives the cluster a cloud provider: Nodes get ExternalIPs and LoadBalancer Services ingress
   * addresses, loopback stand-ins this machine reaches (cloud.ts).
   */
  startCloud(api: KubeApi): void {
    this.cloud ??= new SandboxCloud(api, (key) => this.standIns.of(key));
  }

  /** Adds a source of listeners (brokers, Cruise Controls): asked, at each connection, who listens on a Pod's port. */
  addContainerListeners(resolver: ContainerListenerResolver): void {
    this.resolvers.push(resolver);
  }

  /** Answers for a Service with no object behind it until the returned function is called. */
  addVirtualService(service: VirtualService): () => void {
    this.virtuals.add(service);
    this.proxy.sync();
    return () => {
      this.virtuals.delete(service);
      this.proxy.sync();
    };
  }

  /**
   * Where a Pod IP (or a Service's cluster IP) answers on this machine: its loopback stand-in,
   * listened on from now on (on `port` alone, when given) for the client it is handed to.
   */
  standInOf(ip: string, port?: number): string {
    const address = this.standIns.of(ip);
    this.proxy.handOut(address, port);
    return address;
  }

  /** Looks again at who listens where (after a process started or stopped without a Pod change). */
  sync(): void {
    this.proxy.sync();
  }

  /**
   * Where a process inside the cluster reaches when it connects to `host:port`: the simulated
   * listener behind it, `unresolved` when the name does not resolve, undefined when nothing answers.
   */
  reach(host: string, port: number): ListenerAddress | 'unresolved' | undefined {
    const addresses = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : this.addressesOf(host.toLowerCase().replace(/\.$/, ''));
    if (addresses === undefined || addresses.length === 0) return 'unresolved';
    for (const address of addresses) {
      const target = address.startsWith('127.0.0.') ? { host: address, port } : this.proxy.targetAt(address, port);
      if (target) return target;
    }
    return undefined;
  }

  /** What cluster DNS answers a client for `name`: its A records, whose stand-ins listen from then on. */
  private answerClient(name: string): string[] | undefined {
    const addresses = this.addressesOf(name);
    for (const address of addresses ?? []) this.proxy.handOut(address);
    return addresses;
  }

  /** The A records of a name under the cluster domain; undefined for a name that does not exist. */
  addressesOf(name: string): string[] | undefined {
    const suffix = `.svc.${this.dns.domain}`;
    if (!name.endsWith(suffix)) return undefined;
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const [serviceName = '', namespace = ''] = parts;
      const virtual = [...this.virtuals].find((v) => v.namespace === namespace && v.name === serviceName);
      if (virtual) return [this.standIns.of(virtualKey(virtual))];
      const service = this.store.get('/services', namespace, serviceName);
      if (!service || serviceSpec(service).type === 'ExternalName') return undefined;
      if (!isHeadless(service)) return serviceSpec(service).clusterIP !== undefined ? [this.standIns.of(serviceSpec(service).clusterIP ?? '')] : undefined;
      return endpointPods(this.store, service).map((pod) => this.standIns.of(podOf(pod).status?.podIP ?? ''));
    }
    if (parts.length === 3) {
      // A Pod's own name: its hostname under a headless Service named as its subdomain (the Pod's DNS, k8s.io/dns specification 2.4.1).
      const [hostname, subdomain = '', namespace = ''] = parts;
      const service = this.store.get('/services', namespace, subdomain);
      if (!service || !isHeadless(service)) return undefined;
      const pods = endpointPods(this.store, service).filter((p) => podOf(p).spec?.hostname === hostname && podOf(p).spec?.subdomain === subdomain);
      return pods.length > 0 ? pods.map((pod) => this.standIns.of(podOf(pod).status?.podIP ?? '')) : undefined;
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.cloud?.close();
    this.proxy.close();
    await this.server.close();
  }

  private listenerOf(...args: Parameters<ContainerListenerResolver>): ListenerAddress | undefined {
    for (const resolve of this.resolvers) {
      const found = resolve(...args);
      if (found) return found;
    }
    return undefined;
  }

  private virtualRoutes(): Route[] {
    return [...this.virtuals].map((v) => ({ address: this.standIns.of(virtualKey(v)), port: v.port, target: v.target, published: true }));
  }
}

const virtualKey = (service: VirtualService): string => `virtual:${service.namespace}/${service.name}`;
