/** A Kubernetes object the reconciler writes: always namespaced, with kind and apiVersion. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> } | undefined;
}

/** One write the reconciler wants, with the reason it is shown as (Events, logs). */
export type Action =
  | { type: 'create'; object: KubeObject; brokerId?: number; reason: string }
  /** Replace with the observed resourceVersion: a concurrent change makes it fail with 409. */
  | { type: 'replace'; object: KubeObject; brokerId?: number; reason: string }
  | { type: 'resizePvc'; namespace: string; name: string; storage: string; brokerId: number; reason: string }
  /** Delete a broker's Pod so that it comes back with what changed (a restart). */
  | { type: 'restartBroker'; namespace: string; podName: string; brokerId: number; reason: string }
  /** Delete an object whose data is confirmed gone (a drained broker's, an emptied disk's). */
  | { type: 'delete'; apiVersion: string; kind: string; namespace: string; name: string; brokerId: number; reason: string };

/** Why the reconciler could not take a step the spec asks for, until someone changes something. */
export interface BlockedStep {
  brokerId?: number;
  reason: string;
  message: string;
}

/** What an action did, as the cluster's Events say it. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case 'create':
      return `created ${action.object.kind} ${action.object.metadata?.name ?? action.object.metadata?.generateName ?? ''}${action.brokerId !== undefined ? ` for broker ${action.brokerId}` : ''}`;
    case 'replace':
      return `updated ${action.object.kind} ${action.object.metadata?.name ?? ''}${action.brokerId !== undefined ? ` of broker ${action.brokerId}` : ''}`;
    case 'resizePvc':
      return `growing volume ${action.name} of broker ${action.brokerId} to ${action.storage}`;
    case 'restartBroker':
      return `restarting broker ${action.brokerId} (Pod ${action.podName}): ${action.reason}`;
    case 'delete':
      return `deleted ${action.kind} ${action.name} of broker ${action.brokerId}: its data is confirmed moved off`;
  }
}

/** The object an action writes, as `Kind/name` (for logs). */
export function actionTarget(action: Action): string {
  switch (action.type) {
    case 'create':
    case 'replace':
      return `${action.object.kind}/${action.object.metadata?.name ?? action.object.metadata?.generateName ?? ''}`;
    case 'resizePvc':
      return `PersistentVolumeClaim/${action.name}`;
    case 'restartBroker':
      return `Pod/${action.podName}`;
    case 'delete':
      return `${action.kind}/${action.name}`;
  }
}
