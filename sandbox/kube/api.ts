import { randomUUID } from 'node:crypto';
import { alreadyExists, badRequest, conflict, fieldForbidden, invalid, notFound, webhookDenied, type StatusCause, ApiError } from './errors.js';
import { BUILTIN_RESOURCES, apiVersionOf, resourcesOfCrd, type CrdObject, type ResourceType } from './resources.js';
import { pruneUnknownFields } from './fieldValidation.js';
import { builtinComponents } from './schemas.js';
import { ObjectStore, resourceKey, type StoredObject } from './store.js';
import { schemaTypeProblems } from './schemaTypes.js';
import { strategyOf } from './strategies/index.js';
import { prepareServiceCreate, prepareServiceUpdate } from './services.js';
import { ServiceAllocations } from './serviceAllocations.js';
import { canonicalizeQuantities, microTimeProblem, podUpdateProblems, pvcUpdateProblems, validateMeta } from './validation.js';

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
/** metav1.Time: seconds, UTC. */
export const nowTime = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface WriteOptions {
  dryRun?: boolean;
}

/**
 * The API server's registry: create, read, update and delete with the generic store's rules
 * (kubernetes/apiserver pkg/registry/generic/registry/store.go) and the per-kind strategies
 * of resources.ts. HTTP lives in http.ts; this is what it calls.
 */
/** A validating admission webhook of an add-on: the resources of one API group it checks, and its refusal, if any. */
export interface ValidatingWebhook {
  /** Its name in the ValidatingWebhookConfiguration, which the refusal quotes (`webhook.cert-manager.io`). */
  name: string;
  group: string;
  /** The webhook's refusal of an object (its HTTP code and message), undefined when it admits it. */
  validate(plural: string, object: StoredObject, previous: StoredObject | undefined): { code: number; message: string } | undefined;
}

export class KubeApi {
  readonly store: ObjectStore;
  private readonly serviceAllocations: ServiceAllocations;
  private readonly builtins = new Map<string, ResourceType>();
  private readonly customs = new Map<string, ResourceType>();
  /** Bumped whenever the set of served resources or their schemas change (a CRD written). */
  resourcesGeneration = 0;
  private readonly webhooks = new Set<ValidatingWebhook>();

  /** `historyLimit`: how many changes watches can replay before a 410 Expired (etcd compaction). */
  constructor(options: { historyLimit?: number } = {}) {
    this.store = new ObjectStore(options.historyLimit);
    this.serviceAllocations = new ServiceAllocations(this.store);
    for (const r of BUILTIN_RESOURCES) this.builtins.set(`${r.group}/${r.version}/${r.plural}`, r);
  }

  /**
   * A validating admission webhook, as an installed add-on registers one: it sees every create and
   * update of its group's resources after the API server's own validation, and its refusal is the
   * request's (apiserver pkg/admission/plugin/webhook/validating). Returns its removal.
   */
  addValidatingWebhook(webhook: ValidatingWebhook): () => void {
    this.webhooks.add(webhook);
    return () => this.webhooks.delete(webhook);
  }

  /** Every resource served now, built-ins first. */
  resources(): ResourceType[] {
    return [...this.builtins.values(), ...this.customs.values()];
  }

  resource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.builtins.get(`${group}/${version}/${plural}`) ?? this.customs.get(`${group}/${version}/${plural}`);
  }

  get(r: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const object = this.store.get(resourceKey(r), namespace, name);
    if (!object) throw notFound(r, name);
    return this.present(r, object);
  }

  list(r: ResourceType, namespace: string | undefined): StoredObject[] {
    return this.store.list(resourceKey(r), r.namespaced ? namespace : undefined).map((o) => this.present(r, o));
  }

  /** The objects as they were at `revision`; undefined when the history no longer reaches back. */
  listAt(r: ResourceType, namespace: string | undefined, revision: number): StoredObject[] | undefined {
    return this.storedAt(r, namespace, revision)?.map((o) => this.present(r, o));
  }

  /**
   * The stored objects themselves as they were at `revision`, not copies: for a list to select
   * and page before copying only what it sends (`presented`). Never to be changed.
   */
  storedAt(r: ResourceType, namespace: string | undefined, revision: number): readonly StoredObject[] | undefined {
    return this.store.listAt(resourceKey(r), r.namespaced ? namespace : undefined, revision);
  }

  /** Copies of stored objects as the API serves them (their kind and apiVersion set). */
  presented(r: ResourceType, objects: readonly StoredObject[]): StoredObject[] {
    return objects.map((o) => this.present(r, o));
  }

  create(r: ResourceType, namespace: string | undefined, body: StoredObject, options: WriteOptions = {}): StoredObject {
    const object = this.admit(r, namespace, body);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) {
      meta.name = this.generateName(r, namespace, meta.generateName);
    }
    if (r.namespaced && namespace !== undefined && r.kind !== 'Namespace' && !this.store.get('/namespaces', undefined, namespace)) {
      throw notFound({ group: '', plural: 'namespaces' }, namespace);
    }
    const existing = this.store.get(resourceKey(r), namespace, meta.name);
    if (existing) throw alreadyExists(r, meta.name, existing.metadata.deletionTimestamp !== undefined);
    // Server-set fields (rest/meta.go FillObjectMetaSystemFields).
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTime();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (r.generation) meta.generation = 1;
    else delete meta.generation;
    if (r.statusSubresource && r.custom) delete object.status;
    // pod/strategy.go PrepareForCreate: a new Pod's status is reset to phase Pending.
    if (r.kind === 'Pod' && r.group === '') object.status = { phase: 'Pending' };
    // persistentvolumeclaim/strategy.go PrepareForCreate clears the status; v1 defaults make it Pending.
    if (r.kind === 'PersistentVolumeClaim' && r.group === '') object.status = { phase: 'Pending' };
    // namespace/strategy.go PrepareForCreate: Active, with the kubernetes finalizer.
    if (r.kind === 'Namespace' && r.group === '') {
      const spec = (object.spec ?? {}) as { finalizers?: string[] };
      object.spec = { ...spec, finalizers: [...new Set([...(spec.finalizers ?? []), 'kubernetes'])] };
      object.status = { phase: 'Active' };
    }
    if (r.kind === 'PersistentVolumeClaim' && r.group === '') this.defaultStorageClass(object);
    if (isCoreService(r)) {
      const causes = prepareServiceCreate(object, this.serviceAllocations.clusterIPs, this.serviceAllocations.nodePorts);
      if (causes.length > 0) throw invalid(r.kind, r, meta.name || meta.generateName || '', causes);
    }
    this.validate(r, object, undefined);
    if (options.dryRun) return this.present(r, { ...object, metadata: { ...meta, resourceVersion: String(this.store.currentRevision) } });
    const stored = this.store.put(resourceKey(r), object);
    if (r.kind === 'CustomResourceDefinition') this.registerCrd(stored);
    return this.present(r, stored);
  }

  /** PUT: the whole object, with optimistic concurrency on metadata.resourceVersion. */
  replace(
    r: ResourceType,
    namespace: string | undefined,
    name: string,
    body: StoredObject,
    subresource: 'status' | undefined,
    options: WriteOptions = {},
  ): StoredObject {
    const current = this.store.get(resourceKey(r), namespace, name);
    if (!current) throw notFound(r, name);
    if (body.metadata?.name !== undefined && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    const requested = body.metadata?.resourceVersion;
    if (requested === undefined || requested === '') {
      if (!r.allowUnconditionalUpdate) {
        throw invalid(r.kind, r, name, [
          { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
        ]);
      }
    } else if (requested !== current.metadata.resourceVersion) {
      throw conflict(r, name);
    }
    const next = this.admit(r, namespace, { ...body, metadata: { ...body.metadata, name } });
    return this.update(r, current, next, subresource, options);
  }

  /** Applies an update built from the current object (PUT, PATCH, finalizer removal, kubelet status). */
  update(r: ResourceType, current: StoredObject, next: StoredObject, subresource: 'status' | undefined, options: WriteOptions = {}): StoredObject {
    const meta = next.metadata;
    // Immutable system fields (objectmeta.go ValidateObjectMetaAccessorUpdate).
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    meta.namespace = current.metadata.namespace;
    if (current.metadata.deletionTimestamp !== undefined) {
      meta.deletionTimestamp = current.metadata.deletionTimestamp;
      if (current.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
      const added = (meta.finalizers ?? []).filter((f) => !(current.metadata.finalizers ?? []).includes(f));
      if (added.length > 0)
        throw invalid(r.kind, r, meta.name, [fieldForbidden('metadata.finalizers', 'no new finalizers can be added if the object is being deleted')]);
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (r.statusSubresource) {
      if (subresource === 'status') {
        // Status writes change status only (and may not touch spec).
        const { status } = next;
        Object.assign(
          next,
          structuredClone({
            ...current,
            metadata: {
              ...current.metadata,
              labels: meta.labels,
              annotations: meta.annotations,
              finalizers: meta.finalizers,
              ownerReferences: meta.ownerReferences,
              managedFields: meta.managedFields,
            },
          }),
        );
        next.status = status;
      } else {
        next.status = current.status;
      }
    }
    if (isCoreService(r)) {
      const causes = prepareServiceUpdate(current, next, this.serviceAllocations.nodePorts);
      if (causes.length > 0) throw invalid(r.kind, r, meta.name, causes);
    }
    if (r.generation) {
      const changed = JSON.stringify(specOf(current)) !== JSON.stringify(specOf(next));
      meta.generation = (current.metadata.generation ?? 1) + (changed ? 1 : 0);
    }
    this.validate(r, next, current);
    if (options.dryRun) return this.present(r, next);
    // An update that leaves a deleting object without finalizers deletes it (store.go ShouldDeleteDuringUpdate).
    if (current.metadata.deletionTimestamp !== undefined && (meta.finalizers ?? []).length === 0 && !this.gracePending(current)) {
      const removed = this.store.remove(resourceKey(r), current.metadata.namespace, current.metadata.name);
      return this.present(r, removed ?? next);
    }
    const stored = this.store.put(resourceKey(r), next);
    if (r.kind === 'CustomResourceDefinition') this.registerCrd(stored);
    return this.present(r, stored);
  }

  /**
   * DELETE: immediate without finalizers or grace; otherwise the object is marked
   * (deletionTimestamp) and stays until its finalizers are gone and its grace has passed.
   */
  delete(
    r: ResourceType,
    namespace: string | undefined,
    name: string,
    options: {
      gracePeriodSeconds?: number;
      propagationPolicy?: string;
      preconditions?: { uid?: string | null; resourceVersion?: string | null };
      dryRun?: boolean;
    },
  ): { object: StoredObject; removed: boolean } {
    const current = this.store.get(resourceKey(r), namespace, name);
    if (!current) throw notFound(r, name);
    const pre = options.preconditions;
    // rest/delete.go BeforeDelete: a Conflict on the group and *Kind* (not the plural).
    const preconditionFailed = (detail: string): ApiError =>
      new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${r.group === '' ? r.kind : `${r.kind}.${r.group}`} "${name}": ${detail}`, {
        name,
        ...(r.group !== '' ? { group: r.group } : {}),
        kind: r.kind,
      });
    if (pre?.uid !== undefined && pre.uid !== null && pre.uid !== current.metadata.uid) {
      throw preconditionFailed(
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${current.metadata.uid}). The object might have been deleted and then recreated`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== null && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw preconditionFailed(
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${current.metadata.resourceVersion}). The object might have been modified`,
      );
    }
    if (current.metadata.deletionTimestamp !== undefined && (options.gracePeriodSeconds === undefined || options.gracePeriodSeconds > 0)) {
      return { object: this.present(r, current), removed: false };
    }
    const finalizers = [...(current.metadata.finalizers ?? [])];
    if (options.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (options.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const grace = this.gracePeriod(r, current, options.gracePeriodSeconds);
    if (options.dryRun) return { object: this.present(r, current), removed: false };
    if (finalizers.length === 0 && grace === 0) {
      const removed = this.store.remove(resourceKey(r), namespace, name);
      return { object: this.present(r, removed ?? current), removed: true };
    }
    const marked = structuredClone(current);
    marked.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    marked.metadata.deletionGracePeriodSeconds = grace;
    marked.metadata.finalizers = finalizers;
    if (r.generation && (marked.metadata.generation ?? 0) > 0) marked.metadata.generation = (marked.metadata.generation ?? 0) + 1;
    return { object: this.present(r, this.store.put(resourceKey(r), marked)), removed: false };
  }

  /** Removes an object whose grace period ended (the kubelet's final delete with grace 0). */
  finishDeletion(r: ResourceType, namespace: string | undefined, name: string): void {
    const current = this.store.get(resourceKey(r), namespace, name);
    if (!current || (current.metadata.finalizers ?? []).length > 0) return;
    this.store.remove(resourceKey(r), namespace, name);
  }

  private gracePending(object: StoredObject): boolean {
    return object.kind === 'Pod' && (object.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  /** Pods get their termination grace period (0 when never scheduled or already ended: pod/strategy.go). */
  private gracePeriod(r: ResourceType, object: StoredObject, requested: number | undefined): number {
    if (r.kind !== 'Pod' || r.group !== '') return 0;
    const spec = object.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
    const phase = (object.status as { phase?: string } | undefined)?.phase;
    if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const grace = requested ?? spec.terminationGracePeriodSeconds ?? 30;
    return grace < 0 ? 1 : grace;
  }

  /** Checks the body against the URL and strips what clients may not set. */
  private admit(r: ResourceType, namespace: string | undefined, body: StoredObject): StoredObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request could not be decoded as an object');
    const object = structuredClone(body);
    object.apiVersion = apiVersionOf(r);
    object.kind = r.kind;
    object.metadata = { ...(object.metadata ?? {}) };
    if (r.namespaced) {
      if (object.metadata.namespace !== undefined && namespace !== undefined && object.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (namespace !== undefined) object.metadata.namespace = namespace;
    } else delete object.metadata.namespace;
    // ObjectMeta's maps and lists are omitempty: an empty one (the last label removed) is not kept.
    for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
      const value: unknown = object.metadata[key];
      if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) delete object.metadata[key];
    }
    const micro = microTimeProblem(object);
    if (micro) throw badRequest(micro);
    // Custom resources are pruned by their structural schema (a request's unknown fields were
    // already reported by the HTTP layer; writes from inside the sandbox are pruned here too).
    if (r.schema) pruneUnknownFields(object, r.schema, builtinComponents(), { root: true });
    // core/v1 defaults.go SetDefaults_Secret: a Secret without a type is Opaque.
    if (r.kind === 'Secret' && r.group === '' && (object.type === undefined || object.type === '')) object.type = 'Opaque';
    strategyOf(r)?.defaults?.(object);
    return canonicalizeQuantities(object);
  }

  private validate(r: ResourceType, object: StoredObject, previous: StoredObject | undefined): void {
    const causes: StatusCause[] = validateMeta(object);
    // customresource strategy Validate: metadata first, then the schema.
    if (r.custom && r.schema) causes.push(...schemaTypeProblems(object, r.schema));
    causes.push(...(strategyOf(r)?.validate?.(object, previous) ?? []));
    if (previous && r.kind === 'Pod' && r.group === '') causes.push(...podUpdateProblems(previous, object));
    if (previous && r.kind === 'PersistentVolumeClaim') {
      causes.push(...pvcUpdateProblems(previous, object, (className) => this.allowsExpansion(className)));
    }
    if (causes.length > 0) throw invalid(r.kind, r, object.metadata.name || object.metadata.generateName || '', causes);
    for (const webhook of this.webhooks) {
      if (webhook.group !== r.group) continue;
      const refusal = webhook.validate(r.plural, object, previous);
      if (refusal !== undefined) throw webhookDenied(webhook.name, refusal.code, refusal.message);
    }
  }

  /**
   * The DefaultStorageClass admission plugin, on by default in kube-apiserver
   * (kubernetes/kubernetes plugin/pkg/admission/storage/storageclass/setdefault/admission.go): a
   * claim created with no class (no storageClassName, not even "", and no beta annotation) gets
   * the default StorageClass, the one annotated storageclass.kubernetes.io/is-default-class
   * "true" (or its beta form); of several, the newest, then the first by name
   * (pkg/volume/util/storageclass.go GetDefaultClass). With none, the claim keeps no class.
   */
  private defaultStorageClass(claim: StoredObject): void {
    const spec = (claim.spec ?? {}) as { storageClassName?: string };
    if (spec.storageClassName !== undefined || claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
    const isDefault = (sc: StoredObject): boolean =>
      sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    const created = (sc: StoredObject): number => Date.parse(sc.metadata.creationTimestamp ?? '') || 0;
    const [chosen] = this.store
      .list('storage.k8s.io/storageclasses', undefined)
      .filter(isDefault)
      .sort((a, b) => created(b) - created(a) || byteOrder(a.metadata.name ?? '', b.metadata.name ?? ''));
    if (chosen?.metadata.name !== undefined) claim.spec = { ...spec, storageClassName: chosen.metadata.name };
  }

  allowsExpansion(className: string): boolean {
    const sc = this.store.get('storage.k8s.io/storageclasses', undefined, className);
    return sc?.allowVolumeExpansion === true;
  }

  private generateName(r: ResourceType, namespace: string | undefined, prefix: string): string {
    // pkg/storage/names/generate.go: prefix (at most 58 chars) and 5 random characters; 8 tries.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      let suffix = '';
      for (let i = 0; i < 5; i += 1) suffix += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)] ?? 'x';
      const name = prefix.slice(0, 58) + suffix;
      if (!this.store.get(resourceKey(r), namespace, name)) return name;
    }
    throw new ApiError(409, 'AlreadyExists', `${r.plural} "${prefix}" already exists, the server was not able to generate a unique name for the object`, {
      name: prefix,
      kind: r.plural,
      retryAfterSeconds: 1,
    });
  }

  /** A CRD's resources are served once it is stored; it reports Established right after. */
  private registerCrd(crd: StoredObject): void {
    const definition = crd as unknown as CrdObject;
    for (const [key, r] of this.customs) if (r.group === definition.spec.group && r.plural === definition.spec.names.plural) this.customs.delete(key);
    for (const r of resourcesOfCrd(definition)) this.customs.set(`${r.group}/${r.version}/${r.plural}`, r);
    this.resourcesGeneration += 1;
    const conditions = ((crd.status as { conditions?: Array<{ type: string }> } | undefined)?.conditions ?? []).filter(
      (c) => c.type !== 'Established' && c.type !== 'NamesAccepted',
    );
    const now = nowTime();
    const established = {
      ...crd,
      status: {
        ...(crd.status as object | undefined),
        conditions: [
          ...conditions,
          { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
          { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
        ],
        acceptedNames: definition.spec.names,
        storedVersions: definition.spec.versions.filter((v) => v.storage).map((v) => v.name),
      },
    };
    const current = (crd.status as { conditions?: unknown } | undefined)?.conditions;
    if (JSON.stringify(current) !== JSON.stringify(established.status.conditions)) {
      queueMicrotask(() => {
        const latest = this.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name);
        if (latest && latest.metadata.resourceVersion === crd.metadata.resourceVersion) {
          this.store.put('apiextensions.k8s.io/customresourcedefinitions', { ...latest, status: established.status });
        }
      });
    }
  }

  /** Objects leave the store with their kind and apiVersion. */
  private present(r: ResourceType, object: StoredObject): StoredObject {
    return { ...structuredClone(object), apiVersion: apiVersionOf(r), kind: r.kind };
  }
}

function isCoreService(r: ResourceType): boolean {
  return r.kind === 'Service' && r.group === '';
}

function specOf(object: StoredObject): unknown {
  const { metadata: _m, status: _s, ...rest } = object;
  return rest;
}

/** Go's string comparison: by bytes, not by locale. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
