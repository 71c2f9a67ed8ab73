import type { StoredObject } from './store.js';

/**
 * The columns `kubectl get` shows for the built-in kinds: the server-side printers of
 * kubernetes/kubernetes pkg/printers/internalversion/printers.go, for the kinds the sandbox
 * serves. Priority 1 columns appear with `-o wide`.
 */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export const column = (name: string, type: string, description: string, extra: Partial<TableColumn> = {}): TableColumn => ({
  name,
  type,
  format: '',
  description,
  priority: 0,
  ...extra,
});

// metav1.ObjectMeta{}.SwaggerDoc()["name"] and ["creationTimestamp"].
const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATED_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const NAME_COLUMN = column('Name', 'string', NAME_DOC, { format: 'name' });
export const AGE = column('Age', 'string', CREATED_DOC);

/** duration.HumanDuration (apimachinery pkg/util/duration), as printers show ages. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** translateTimestampSince: `<unknown>` without a timestamp. */
export const age = (timestamp: unknown): string => (typeof timestamp === 'string' ? humanDuration(Date.now() - Date.parse(timestamp)) : '<unknown>');

type Json = Record<string, unknown>;
const map = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as unknown[]).map(map) : []);
const text = (v: unknown, none = '<none>'): string =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : none;

export interface Printer {
  columns: TableColumn[];
  cells(object: StoredObject): unknown[];
}

/** printPod: READY as ready/total containers, STATUS the phase or the reason a container waits, Terminating once deleted. */
function podCells(pod: StoredObject): unknown[] {
  const spec = map(pod.spec);
  const status = map(pod.status);
  const containers = list(spec.containers);
  const statuses = list(status.containerStatuses);
  let reason = text(status.reason, '') || text(status.phase, '');
  let restarts = 0;
  let ready = 0;
  for (const s of statuses) {
    restarts += typeof s.restartCount === 'number' ? s.restartCount : 0;
    const state = map(s.state);
    const waiting = text(map(state.waiting).reason, '');
    const terminated = map(state.terminated);
    if (waiting !== '') reason = waiting;
    else if (Object.keys(terminated).length > 0) reason = text(terminated.reason, '') || `ExitCode:${text(terminated.exitCode, '0')}`;
    else if (s.ready === true && Object.keys(map(state.running)).length > 0) ready += 1;
  }
  if (pod.metadata.deletionTimestamp !== undefined) reason = 'Terminating';
  const gates = list(spec.readinessGates);
  const conditions = list(status.conditions);
  const gatesReady = gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True')).length;
  return [
    pod.metadata.name,
    `${ready}/${containers.length}`,
    reason,
    String(restarts),
    age(pod.metadata.creationTimestamp),
    text(status.podIP),
    text(spec.nodeName),
    text(status.nominatedNodeName),
    gates.length === 0 ? '<none>' : `${gatesReady}/${gates.length}`,
  ];
}

const accessModes = (modes: unknown): string =>
  (Array.isArray(modes) ? (modes as unknown[]) : [])
    .map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[String(m)] ?? '')
    .filter((m) => m !== '')
    .join(',');

const PRINTERS: Record<string, Printer> = {
  '/Pod': {
    columns: [
      NAME_COLUMN,
      column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 'string', 'The aggregate status of the containers in this pod.'),
      column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      AGE,
      column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
      column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', { priority: 1 }),
      column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
      column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
    ],
    cells: podCells,
  },
  '/ConfigMap': {
    columns: [NAME_COLUMN, column('Data', 'integer', 'Data contains the configuration data.'), AGE],
    cells: (o) => [o.metadata.name, Object.keys(map(o.data)).length + Object.keys(map(o.binaryData)).length, age(o.metadata.creationTimestamp)],
  },
  '/Secret': {
    columns: [
      NAME_COLUMN,
      column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
      column('Data', 'integer', 'Contains the secret data.'),
      AGE,
    ],
    cells: (o) => [o.metadata.name, text(o.type, ''), Object.keys(map(o.data)).length, age(o.metadata.creationTimestamp)],
  },
  '/Namespace': {
    columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE],
    cells: (o) => [o.metadata.name, text(map(o.status).phase, ''), age(o.metadata.creationTimestamp)],
  },
  '/Node': {
    columns: [
      NAME_COLUMN,
      column('Status', 'string', 'The status of the node'),
      column('Roles', 'string', 'The roles of the node'),
      AGE,
      column('Version', 'string', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
      column('External-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
    ],
    cells: (o) => {
      const status = map(o.status);
      const ready = list(status.conditions).find((c) => c.type === 'Ready')?.status === 'True';
      const address = (type: string): string => text(list(status.addresses).find((a) => a.type === type)?.address);
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((l) => l.startsWith('node-role.kubernetes.io/'))
        .map((l) => l.slice('node-role.kubernetes.io/'.length));
      return [
        o.metadata.name,
        ready ? 'Ready' : 'NotReady',
        roles.length > 0 ? roles.join(',') : '<none>',
        age(o.metadata.creationTimestamp),
        text(map(status.nodeInfo).kubeletVersion, ''),
        address('InternalIP'),
        address('ExternalIP'),
      ];
    },
  },
  '/PersistentVolumeClaim': {
    columns: [
      NAME_COLUMN,
      column('Status', 'string', 'Phase represents the current phase of PersistentVolumeClaim.'),
      column('Volume', 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
      column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
      column('Access Modes', 'string', 'AccessModes contains the desired access modes the volume should have.'),
      column('StorageClass', 'string', 'StorageClassName is the name of the StorageClass required by the claim.'),
      column('VolumeAttributesClass', 'string', 'VolumeAttributesClassName of the claim.'),
      AGE,
      column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', { priority: 1 }),
    ],
    cells: (o) => {
      const spec = map(o.spec);
      const status = map(o.status);
      const bound = status.phase === 'Bound';
      return [
        o.metadata.name,
        o.metadata.deletionTimestamp !== undefined ? 'Terminating' : text(status.phase, ''),
        text(spec.volumeName, ''),
        bound ? text(map(status.capacity).storage, '') : '',
        bound ? accessModes(status.accessModes) : '',
        text(spec.storageClassName, ''),
        text(spec.volumeAttributesClassName),
        age(o.metadata.creationTimestamp),
        text(spec.volumeMode, 'Filesystem'),
      ];
    },
  },
  '/PersistentVolume': {
    columns: [
      NAME_COLUMN,
      column('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity."),
      column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
      column('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
      column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      column('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
      column('StorageClass', 'string', 'storageClassName is the name of StorageClass to which this persistent volume belongs.'),
      column('VolumeAttributesClass', 'string', 'Name of VolumeAttributesClass to which this persistent volume belongs.'),
      column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure.'),
      AGE,
      column('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', {
        priority: 1,
      }),
    ],
    cells: (o) => {
      const spec = map(o.spec);
      const status = map(o.status);
      const claim = map(spec.claimRef);
      return [
        o.metadata.name,
        text(map(spec.capacity).storage, ''),
        accessModes(spec.accessModes),
        text(spec.persistentVolumeReclaimPolicy, ''),
        o.metadata.deletionTimestamp !== undefined ? 'Terminating' : text(status.phase, ''),
        claim.name !== undefined ? `${text(claim.namespace, '')}/${text(claim.name, '')}` : '',
        text(spec.storageClassName, ''),
        text(spec.volumeAttributesClassName),
        text(status.reason, ''),
        age(o.metadata.creationTimestamp),
        text(spec.volumeMode, 'Filesystem'),
      ];
    },
  },
  '/Service': {
    columns: [
      NAME_COLUMN,
      column('Type', 'string', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
      column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      AGE,
      column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
    ],
    cells: (o) => {
      const spec = map(o.spec);
      const ports = list(spec.ports).map((p) => `${text(p.port, '')}${p.nodePort !== undefined ? `:${text(p.nodePort, '')}` : ''}/${text(p.protocol, 'TCP')}`);
      const selector = Object.entries(map(spec.selector)).map(([k, v]) => `${k}=${text(v, '')}`);
      // printers.go getServiceExternalIP: a LoadBalancer's ingress addresses, then its externalIPs.
      const externalIPs = Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [];
      const ingress = list(map(map(o.status).loadBalancer).ingress).map((i) => text(i.ip ?? i.hostname, ''));
      const external =
        spec.type === 'LoadBalancer' ? [...ingress, ...externalIPs].join(',') || '<pending>' : externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
      return [
        o.metadata.name,
        text(spec.type, 'ClusterIP'),
        text(spec.clusterIP),
        external,
        ports.length > 0 ? ports.join(',') : '<none>',
        age(o.metadata.creationTimestamp),
        selector.length > 0 ? selector.join(',') : '<none>',
      ];
    },
  },
  '/ServiceAccount': {
    columns: [
      NAME_COLUMN,
      column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
      AGE,
    ],
    cells: (o) => [o.metadata.name, list(o.secrets).length, age(o.metadata.creationTimestamp)],
  },
  'storage.k8s.io/StorageClass': {
    columns: [
      NAME_COLUMN,
      column('Provisioner', 'string', 'Indicates the type of the provisioner.'),
      column('ReclaimPolicy', 'string', 'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy.'),
      column('VolumeBindingMode', 'string', 'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
      column('AllowVolumeExpansion', 'string', 'AllowVolumeExpansion shows whether the storage class allow volume expand.'),
      AGE,
    ],
    cells: (o) => {
      const isDefault = o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      return [
        isDefault ? `${o.metadata.name} (default)` : o.metadata.name,
        text(o.provisioner, ''),
        text(o.reclaimPolicy, 'Delete'),
        text(o.volumeBindingMode, 'Immediate'),
        o.allowVolumeExpansion === true ? 'true' : 'false',
        age(o.metadata.creationTimestamp),
      ];
    },
  },
  'coordination.k8s.io/Lease': {
    columns: [NAME_COLUMN, column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
    cells: (o) => [o.metadata.name, text(map(o.spec).holderIdentity, ''), age(o.metadata.creationTimestamp)],
  },
};

/** Events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (printEvent), for both Event APIs. */
const EVENTS: Printer = {
  columns: [
    column('Last Seen', 'string', 'The last time this event was observed.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'The field of the object this event is about.', { priority: 1 }),
    column('Source', 'string', 'The component reporting this event.', { priority: 1 }),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded.', { priority: 1 }),
    column('Count', 'string', 'The number of times this event has occurred.', { priority: 1 }),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells: (o) => {
    const involved = map(o.involvedObject ?? o.regarding);
    const series = map(o.series);
    const last = o.lastTimestamp ?? series.lastObservedTime ?? o.eventTime ?? o.metadata.creationTimestamp;
    const first = o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp;
    const source = map(o.source);
    return [
      age(last),
      text(o.type, ''),
      text(o.reason, ''),
      `${text(involved.kind, '').toLowerCase()}/${text(involved.name, '')}`,
      text(involved.fieldPath, ''),
      text(source.component ?? o.reportingController ?? o.reportingComponent, ''),
      text(o.message ?? o.note, '').trim(),
      age(first),
      text(o.count ?? series.count, '1'),
      o.metadata.name,
    ];
  },
};

/** The printer of a built-in kind, if the API server has one for it. */
export function builtinPrinter(group: string, kind: string): Printer | undefined {
  if (kind === 'Event' && (group === '' || group === 'events.k8s.io')) return EVENTS;
  return PRINTERS[`${group}/${kind}`];
}
