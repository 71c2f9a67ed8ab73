import { ApiException, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../../logging.js';
import { actionTarget, type Action } from './actions.js';

/** The field manager our writes are recorded under (managedFields, kubectl's "who changed it"). */
export const FIELD_MANAGER = 'kafkaplane';

export interface ExecutionResult {
  applied: Action[];
  /** The first action that failed; the ones after it were not tried (the next pass plans again). */
  failed?: { action: Action; error: Error; conflict: boolean };
}

/**
 * Carries out a plan's actions in order, through the Kubernetes API. It stops at the first
 * failure: the next pass re-plans from what the cache then shows, so nothing is retried blindly.
 * A 409 (someone changed the object meanwhile) is a normal outcome, reported as a conflict.
 */
export class ActionExecutor {
  private readonly api: KubernetesObjectApi;

  constructor(
    kubeConfig: KubeConfig,
    private readonly logger: Logger,
  ) {
    this.api = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  /** Stops before the next write once `signal` aborts (this replica lost its leadership). */
  async execute(actions: readonly Action[], context: { cluster: string; namespace: string }, signal?: AbortSignal): Promise<ExecutionResult> {
    const applied: Action[] = [];
    for (const action of actions) {
      if (signal?.aborted === true) break;
      try {
        const name = await this.apply(action);
        // A created object's name, when the API server completed it (generateName), goes on record.
        applied.push(action.type === 'create' && name !== undefined ? { ...action, object: { ...action.object, metadata: { ...action.object.metadata, name } } } : action);
        this.logger.info({ ...context, broker: 'brokerId' in action ? action.brokerId : undefined, action: action.type, reason: action.reason, object: actionTarget(applied[applied.length - 1] ?? action) }, 'applied');
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const conflict = err instanceof ApiException && err.code === 409;
        return { applied, failed: { action, error, conflict } };
      }
    }
    return { applied };
  }

  /** Applies one action; a create answers the name the object got. */
  private async apply(action: Action): Promise<string | undefined> {
    switch (action.type) {
      case 'create':
        return (await this.api.create(action.object, undefined, undefined, FIELD_MANAGER)).metadata?.name;
      case 'replace':
        await this.api.replace(action.object, undefined, undefined, FIELD_MANAGER);
        return;
      case 'resizePvc':
        await this.api.patch(
          { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: action.name, namespace: action.namespace }, spec: { resources: { requests: { storage: action.storage } } } } as KubernetesObject,
          undefined,
          undefined,
          FIELD_MANAGER,
          undefined,
          PatchStrategy.MergePatch,
        );
        return;
      case 'restartBroker':
        // The broker's own grace period applies (terminationGracePeriodSeconds on its Pod).
        await this.api.delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: action.podName, namespace: action.namespace } });
        return;
      case 'delete':
        try {
          await this.api.delete({ apiVersion: action.apiVersion, kind: action.kind, metadata: { name: action.name, namespace: action.namespace } });
        } catch (err) {
          // Already gone (a pass before a crash deleted it): what was wanted.
          if (!(err instanceof ApiException && err.code === 404)) throw err;
        }
        return;
    }
  }
}
