import { describe, expect, it } from 'vitest';
import type { ClusterObservation, DryRunRecord } from '../../src/alerts/observation.js';
import { decide } from '../../src/alerts/decide.js';
import type { Decision } from '../../src/alerts/decision.js';
import { ANNOTATION_ALERT_ACTIONS, type LedgerEntry } from '../../src/alerts/ledger.js';
import type { ReceivedAlert } from '../../src/domain/alertEvents.js';
import { checkKafkaCluster, type AlertManagerConfig, type KafkaClusterStatus } from '../../src/k8s/crd/index.js';
import type { CustomResource } from '../../src/k8s/objectCache.js';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { context, pvc, sixBrokers } from '../operator/edits/fixtures.js';

const NOW = new Date('2026-11-25T08:00:00Z');
const KEY = 'kafka.alert-0123456789abcdef-1764057600000';
const running: KafkaClusterStatus = { state: 'ClusterRunning', observedGeneration: 5 };

interface Setup {
  config?: AlertManagerConfig;
  status?: KafkaClusterStatus;
  generation?: number;
  ledger?: LedgerEntry[];
  dryRuns?: DryRunRecord[];
  replicaCounts?: ClusterObservation['replicaCounts'];
  pvcExists?: boolean;
  /** Claims of the cluster beside those of its brokers' disks. */
  extraPvcs?: IPersistentVolumeClaim[];
}

function observation(setup: Setup = {}): ClusterObservation {
  const spec = sixBrokers(setup.config ? { alertManagerConfig: setup.config } : {});
  const object: CustomResource = {
    metadata: {
      name: 'kafka',
      namespace: 'kafka',
      generation: setup.generation ?? 5,
      annotations: setup.ledger ? { [ANNOTATION_ALERT_ACTIONS]: JSON.stringify(setup.ledger) } : {},
    },
    spec,
    status: setup.status ?? running,
  };
  const cluster = checkKafkaCluster(object).cluster;
  return {
    namespace: 'kafka',
    name: 'kafka',
    object,
    cluster,
    context: cluster
      ? { ...context(cluster.spec, [...[0, 1, 2, 3, 4, 5].map((id) => pvc(id, '/kafka-logs')), ...(setup.extraPvcs ?? [])]), status: cluster.status }
      : undefined,
    pvc: setup.pvcExists === false ? undefined : pvc(2, '/kafka-logs'),
    dryRuns: setup.dryRuns ?? [],
    replicaCounts: setup.replicaCounts,
    key: KEY,
    now: NOW,
    random: 'abc123',
  };
}

/** A claim of broker 2's new disk that the scheduler placed on `node`, still without a volume. */
function waitingClaim(node: string): IPersistentVolumeClaim {
  const claim = pvc(2, '/kafka-logs-xyz789');
  return {
    ...claim,
    metadata: {
      ...claim.metadata,
      name: 'kafka-2-storage-1-waits',
      annotations: { mountPath: '/kafka-logs-xyz789', 'volume.kubernetes.io/selected-node': node },
    },
    status: { phase: 'Pending' },
  };
}

function alert(annotations: Record<string, string>, labels: Record<string, string> = {}, status: 'firing' | 'resolved' = 'firing'): ReceivedAlert {
  const pvcCommand = annotations.command === 'addPvc' || annotations.command === 'resizePvc';
  return {
    fingerprint: '0123456789abcdef',
    status,
    labels: {
      alertname: 'Test',
      namespace: 'kafka',
      ...(pvcCommand ? { persistentvolumeclaim: 'kafka-2-storage-0-abcde' } : { kafka_cr: 'kafka' }),
      ...labels,
    },
    annotations,
    startsAt: '2026-11-25T07:00:00Z',
    endsAt: undefined,
    generatorURL: undefined,
    via: 'alertmanager',
  };
}

/** A decision in one line: `act addBroker {...}`, `refuse COOLDOWN,LIMIT_REACHED`, `reject MISSING_LABEL`, `record Ignored`. */
function summary(decision: Decision): string {
  switch (decision.kind) {
    case 'record':
      return `record ${decision.outcome}`;
    case 'refuse':
      return `${decision.final ? 'reject' : 'refuse'} ${decision.reasons.map((r) => r.code).join(',')}`;
    case 'act':
      return `act${decision.dryRun ? ' (dry run)' : ''} ${decision.request.edit} ${JSON.stringify(decision.request.input)}`;
  }
}

const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();
const upScale = { command: 'upScale', brokerConfigGroup: 'default' };
const draining: KafkaClusterStatus = { ...running, brokersState: { '1': { gracefulActionState: { cruiseControlState: 'GracefulDownscaleRunning' } } } };
const filling: KafkaClusterStatus = {
  ...running,
  brokersState: {
    '2': {
      gracefulActionState: {
        cruiseControlState: 'GracefulUpscaleSucceeded',
        volumeStates: { '/d': { cruiseControlVolumeState: 'GracefulDiskRebalanceScheduled' } },
      },
    },
  },
};

describe('deciding an alert', () => {
  it.each<[string, ReceivedAlert, Setup, string]>([
    ['a resolved alert triggers nothing', alert(upScale, {}, 'resolved'), {}, 'record Resolved'],
    ['an alert without a command is only recorded', alert({ summary: 'disk' }), {}, 'record Ignored'],
    ['an unknown command is rejected', alert({ command: 'reboot' }), {}, 'reject UNKNOWN_COMMAND'],
    [
      'an alert acted on already (in the ledger) is not acted on again',
      alert(upScale),
      { ledger: [{ key: KEY, command: 'upScale', at: ago(3600) }] },
      'record Acted',
    ],

    ['upScale adds broker max+1 from the named group', alert(upScale), {}, 'act addBroker {"brokerConfigGroup":"default"}'],
    [
      "upScale without a group builds the broker from Koperator's annotations",
      alert({
        command: 'upScale',
        image: 'apache/kafka:4.1.0',
        mountPath: '/kafkalog',
        diskSize: '10G',
        storageClass: 'standard',
        brokerAnnotations: '{"team":"a"}',
      }),
      {},
      'act addBroker {"image":"apache/kafka:4.1.0","storage":{"mountPath":"/kafkalog","size":"10G","storageClass":"standard"},"brokerAnnotations":{"team":"a"}}',
    ],
    [
      'upScale with neither a group nor a disk is rejected',
      alert({ command: 'upScale', brokerConfigGroup: 'nope' }),
      {},
      'reject MISSING_ANNOTATION,MISSING_ANNOTATION',
    ],
    [
      'upScale with brokerAnnotations that are not JSON is rejected',
      alert({ ...upScale, brokerConfigGroup: '', mountPath: '/d', diskSize: '1Gi', brokerAnnotations: '{' }),
      {},
      'reject INVALID_ANNOTATION',
    ],
    ['upScale at upScaleLimit is refused', alert(upScale), { config: { upScaleLimit: 6 } }, 'refuse LIMIT_REACHED'],
    ['upScale below upScaleLimit acts', alert(upScale), { config: { upScaleLimit: 7 } }, 'act addBroker {"brokerConfigGroup":"default"}'],
    [
      'nothing acts on a cluster that is not Running',
      alert(upScale),
      { status: { ...running, state: 'ClusterRollingUpgrading' } },
      'refuse CLUSTER_NOT_RUNNING',
    ],
    ['nothing acts before the operator saw the last change', alert(upScale), { generation: 6 }, 'refuse OPERATION_IN_PROGRESS'],
    ['upScale waits while a broker drains', alert(upScale), { status: draining }, 'refuse OPERATION_IN_PROGRESS'],
    ['the same command within the cooldown is refused', alert(upScale), { ledger: [{ key: 'other', command: 'upScale', at: ago(60) }] }, 'refuse COOLDOWN'],
    [
      'after the cooldown it acts',
      alert(upScale),
      { ledger: [{ key: 'other', command: 'upScale', at: ago(301) }] },
      'act addBroker {"brokerConfigGroup":"default"}',
    ],
    [
      'the cooldown is per command',
      alert(upScale),
      { ledger: [{ key: 'other', command: 'addPvc', at: ago(10) }] },
      'act addBroker {"brokerConfigGroup":"default"}',
    ],
    [
      'a cooldown of 0 is none',
      alert(upScale),
      { config: { cooldownSeconds: 0 }, ledger: [{ key: 'other', command: 'upScale', at: ago(1) }] },
      'act addBroker {"brokerConfigGroup":"default"}',
    ],
    [
      'every reason is given',
      alert(upScale),
      { status: { ...draining, state: 'ClusterReconciling' }, ledger: [{ key: 'other', command: 'upScale', at: ago(1) }], config: { upScaleLimit: 6 } },
      'refuse CLUSTER_NOT_RUNNING,OPERATION_IN_PROGRESS,COOLDOWN,LIMIT_REACHED',
    ],
    [
      'in dry-run mode the action is decided, to be recorded only',
      alert(upScale),
      { config: { dryRun: true } },
      'act (dry run) addBroker {"brokerConfigGroup":"default"}',
    ],
    [
      'in dry-run mode, dry runs count for the cooldown',
      alert(upScale),
      { config: { dryRun: true }, dryRuns: [{ key: 'other', command: 'upScale', at: ago(5) }] },
      'refuse COOLDOWN',
    ],

    ['downScale removes the broker the brokerId label names', alert({ command: 'downScale' }, { brokerId: '4' }), {}, 'act removeBroker {"brokerId":4}'],
    ['downScale with a brokerId label that is no id is rejected', alert({ command: 'downScale' }, { brokerId: 'four' }), {}, 'reject INVALID_LABEL'],
    [
      'downScale removes the data broker with the fewest replicas, never a controller',
      alert({ command: 'downScale' }),
      {
        replicaCounts: new Map([
          [0, 120],
          [1, 80],
          [2, 95],
          [3, 5],
          [4, 5],
          [5, 5],
        ]),
      },
      'act removeBroker {"brokerId":1}',
    ],
    [
      'downScale picks the highest id among equals',
      alert({ command: 'downScale' }),
      {
        replicaCounts: new Map([
          [0, 80],
          [1, 80],
          [2, 95],
        ]),
      },
      'act removeBroker {"brokerId":1}',
    ],
    [
      'downScale without Cruise Control is refused',
      alert({ command: 'downScale' }),
      { replicaCounts: { error: 'connect ECONNREFUSED' } },
      'refuse CRUISE_CONTROL_UNAVAILABLE',
    ],
    ['downScale at downScaleLimit is refused', alert({ command: 'downScale' }, { brokerId: '1' }), { config: { downScaleLimit: 6 } }, 'refuse LIMIT_REACHED'],
    ['downScale of a broker not in the spec is refused', alert({ command: 'downScale' }, { brokerId: '9' }), {}, 'refuse NOT_FOUND'],

    [
      "addPvc adds a disk to the PVC's broker, at <mountPathPrefix>-<random>, in the PVC's class",
      alert({ command: 'addPvc', mountPathPrefix: '/kafka-logs', diskSize: '50Gi' }),
      {},
      'act addBrokerVolume {"brokerId":2,"mountPath":"/kafka-logs-abc123","size":"50Gi","storageClass":"standard"}',
    ],
    ['addPvc without its annotations is rejected', alert({ command: 'addPvc' }), {}, 'reject MISSING_ANNOTATION,MISSING_ANNOTATION'],
    [
      'addPvc without a persistentvolumeclaim label is rejected',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }, { persistentvolumeclaim: '' }),
      {},
      'reject MISSING_LABEL',
    ],
    [
      'addPvc for a PVC that does not exist is refused',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }),
      { pvcExists: false },
      'refuse NOT_FOUND',
    ],
    [
      'addPvc at maxDisksPerBroker is refused',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }),
      { config: { maxDisksPerBroker: 1 } },
      'refuse LIMIT_REACHED',
    ],
    [
      'addPvc over maxVolumeSize is refused',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '4Ti' }),
      { config: { maxVolumeSize: '2Ti' } },
      'refuse LIMIT_REACHED',
    ],
    [
      'addPvc on a node where a claim waits for its volume is refused',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }, { node: 'node-b' }),
      { extraPvcs: [waitingClaim('node-b')] },
      'refuse VOLUME_PENDING',
    ],
    [
      'addPvc is not held back by a waiting claim on another node, or by a bound one on its node',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }, { node: 'node-a' }),
      { extraPvcs: [waitingClaim('node-b'), { ...waitingClaim('node-a'), status: { phase: 'Bound' } }] },
      'act addBrokerVolume {"brokerId":2,"mountPath":"/d-abc123","size":"1Gi","storageClass":"standard"}',
    ],
    [
      'addPvc without a node label does not look for waiting claims',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }),
      { extraPvcs: [waitingClaim('node-b')] },
      'act addBrokerVolume {"brokerId":2,"mountPath":"/d-abc123","size":"1Gi","storageClass":"standard"}',
    ],
    [
      'addPvc waits while a disk is being filled',
      alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '1Gi' }),
      { status: filling },
      'refuse OPERATION_IN_PROGRESS',
    ],

    [
      'resizePvc grows the volume by incrementBy',
      alert({ command: 'resizePvc', incrementBy: '10Gi' }),
      {},
      'act resizeBrokerVolume {"brokerId":2,"mountPath":"/kafka-logs","incrementBy":"10Gi"}',
    ],
    [
      'resizePvc is not held back by graceful actions (growing a volume moves no data)',
      alert({ command: 'resizePvc', incrementBy: '10Gi' }),
      { status: draining },
      'act resizeBrokerVolume {"brokerId":2,"mountPath":"/kafka-logs","incrementBy":"10Gi"}',
    ],
    [
      'resizePvc over maxVolumeSize is refused',
      alert({ command: 'resizePvc', incrementBy: '10Gi' }),
      { config: { maxVolumeSize: '105Gi' } },
      'refuse LIMIT_REACHED',
    ],
    ['resizePvc without incrementBy is rejected', alert({ command: 'resizePvc' }), {}, 'reject MISSING_ANNOTATION'],
    ['resizePvc by a size that is no quantity is rejected', alert({ command: 'resizePvc', incrementBy: 'lots' }), {}, 'reject INVALID_ANNOTATION'],
    ['addPvc of a zero size is rejected', alert({ command: 'addPvc', mountPathPrefix: '/d', diskSize: '0' }), {}, 'reject INVALID_ANNOTATION'],
  ])('%s', (_case, received, setup, expected) => {
    expect(summary(decide(received, observation(setup)))).toBe(expected);
  });

  it('says what the action changes', () => {
    const decision = decide(alert({ command: 'resizePvc', incrementBy: '10Gi' }), observation());
    expect(decision).toMatchObject({ kind: 'act', changes: ['grow /kafka-logs of broker 2 from 100Gi to 110Gi'] });
  });

  it('names the cooldown left in its reason', () => {
    const decision = decide(alert(upScale), observation({ ledger: [{ key: 'kafka.alert-1', command: 'upScale', at: ago(60) }] }));
    expect(decision).toMatchObject({
      kind: 'refuse',
      reasons: [
        { code: 'COOLDOWN', message: 'upScale ran on this cluster 60 s ago (kafka.alert-1); the cooldown is 300 s (alertManagerConfig.cooldownSeconds)' },
      ],
    });
  });
});
