import type { KubeApi } from '../kube/api.js';
import type { ResourceType } from '../kube/resources.js';
import type { StoredObject } from '../kube/store.js';
import { ingressAddresses, nodeAddress, serviceSpec } from './endpoints.js';

/**
 * The sandbox's cloud provider: what a cloud's controller manager does for a cluster
 * (k8s.io/cloud-provider controllers/node and controllers/service). Each Node gets an ExternalIP,
 * and each Service of type LoadBalancer a load balancer whose ingress IP it reports in
 * `status.loadBalancer.ingress`. Outside the cluster is this machine, so those addresses are
 * loopback stand-ins (`addressOf`), on which kube-proxy listens (kubeProxy.ts, externalRoutes):
 * a client on this machine reaches them as a client on the internet reaches a cloud's.
 */
export class SandboxCloud {
  private scheduled = false;
  private closed = false;
  /**
   * The Services changed since the last reconcile (`namespace/name`), or every one: the service
   * controller works through the Services it is told of, not all of them at each change.
   */
  private changedServices: Set<string> | 'all' = 'all';
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: KubeApi,
    private readonly addressOf: (key: string) => string,
  ) {
    this.unsubscribe = api.store.subscribe((event) => {
      if (event.resource === '/services' && this.changedServices !== 'all')
        this.changedServices.add(`${event.object.metadata.namespace ?? ''}/${event.object.metadata.name}`);
      if (event.resource === '/nodes' || event.resource === '/services') this.sync();
    });
    this.sync();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  /** Once per turn of the event loop, however many changes came. */
  private sync(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.closed) this.reconcile();
    });
  }

  private reconcile(): void {
    for (const node of this.api.store.list('/nodes')) {
      if (nodeAddress(node, 'ExternalIP') !== undefined) continue;
      const status = (node.status ?? {}) as { addresses?: Array<{ type: string; address: string }> };
      const addresses = [...(status.addresses ?? []), { type: 'ExternalIP', address: this.addressOf(`node:${node.metadata.name}`) }];
      this.writeStatus('nodes', node, { ...status, addresses });
    }
    const changed = this.changedServices;
    this.changedServices = new Set();
    const services =
      changed === 'all'
        ? this.api.store.values('/services')
        : [...changed].flatMap((key) => {
            const [namespace = '', name = ''] = key.split('/');
            return this.api.store.get('/services', namespace === '' ? undefined : namespace, name) ?? [];
          });
    for (const service of services) {
      const isBalanced = serviceSpec(service).type === 'LoadBalancer' && service.metadata.deletionTimestamp === undefined;
      const reported = ingressAddresses(service);
      const status = (service.status ?? {}) as Record<string, unknown>;
      if (isBalanced && reported.length === 0) {
        const key = `lb:${service.metadata.namespace ?? ''}/${service.metadata.name}/${service.metadata.uid}`;
        this.writeStatus('services', service, { ...status, loadBalancer: { ingress: [{ ip: this.addressOf(key) }] } });
      } else if (!isBalanced && reported.length > 0) {
        // A Service that is no longer a LoadBalancer loses its load balancer (service controller's EnsureLoadBalancerDeleted).
        this.writeStatus('services', service, { ...status, loadBalancer: {} });
      }
    }
  }

  private writeStatus(plural: string, object: StoredObject, status: Record<string, unknown>): void {
    const r = this.api.resources().find((x): x is ResourceType => x.group === '' && x.plural === plural);
    if (!r) return;
    const latest = this.api.store.get(`/${plural}`, object.metadata.namespace, object.metadata.name);
    if (!latest || latest.metadata.uid !== object.metadata.uid) return;
    this.api.update(r, latest, { ...structuredClone(latest), status }, 'status');
  }
}
