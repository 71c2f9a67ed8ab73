/**
 * The writes of one runner pass to its cluster's CruiseControlOperations, and the Events it
 * records. Each record is kept as the API last answered for it (status and resourceVersion),
 * so a pass that listed once can still claim an attempt with a conditional write: anyone who
 * wrote the record since makes that claim fail with a 409, and nothing is sent.
 *
 * A replica that lost the lease stops at once: once the pass's signal aborts, nothing is written,
 * and a write in flight is cancelled.
 */
import { ApiException, PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import stringify from 'safe-stable-stringify';
import { PAUSE_LABEL, type CruiseControlOperationStatus } from '../../k8s/crd/index.js';
import { abortedBy } from '../../k8s/abortable.js';
import type { EventRecorder } from '../../k8s/events.js';
import type { ClusterRef } from '../../domain/labels.js';
import { OPERATION_API } from '../../domain/apis.js';
import { OPERATION_FINALIZER, type OperationRecord } from '../../domain/operationRecord.js';
import { definedOnly, type OperationEvent, type StatusChange } from './taskStatus.js';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const JSON_PATCH = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

export class OperationWriter {
  constructor(
    private readonly api: CustomObjectsApi,
    private readonly events: EventRecorder,
    private readonly cluster: ClusterRef,
    private readonly pass: AbortSignal,
  ) {}

  private checkLeading(): void {
    if (this.pass.aborted) throw new Error('this replica stopped leading: the pass ends without writing');
  }

  /** Merges a change into the status and records its Event; nothing is written when nothing changes. */
  async apply(record: OperationRecord, { change, event }: StatusChange): Promise<void> {
    const next = { ...record.status, ...change };
    if (stringify(next) !== stringify(record.status)) await this.replaceStatus(record, next);
    if (event !== undefined) await this.event(record, event);
  }

  /** A reason the operation is not running yet, in words a user can act on. */
  async wait(record: OperationRecord, message: string): Promise<void> {
    await this.apply(record, { change: { message: `waiting: ${message}` } });
  }

  /**
   * Writes the whole status, over the version read only: a status written whole from an older
   * read would undo what was written since. With `conditional`, a conflict returns false
   * (someone else wrote first, and this pass must not act on what it read); otherwise it ends
   * the pass, and the next one lists the records again.
   */
  async replaceStatus(record: OperationRecord, status: CruiseControlOperationStatus, conditional = false): Promise<boolean> {
    this.checkLeading();
    const body = definedOnly(status);
    const test = [{ op: 'test', path: '/metadata/resourceVersion', value: record.resourceVersion }];
    try {
      // JSON merge patch cannot remove a key by omission: the status is written whole with a JSON patch.
      const answer: unknown = await this.api.patchNamespacedCustomObjectStatus(
        { ...OPERATION_API, namespace: record.namespace, name: record.name, body: [...test, { op: 'add', path: '/status', value: body }] },
        abortedBy(this.pass, JSON_PATCH),
      );
      record.status = body;
      this.remember(record, answer);
      return true;
    } catch (err) {
      // A failed test op is a 422 (RFC 6902 through the API server's JSON patch), a stale version a 409.
      const conflict = err instanceof ApiException && (err.code === 409 || err.code === 422);
      if (conflict && conditional) return false;
      if (conflict) throw new Error(`operation ${record.namespace}/${record.name} changed since this pass read it: its status is not written over`);
      throw err;
    }
  }

  async addFinalizer(record: OperationRecord): Promise<void> {
    await this.patchMetadata(record, { finalizers: [...record.finalizers, OPERATION_FINALIZER] });
    record.finalizers = [...record.finalizers, OPERATION_FINALIZER];
  }

  /** Lets a record being deleted go; its version is checked, so a record changed since is looked at again. */
  async removeFinalizer(record: OperationRecord): Promise<void> {
    const finalizers = record.finalizers.filter((f) => f !== OPERATION_FINALIZER);
    await this.patchMetadata(record, { finalizers, resourceVersion: record.resourceVersion });
    record.finalizers = finalizers;
  }

  /** Koperator's pause: the label `pause: "true"`; removing it resumes the operation. */
  async pause(record: OperationRecord): Promise<void> {
    await this.patchMetadata(record, { labels: { [PAUSE_LABEL]: 'true' } });
    record.paused = true;
  }

  async delete(record: OperationRecord): Promise<void> {
    this.checkLeading();
    // Only the record as listed: one recreated under the same name meanwhile is not this one.
    const preconditions = { ...(record.uid !== '' ? { uid: record.uid } : {}), resourceVersion: record.resourceVersion };
    await this.api
      .deleteNamespacedCustomObject({ ...OPERATION_API, namespace: record.namespace, name: record.name, body: { preconditions } }, abortedBy(this.pass))
      .catch((err: unknown) => {
        if (!(err instanceof ApiException && err.code === 404)) throw err;
      });
  }

  /** An Event on the KafkaCluster, naming the operation. */
  async event(record: OperationRecord, { type, reason, message }: OperationEvent): Promise<void> {
    this.checkLeading();
    const { name, namespace, uid } = this.cluster;
    const involved = { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', name, namespace, uid };
    await this.events.record(involved, type, reason, `${record.name}: ${message}`, [], this.pass);
  }

  private async patchMetadata(record: OperationRecord, metadata: Record<string, unknown>): Promise<void> {
    this.checkLeading();
    const target = { ...OPERATION_API, namespace: record.namespace, name: record.name };
    const answer: unknown = await this.api.patchNamespacedCustomObject({ ...target, body: { metadata } }, abortedBy(this.pass, MERGE_PATCH));
    this.remember(record, answer);
  }

  /** The version the API gave the record with this write: the next conditional write carries it. */
  private remember(record: OperationRecord, answer: unknown): void {
    const version = (answer as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
    if (typeof version === 'string') record.resourceVersion = version;
  }
}
