import type { ServerResponse } from 'node:http';
import { expired } from './errors.js';
import type { FieldMatcher, LabelMatcher } from './selectors.js';
import type { ObjectStore, StoreEvent, StoredObject } from './store.js';

export interface WatchRequest {
  resource: string;
  present: (object: StoredObject) => StoredObject;
  /** What an event carries instead of the object (a Table row for `kubectl get -w`). */
  encode?: (object: StoredObject) => unknown;
  namespace: string | undefined;
  labels: LabelMatcher;
  fields: FieldMatcher;
  /** Start after this revision; undefined or 0 replays every object as ADDED first. */
  resourceVersion: number | undefined;
  bookmarks: boolean;
  timeoutMs: number;
}

export interface WatchControl {
  /** Ends every open watch: `clean` closes the stream, `reset` destroys the socket, `expire` sends 410. */
  end(how: 'clean' | 'reset' | 'expire'): void;
}

/**
 * A watch stream: NDJSON `{type, object}` lines, headers flushed at once; objects that start or
 * stop matching the selectors are sent as ADDED or DELETED (the cacher's behaviour).
 */
export function serveWatch(store: ObjectStore, request: WatchRequest, res: ServerResponse, registry: Set<WatchControl>): void {
  const matches = (o: StoredObject | undefined): boolean =>
    o !== undefined &&
    (request.namespace === undefined || o.metadata.namespace === request.namespace) &&
    request.labels(o.metadata.labels) &&
    request.fields(o);
  const write = (type: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const out = (object: StoredObject): unknown => (request.encode ? request.encode(request.present(object)) : request.present(object));
  const send = (event: StoreEvent): void => {
    if (event.resource !== request.resource) return;
    const now = matches(event.object);
    const before = matches(event.previous);
    if (event.type === 'DELETED') {
      if (before) write('DELETED', out(event.object));
    } else if (now && !before) write('ADDED', out(event.object));
    else if (now && before) write(event.type, out(event.object));
    else if (!now && before) write('DELETED', out(event.object));
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  const rv = request.resourceVersion;
  if (rv === undefined || rv === 0) {
    for (const object of store.list(request.resource, request.namespace)) if (matches(object)) write('ADDED', out(object));
  } else {
    const backlog = store.since(rv);
    if (backlog === undefined) {
      // cacher: a too-old resourceVersion gets one ERROR event with a 410 Expired Status, then the end.
      write('ERROR', expired(`too old resource version: ${rv} (${store.oldestRevision - 1})`).toStatus());
      res.end();
      return;
    }
    for (const event of backlog) send(event);
  }

  const unsubscribe = store.subscribe(send);
  const bookmark = request.bookmarks
    ? // cacher: a bookmark is an object of the watched kind carrying only its resourceVersion.
      setInterval(() => write('BOOKMARK', request.present({ metadata: { resourceVersion: String(store.currentRevision) } } as StoredObject)), 1_000)
    : undefined;
  const control: WatchControl = {
    end(how) {
      if (how === 'reset') res.socket?.destroy();
      else {
        if (how === 'expire') write('ERROR', expired(`too old resource version: ${store.currentRevision} (${store.currentRevision})`).toStatus());
        res.end();
      }
    },
  };
  registry.add(control);
  const timeout = setTimeout(() => res.end(), request.timeoutMs);
  const cleanup = (): void => {
    unsubscribe();
    clearTimeout(timeout);
    if (bookmark) clearInterval(bookmark);
    registry.delete(control);
  };
  res.on('close', cleanup);
  res.on('finish', cleanup);
}
