import {
  ApiException,
  KubernetesObjectApi,
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from '../logging.js';
import { collectionPath, type ResourceKind } from './kinds.js';
import { exponentialBackoff } from '../domain/backoff.js';

export type InformerEvent = 'add' | 'update' | 'delete';
export type InformerListener<T> = (event: InformerEvent, object: T) => void;

/** Which objects of a kind one list+watch asks for: the API server filters, so the rest never arrive. */
export interface Selection {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface InformerOptions {
  /** Namespaces to watch, one list+watch each; `undefined` watches all namespaces. */
  namespaces?: readonly string[] | undefined;
  /**
   * One list+watch per selection (and namespace); none selects every object. Selections must not
   * overlap: an object two of them match would be held twice.
   */
  selections?: readonly Selection[];
  /** Objects per page of a list (`limit`, then `continue`); client-go's reflector pages by 500. */
  pageSize?: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
  logger: Logger;
}

/**
 * A list+watch cache of one kind that keeps itself alive. client-node's ListWatch reconnects
 * on a clean end, a timeout and 410 Gone, but stops for good on any other error (a socket reset,
 * a 5xx, a failed list): kubernetes-client/javascript src/cache.ts, ListWatch. Here every such stop is followed by a
 * restart with exponential backoff, resuming from the last resourceVersion when it has one.
 */
export class ResilientInformer<T extends KubernetesObject> {
  private readonly watches: Array<{ namespace: string | undefined; selection: Selection; listWatch: ListWatch<T>; synced: boolean; failures: number }>;
  private readonly listeners = new Set<InformerListener<T>>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly syncWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    kubeConfig: KubeConfig,
    readonly kind: ResourceKind,
    private readonly options: InformerOptions,
  ) {
    const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    const watch = new StrippingWatch(kubeConfig);
    const namespaces = kind.namespaced && options.namespaces !== undefined ? [...options.namespaces] : [undefined];
    const selections = options.selections ?? [{}];
    const pageSize = options.pageSize ?? 500;
    this.watches = namespaces.flatMap((namespace) =>
      selections.map((selection) => {
        const listFn = (): Promise<KubernetesListObject<T>> => listInPages<T>(objects, kind, namespace, selection, pageSize);
        const listWatch = new ListWatch<T>(collectionPath(kind, namespace), watch, listFn, false, selection.labelSelector, selection.fieldSelector);
        const entry = { namespace, selection, listWatch, synced: false, failures: 0 };
        listWatch.on('add', (o) => this.emit('add', o, entry));
        listWatch.on('update', (o) => this.emit('update', o, entry));
        listWatch.on('delete', (o) => this.emit('delete', o, entry));
        listWatch.on('error', (err) => this.restartLater(entry, err));
        return entry;
      }),
    );
  }

  /** Starts every list+watch; resolves once each has listed successfully (the cache is synced). */
  async start(): Promise<void> {
    await Promise.all(this.watches.map((entry) => this.startOne(entry)));
    await this.waitForSync();
  }

  get synced(): boolean {
    return this.watches.every((w) => w.synced);
  }

  list(namespace?: string): T[] {
    return this.watches
      .filter((w) => namespace === undefined || w.namespace === undefined || w.namespace === namespace)
      .flatMap((w) => w.listWatch.list(namespace));
  }

  get(name: string, namespace?: string): T | undefined {
    for (const w of this.watches) {
      if (namespace !== undefined && w.namespace !== undefined && w.namespace !== namespace) continue;
      const found = w.listWatch.get(name, namespace);
      if (found) return found;
    }
    return undefined;
  }

  /** Called for every change seen after the listener is added. Returns the way to remove it. */
  onChange(listener: InformerListener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();
    await Promise.all(this.watches.map((w) => w.listWatch.stop()));
  }

  private async startOne(entry: (typeof this.watches)[number]): Promise<void> {
    let failed = false;
    const onError = (): void => {
      failed = true;
    };
    entry.listWatch.on('error', onError);
    try {
      await entry.listWatch.start();
    } finally {
      entry.listWatch.off('error', onError);
    }
    if (!failed && entry.listWatch.latestResourceVersion() !== '') {
      entry.failures = 0;
      if (!entry.synced) {
        entry.synced = true;
        if (this.synced) for (const resolve of this.syncWaiters.splice(0)) resolve();
      }
    }
  }

  private waitForSync(): Promise<void> {
    if (this.synced || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  private restartLater(entry: (typeof this.watches)[number], err: unknown): void {
    if (this.stopped) return;
    const base = this.options.restartBaseMs ?? 500;
    const delay = exponentialBackoff(base, entry.failures, this.options.restartMaxMs ?? 30_000);
    entry.failures += 1;
    this.options.logger.warn(
      { kind: this.kind.kind, namespace: entry.namespace, ...entry.selection, err: (err as Error | undefined)?.message, retryInMs: delay },
      'watch stopped; restarting',
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopped) void this.startOne(entry);
    }, delay);
    this.restartTimers.add(timer);
  }

  private emit(event: InformerEvent, object: T, entry: (typeof this.watches)[number]): void {
    // An event means the stream is healthy again: forget past failures.
    entry.failures = 0;
    for (const listener of this.listeners) listener(event, object);
  }
}

/**
 * A whole list, page by page (`limit`, then `continue` until the server gives none), as client-go's
 * pager does (tools/pager/pager.go): the pages are read at the first page's revision, so they
 * make one consistent list. When that revision is compacted between two pages, the server answers
 * 410 Expired and the list is read again whole, without a limit (the pager's FullListIfExpired).
 */
async function listInPages<T extends KubernetesObject>(
  objects: KubernetesObjectApi,
  kind: ResourceKind,
  namespace: string | undefined,
  selection: Selection,
  pageSize: number,
): Promise<KubernetesListObject<T>> {
  const page = (limit: number | undefined, token: string | undefined) =>
    objects.list<T>(kind.apiVersion, kind.kind, namespace, undefined, undefined, undefined, selection.fieldSelector, selection.labelSelector, limit, token);
  const items: T[] = [];
  let list = await page(pageSize, undefined);
  items.push(...list.items.map(stripped));
  while (list.metadata?._continue !== undefined && list.metadata._continue !== '') {
    try {
      list = await page(pageSize, list.metadata._continue);
    } catch (err) {
      if (!(err instanceof ApiException) || err.code !== 410) throw err;
      const whole = await page(undefined, undefined);
      return { ...whole, items: whole.items.map(stripped) };
    }
    items.push(...list.items.map(stripped));
  }
  return { ...list, items };
}

/**
 * A Watch whose events are stripped as they arrive: the cache never holds what it never reads.
 * ERROR events carry a Status and BOOKMARK events only a resourceVersion; both pass unchanged.
 */
class StrippingWatch extends Watch {
  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    return super.watch(
      path,
      queryParams,
      (phase, object, event) => callback(phase, phase === 'ERROR' || phase === 'BOOKMARK' ? object : stripObject(object as KubernetesObject), event),
      done,
    );
  }
}

/**
 * What the cache keeps of an object: all of it but `metadata.managedFields`, the API server's
 * record of who set which field for server-side apply, which nothing here reads and which is
 * often the largest part of an object (client-go's TransformStripManagedFields drops it too).
 */
function stripObject<T extends KubernetesObject>(object: T): T {
  if (object.metadata?.managedFields !== undefined) delete object.metadata.managedFields;
  return object;
}

const stripped = <T extends KubernetesObject>(object: T): T => stripObject(wireForm(object));

/**
 * An object as the API server sent it. client-node turns the timestamps of a list into Date
 * objects but hands watch events over as JSON, so without this the cache would hold both forms,
 * and code reading `creationTimestamp` as the string its type says would fail on listed objects.
 * metav1.Time is RFC 3339 in whole seconds on the wire.
 */
function wireForm<T>(object: T): T {
  const text = JSON.stringify(object, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? original.toISOString().replace(/\.000Z$/, 'Z') : value;
  });
  return JSON.parse(text) as T;
}
