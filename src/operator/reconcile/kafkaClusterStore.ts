import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import mergePatch from 'json-merge-patch';
import stringify from 'safe-stable-stringify';
import type { KafkaClusterStatus } from '../../k8s/crd/index.js';
import type { CustomResource, ObjectCache } from '../../k8s/objectCache.js';
import type { ClusterRef } from '../../domain/labels.js';
import { CLUSTER_API } from '../../domain/apis.js';
import { abortedBy } from '../../k8s/abortable.js';

/**
 * The KafkaClusters as the controller reads and reports them: from the cache, unless the cache
 * has not yet shown this controller's last status write. A pass planned on the status before
 * that write would ask again for what the write recorded as asked (a second
 * CruiseControlOperation), so the cluster is then read from the API instead.
 */
export class KafkaClusterStore {
  private readonly customObjects: CustomObjectsApi;
  /** The resourceVersion each cluster got from this controller's last status write. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly cache: ObjectCache,
    kubeConfig: KubeConfig,
  ) {
    this.customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async read(namespace: string, name: string): Promise<CustomResource | undefined> {
    const key = `${namespace}/${name}`;
    const cached = this.cache.get('KafkaCluster', namespace, name);
    const written = this.written.get(key);
    if (written === undefined || cached?.metadata?.resourceVersion === written) {
      this.written.delete(key);
      return cached;
    }
    try {
      const fresh = (await this.customObjects.getNamespacedCustomObject({ ...CLUSTER_API, namespace, name })) as CustomResource;
      this.written.delete(key);
      return fresh;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) {
        this.written.delete(key);
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Writes the status subresource when it differs; returns whether it wrote. With
   * `resourceVersion`, only over the cluster as it was read: a status computed from an older
   * read (a lagging cache, or a replica that lost the lease) gets a 409 instead of undoing what
   * was written since. `signal` cancels the request.
   */
  async writeStatus(
    ref: ClusterRef,
    current: KafkaClusterStatus | undefined,
    next: KafkaClusterStatus,
    resourceVersion?: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (stringify(current ?? {}) === stringify(next)) return false;
    const precondition = resourceVersion !== undefined ? { metadata: { resourceVersion } } : {};
    // A merge patch of the difference: keys that went (a removed broker's entry) are sent as null.
    const change = mergePatch.generate(current ?? {}, next) as unknown;
    const written = (await this.customObjects.patchNamespacedCustomObjectStatus(
      { ...CLUSTER_API, namespace: ref.namespace, name: ref.name, body: { ...precondition, status: change ?? {} } },
      abortedBy(signal, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    )) as CustomResource;
    const version = written.metadata?.resourceVersion;
    if (version !== undefined) this.written.set(`${ref.namespace}/${ref.name}`, version);
    return true;
  }
}
