import { ApiException, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { stringify as toYaml } from 'yaml';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { checkKafkaCluster } from '../../k8s/crd/index.js';
import type { EventRecorder, InvolvedObject } from '../../k8s/events.js';
import type { CustomResource, ObjectCache } from '../../k8s/objectCache.js';
import type { KafkaAdminClient } from '../../kafka/index.js';
import type { Logger } from '../../logging.js';
import { CLUSTER_API, CLUSTER_API_VERSION } from '../../domain/apis.js';
import type { ClusterRef } from '../../domain/labels.js';
import { editError, type EditError } from '../edits/editError.js';
import { unknownStorageClass } from '../edits/volumeInput.js';
import { dataHeld, type DataHeld } from './dataHeld.js';
import { newKafkaCluster, type NewClusterInput } from './newCluster.js';

export interface ClusterLifecycleOptions {
  kubeConfig: KubeConfig;
  cache: ObjectCache;
  logger: Logger;
  events?: EventRecorder | undefined;
  /** An Admin client for the cluster's brokers (undefined: no address is known). */
  kafkaAdmin: (cluster: ClusterRef, spec: KafkaClusterSpec) => Promise<KafkaAdminClient | undefined>;
}

export type CreateResult = { ok: true; dryRun: boolean; manifest: string } | { ok: false; errors: EditError[] };
export type DeleteResult = { ok: true; dryRun: boolean; held: DataHeld | undefined } | { ok: false; errors: EditError[]; held?: DataHeld | undefined };

/**
 * Creates and deletes whole KafkaClusters for the API. Creating writes the KafkaCluster only (the
 * operator builds the rest); deleting removes it, and the garbage collector then removes every
 * object it owns, its PVCs with the data on them. So a cluster whose brokers hold topics is not
 * deleted unless the caller says so (`force`), and neither is one Kafka cannot be asked about.
 */
export class ClusterLifecycle {
  private readonly api: CustomObjectsApi;

  constructor(private readonly options: ClusterLifecycleOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async create(input: NewClusterInput, options: { dryRun: boolean; requestedBy: string }): Promise<CreateResult> {
    const storageClasses = new Map(this.options.cache.list('StorageClass').map((sc) => [sc.metadata?.name ?? '', sc]));
    const unknownClass = unknownStorageClass(input.storage.storageClass, storageClasses, ['storage', 'storageClass']);
    const built = newKafkaCluster(input);
    if (!built.ok || unknownClass.length > 0) return { ok: false, errors: [...(built.ok ? [] : built.errors), ...unknownClass] };
    const { object } = built;
    let created: CustomResource;
    try {
      // With dryRun=All the API server checks the namespace, the name and the CRD's schema
      // without storing anything.
      created = (await this.api.createNamespacedCustomObject({
        ...CLUSTER_API,
        namespace: input.namespace,
        body: object,
        ...(options.dryRun ? { dryRun: 'All' } : {}),
      })) as CustomResource;
    } catch (err) {
      if (err instanceof ApiException && err.code === 409)
        return { ok: false, errors: [editError('name', 'ALREADY_EXISTS', `KafkaCluster ${input.namespace}/${input.name} exists already`)] };
      if (err instanceof ApiException && err.code === 404)
        return { ok: false, errors: [editError('namespace', 'NOT_FOUND', `namespace ${input.namespace} does not exist`)] };
      if (err instanceof ApiException && (err.code === 422 || err.code === 400))
        return { ok: false, errors: [editError([], 'INVALID_SPEC', `the API server refused the KafkaCluster: ${statusMessage(err)}`)] };
      throw err;
    }
    const manifest = toYaml(object);
    if (!options.dryRun) {
      this.options.logger.info({ cluster: input.name, namespace: input.namespace, brokers: input.brokers, by: options.requestedBy }, 'cluster created');
      await this.record(
        created,
        'ClusterCreateRequested',
        `KafkaCluster created with ${input.brokers} brokers (${input.controllers} of them KRaft controllers) (asked by ${options.requestedBy})`,
      );
    }
    return { ok: true, dryRun: options.dryRun, manifest };
  }

  async delete(
    cluster: { namespace: string; name: string },
    options: { force: boolean; dryRun: boolean; requestedBy: string },
    signal?: AbortSignal,
  ): Promise<DeleteResult> {
    const object = this.options.cache.get('KafkaCluster', cluster.namespace, cluster.name);
    if (object?.metadata?.uid === undefined)
      return { ok: false, errors: [editError('clusterId', 'NOT_FOUND', `KafkaCluster ${cluster.namespace}/${cluster.name} does not exist`)] };
    if (object.metadata.deletionTimestamp !== undefined)
      return {
        ok: false,
        errors: [editError('clusterId', 'OPERATION_IN_PROGRESS', `KafkaCluster ${cluster.namespace}/${cluster.name} is being deleted already`)],
      };
    let held: DataHeld | undefined;
    if (!options.force) {
      const asked = await this.askKafka(object, signal);
      if ('error' in asked) return { ok: false, errors: [asked.error] };
      held = asked.held;
      if (held.topics.length > 0) {
        const shown = held.topics.slice(0, 10).join(', ') + (held.topics.length > 10 ? `, and ${held.topics.length - 10} more` : '');
        return {
          ok: false,
          held,
          errors: [
            editError(
              'force',
              'CLUSTER_HOLDS_DATA',
              `the brokers of ${cluster.namespace}/${cluster.name} hold ${held.topics.length} topic(s) (${shown}; ${held.replicas} replicas, ${readableBytes(held.bytes)}); deleting the cluster deletes their volumes: pass force: true to delete it all the same`,
            ),
          ],
        };
      }
    }
    if (options.dryRun) return { ok: true, dryRun: true, held };
    try {
      // Conditional on the uid read: a cluster re-created under the same name meanwhile is not the one checked.
      await this.api.deleteNamespacedCustomObject({
        ...CLUSTER_API,
        namespace: cluster.namespace,
        name: cluster.name,
        propagationPolicy: 'Background',
        body: { preconditions: { uid: object.metadata.uid } },
      });
    } catch (err) {
      if (err instanceof ApiException && err.code === 404)
        return { ok: false, errors: [editError('clusterId', 'NOT_FOUND', `KafkaCluster ${cluster.namespace}/${cluster.name} does not exist`)] };
      if (err instanceof ApiException && err.code === 409)
        return {
          ok: false,
          errors: [editError('clusterId', 'CONFLICT', `KafkaCluster ${cluster.namespace}/${cluster.name} was replaced while being checked; try again`)],
        };
      throw err;
    }
    this.options.logger.info({ cluster: cluster.name, namespace: cluster.namespace, force: options.force, by: options.requestedBy }, 'cluster deleted');
    // Recorded once the delete was accepted: an Event outlives the object it is about.
    await this.record(
      object,
      'ClusterDeleteRequested',
      `KafkaCluster deleted${options.force ? ' (forced, whatever its brokers hold)' : ''}; its brokers' Pods, volumes and data go with it (asked by ${options.requestedBy})`,
    );
    return { ok: true, dryRun: false, held };
  }

  private async askKafka(object: CustomResource, signal: AbortSignal | undefined): Promise<{ held: DataHeld } | { error: EditError }> {
    const { name = '', namespace = '', uid = '' } = object.metadata ?? {};
    const spec = checkKafkaCluster(object).cluster?.spec;
    const admin = spec !== undefined ? await this.options.kafkaAdmin({ name, namespace, uid }, spec) : undefined;
    const unknown = (why: string): { error: EditError } => ({
      error: editError(
        'force',
        'KAFKA_UNREACHABLE',
        `Kafka cannot be asked what the brokers of ${namespace}/${name} hold (${why}); pass force: true to delete the cluster without knowing`,
      ),
    });
    if (spec === undefined || admin === undefined) return unknown('no address of its brokers is known');
    try {
      return {
        held: await dataHeld(
          admin,
          spec.brokers.map((b) => b.id),
          signal,
        ),
      };
    } catch (err) {
      return unknown((err as Error).message);
    }
  }

  private async record(object: CustomResource | undefined, reason: string, message: string): Promise<void> {
    const { name, namespace, uid } = object?.metadata ?? {};
    if (name === undefined || namespace === undefined) return;
    const involved: InvolvedObject = { apiVersion: CLUSTER_API_VERSION, kind: 'KafkaCluster', name, namespace, uid };
    await this.options.events?.record(involved, 'Normal', reason, message);
  }
}

function statusMessage(err: ApiException<unknown>): string {
  try {
    return (JSON.parse(String(err.body)) as { message?: string }).message ?? String(err.body);
  } catch {
    return String(err.body);
  }
}

/** 227397795840 → "211.8 GiB": a size a person reads at a glance. */
function readableBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}
