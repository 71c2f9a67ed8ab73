import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import mergePatch from 'json-merge-patch';
import { checkKafkaCluster, type KafkaClusterSpec } from '../../k8s/crd/index.js';
import type { CustomResource, ObjectCache } from '../../k8s/objectCache.js';
import type { EventRecorder } from '../../k8s/events.js';
import type { Logger } from '../../logging.js';
import { CLUSTER_API, CLUSTER_API_VERSION } from '../../domain/apis.js';
import { LABEL_BROKER_ID, LABEL_CLUSTER } from '../../domain/labels.js';
import { CONFIG_KEY, configMapName } from '../../domain/objectNames.js';
import { metadataLogDirOf } from '../../domain/serverProperties.js';
import { getProperties } from 'properties-file';
import type { Drain } from './drain.js';
import type { ClusterEdit, EditContext } from './edit.js';
import { editError, type EditError } from './editError.js';

export interface ApplyOptions {
  /** Plan and validate only: nothing is written; the result shows what would change. */
  dryRun?: boolean;
  /** Checked against the cluster as read for each attempt; any problem refuses the edit. */
  precondition?: (cluster: CustomResource) => EditError[];
  /** Annotations written in the same write as the spec, computed from the cluster read for that attempt. */
  annotations?: (cluster: CustomResource) => Record<string, string>;
  /** Who asked (`GraphQL client 10.0.0.7`): recorded on an Event of the cluster with what changed. */
  requestedBy?: string;
}

export type ApplyResult =
  | {
      ok: true;
      dryRun: boolean;
      /** metadata.generation after the write (before it, for a dry run). */
      generation: number;
      /** The spec the edit was planned against (as read for the attempt that wrote). */
      before: KafkaClusterSpec;
      spec: KafkaClusterSpec;
      changes: string[];
      /** The KafkaCluster annotations the edit itself wrote (a restart request). */
      annotations: Record<string, string>;
      /** The Cruise Control task the operator will run for the edit, if any. */
      drain: Drain | undefined;
    }
  | { ok: false; errors: EditError[] };

export interface ClusterEditorOptions {
  kubeConfig: KubeConfig;
  cache: ObjectCache;
  logger: Logger;
  /** Writes tried in all when others change the cluster in between (each gets a 409). */
  attempts?: number;
  /** Where an edit asked for by someone (ApplyOptions.requestedBy) is recorded. */
  events?: EventRecorder;
}

/**
 * Applies edits to KafkaCluster specs, for the GraphQL mutations and the alert actions alike:
 * plan against the cluster in the informer cache, refuse with every problem found, else write
 * the spec once, conditional on the resourceVersion read. When someone else wrote in between
 * (409 Conflict), the cluster is read again from the API server and the edit planned and
 * validated again, so a change is never made against a state it was not checked against.
 */
export class ClusterEditor {
  private readonly api: CustomObjectsApi;

  constructor(private readonly options: ClusterEditorOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async apply(cluster: { namespace: string; name: string }, edit: ClusterEdit, options: ApplyOptions = {}): Promise<ApplyResult> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const object = attempt === 0 ? this.options.cache.get('KafkaCluster', cluster.namespace, cluster.name) : await this.read(cluster);
      if (object === undefined) return refused(editError('cluster', 'NOT_FOUND', `KafkaCluster ${cluster.namespace}/${cluster.name} does not exist`));
      const check = checkKafkaCluster(object);
      if (check.cluster === undefined) {
        return {
          ok: false,
          errors: check.problems.map((p) => ({
            field: [],
            code: 'INVALID_SPEC' as const,
            message: `the cluster's spec cannot be read: ${p.message}`,
            specPath: p.path,
          })),
        };
      }
      const problems = options.precondition?.(object) ?? [];
      if (problems.length > 0) return { ok: false, errors: problems };
      const planned = edit.plan(editContext(this.options.cache, cluster, check.cluster.spec, check.cluster.status));
      if (!planned.ok) return planned;
      const generation = object.metadata?.generation ?? 0;
      if (options.dryRun === true)
        return {
          ok: true,
          dryRun: true,
          generation,
          before: check.cluster.spec,
          spec: planned.spec,
          changes: planned.changes,
          annotations: planned.annotations ?? {},
          drain: planned.drain,
        };

      const specPatch = mergePatch.generate(check.cluster.spec, planned.spec) as unknown;
      const annotations = { ...planned.annotations, ...options.annotations?.(object) };
      try {
        const written = (await this.api.patchNamespacedCustomObject(
          {
            ...CLUSTER_API,
            namespace: cluster.namespace,
            name: cluster.name,
            body: {
              // The precondition: a 409 when the cluster changed since it was read.
              metadata: { resourceVersion: object.metadata?.resourceVersion, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
              ...(specPatch !== undefined ? { spec: specPatch } : {}),
            },
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        )) as CustomResource;
        this.options.logger.info(
          {
            cluster: cluster.name,
            namespace: cluster.namespace,
            edit: edit.name,
            generation: written.metadata?.generation,
            changes: planned.changes,
            by: options.requestedBy,
          },
          'cluster edited',
        );
        if (options.requestedBy !== undefined) await this.recordRequest(written, edit, planned.changes, options.requestedBy);
        return {
          ok: true,
          dryRun: false,
          generation: written.metadata?.generation ?? generation + 1,
          before: check.cluster.spec,
          spec: planned.spec,
          changes: planned.changes,
          annotations: planned.annotations ?? {},
          drain: planned.drain,
        };
      } catch (err) {
        if (!(err instanceof ApiException && err.code === 409)) throw err;
        this.options.logger.debug(
          { cluster: cluster.name, namespace: cluster.namespace, edit: edit.name, attempt },
          'the cluster changed while being edited; planning again',
        );
      }
    }
    return refused(editError([], 'CONFLICT', `KafkaCluster ${cluster.namespace}/${cluster.name} kept changing during ${attempts} attempts; try again`));
  }

  /** The Event that says who asked for the edit and what it changed (`kubectl describe` shows it). */
  private async recordRequest(cluster: CustomResource, edit: ClusterEdit, changes: readonly string[], requestedBy: string): Promise<void> {
    const { name = '', namespace = '', uid } = cluster.metadata ?? {};
    const reason = `${edit.name.charAt(0).toUpperCase()}${edit.name.slice(1)}Requested`;
    await this.options.events?.record(
      { apiVersion: CLUSTER_API_VERSION, kind: 'KafkaCluster', name, namespace, uid },
      'Normal',
      reason,
      `${changes.join('; ')} (asked by ${requestedBy})`,
    );
  }

  private async read(cluster: { namespace: string; name: string }): Promise<CustomResource | undefined> {
    try {
      return (await this.api.getNamespacedCustomObject({ ...CLUSTER_API, namespace: cluster.namespace, name: cluster.name })) as CustomResource;
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) return undefined;
      throw err;
    }
  }
}

/** What an edit of this cluster is planned against, beside its spec and status: from the cache. */
export function editContext(
  cache: ObjectCache,
  cluster: { namespace: string; name: string },
  spec: KafkaClusterSpec,
  status: EditContext['status'],
): EditContext {
  return {
    spec,
    status,
    storageClasses: new Map(cache.list('StorageClass').map((sc) => [sc.metadata?.name ?? '', sc])),
    pvcs: cache.list('PersistentVolumeClaim', cluster.namespace, { app: 'kafka', [LABEL_CLUSTER]: cluster.name }),
    nodes: cache.list('Node'),
    metadataLogDirs: metadataLogDirs(cache, cluster),
  };
}

/** Where each node's metadata log is, read from the broker ConfigMaps the operator wrote. */
function metadataLogDirs(cache: ObjectCache, cluster: { namespace: string; name: string }): Map<number, string> {
  const dirs = new Map<number, string>();
  for (const configMap of cache.list('ConfigMap', cluster.namespace, { app: 'kafka', [LABEL_CLUSTER]: cluster.name })) {
    const id = Number(configMap.metadata?.labels?.[LABEL_BROKER_ID]);
    const text = configMap.data?.[CONFIG_KEY];
    const dir = text !== undefined && Number.isInteger(id) ? metadataLogDirOf(getProperties(text)) : undefined;
    if (dir !== undefined && configMap.metadata?.name === configMapName(cluster, id)) dirs.set(id, dir);
  }
  return dirs;
}

function refused(error: EditError): ApplyResult {
  return { ok: false, errors: [error] };
}
