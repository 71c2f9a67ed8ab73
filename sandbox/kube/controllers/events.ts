import { nowTime, type KubeApi } from '../api.js';
import { apiVersionOf } from '../resources.js';
import type { StoredObject } from '../store.js';

/** A core/v1 Event about an object, as a controller's event recorder writes it (`kubectl describe` lists them). */
export function recordEvent(api: KubeApi, object: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
  const events = api.resources().find((r) => r.group === '' && r.plural === 'events');
  const r = api.resources().find((x) => x.kind === object.kind && apiVersionOf(x) === object.apiVersion);
  if (!events || !r) return;
  const now = nowTime();
  const { name, namespace } = object.metadata;
  try {
    api.create(events, object.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`, namespace } as StoredObject['metadata'],
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace,
        name,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: component,
      reportingInstance: '',
    });
  } catch {
    // The namespace is going away: nothing to tell.
  }
}
