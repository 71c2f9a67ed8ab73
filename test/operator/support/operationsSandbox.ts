import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { CruiseControlRequest, CruiseControlSandbox } from '../../../sandbox/cruisecontrol/index.js';
import { cruiseControlRollingOut } from '../../../src/operator/cruisecontrol/rollout.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { expect, vi } from 'vitest';
import type { RunningOperator } from '../../../src/operator/runtime.js';
import { createLogger } from '../../../src/logging.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/index.js';
import type { KafkaClusterModel } from '../../../sandbox/kafka/model/index.js';
import { kraftSpecInput } from '../../support/clusterSpecs.js';
import type { KafkaClusterSpecInput } from '../../../src/k8s/crd/kafkaCluster.js';
import { startTestOperator, type TestOperatorOptions } from '../../support/testOperator.js';

export const NAMESPACE = 'kafka';
export const CLUSTER = 'kafka';
export const clusterApi = { group: 'kafka.banzaicloud.io', version: 'v1beta1', namespace: NAMESPACE, plural: 'kafkaclusters', name: CLUSTER };
export const operationApi = { group: 'kafka.banzaicloud.io', version: 'v1alpha1', namespace: NAMESPACE, plural: 'cruisecontroloperations' };

const storage = (mountPath: string, size = '100Gi') => ({
  mountPath,
  pvcSpec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: size } } },
});

/** Six brokers; 3, 4 and 5 are the KRaft controllers too, so 0, 1 and 2 hold data only. */
export const sixBrokerSpec = kraftSpecInput({
  brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
  brokers: [0, 1, 2, 3, 4, 5].map((id) => ({
    id,
    brokerConfigGroup: 'default',
    brokerConfig: { processRoles: id >= 3 ? ['broker', 'controller'] : ['broker'] },
  })),
});

export { storage };

export interface OperationsWorld {
  sandbox: Sandbox;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  model(): KafkaClusterModel;
  startOperator(overrides?: TestOperatorOptions): Promise<RunningOperator>;
  readCluster(): Promise<ClusterObject>;
  patchSpec(patch: unknown[]): Promise<void>;
  /** Every model step's violations of "every partition keeps its full, online replica set". */
  violations: string[];
  /** Creates the six-broker cluster, or the one given (the CRD is installed by the operator's start). */
  createCluster(spec?: KafkaClusterSpecInput): Promise<void>;
  /** Starts checking the model's invariants at every step (once the topics exist). */
  watchInvariants(): void;
  close(): Promise<void>;
}

export type ClusterObject = {
  metadata?: { generation?: number };
  status?: {
    state?: string;
    brokersReady?: string;
    brokersState?: Record<
      string,
      {
        configurationState?: string;
        gracefulActionState?: {
          cruiseControlState: string;
          cruiseControlOperationReference?: { name?: string };
          volumeStates?: Record<string, { cruiseControlVolumeState: string }>;
        };
      }
    >;
  };
};

/**
 * The whole sandbox (Kubernetes, Kafka brokers behind the Pods, Cruise Control) 100× faster
 * than real time, with Cruise Control's metric windows shortened, and a six-broker cluster in it
 * carrying the demo topics (314 partitions, replication factor 3).
 */
export async function startOperationsWorld(
  options: Pick<SandboxOptions, 'kubeUsers' | 'onKafkaRequest' | 'certManager'> & {
    onCruiseControlRequest?: (request: CruiseControlRequest) => void;
    /** Clock time Cruise Control takes to compute a proposal (default 2 s): longer keeps a task Active longer. */
    proposalComputeMs?: number;
    /** Clock time a restarted Cruise Control takes to load its stored samples (default 60 s). */
    sampleLoadingMs?: number;
  } = {},
): Promise<OperationsWorld> {
  const sandbox = await startSandbox({
    dir: mkdtempSync(join(tmpdir(), 'kafkaplane-operations-')),
    speed: 100,
    // Cruise Control as Koperator's sample configures it (max.active.user.tasks=25, Koperator's config/samples/banzaicloud_v1beta1_kafkacluster.yaml).
    cruiseControl: {
      monitor: { windowMs: 60_000, ...(options.sampleLoadingMs !== undefined ? { loadingMs: options.sampleLoadingMs } : {}) },
      maxBlockMs: 20,
      proposalComputeMs: options.proposalComputeMs ?? 2_000,
      userTasks: { maxActiveTasks: 25, maxCachedCompletedTasks: 100 },
      ...(options.onCruiseControlRequest ? { onRequest: options.onCruiseControlRequest } : {}),
    },
    ...(options.kubeUsers ? { kubeUsers: options.kubeUsers } : {}),
    ...(options.onKafkaRequest ? { onKafkaRequest: options.onKafkaRequest } : {}),
    ...(options.certManager === true ? { certManager: true } : {}),
  });
  const core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
  const custom = sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
  const operators: RunningOperator[] = [];
  const violations: string[] = [];
  let unsubscribe: (() => void) | undefined;
  const model = (): KafkaClusterModel => {
    const found = sandbox.world.model(NAMESPACE, CLUSTER);
    if (!found) throw new Error('no Kafka model yet');
    return found;
  };
  const world: OperationsWorld = {
    sandbox,
    core,
    custom,
    model,
    violations,
    startOperator: async (overrides = {}) => {
      const operator = await startTestOperator(sandbox.kube, {
        clusterDns: sandbox.clusterDns,
        kafkaHealthy: undefined,
        // Koperator's 10 s, in sandbox time.
        operationPollIntervalMs: 100,
        operationRetryBackoffMs: 300,
        ...(process.env.DEBUG_OPERATOR ? { logger: createLogger({ logLevel: 'warn', logFormat: 'json' }) } : {}),
        ...overrides,
      });
      operators.push(operator);
      return operator;
    },
    readCluster: async () => (await custom.getNamespacedCustomObject(clusterApi)) as ClusterObject,
    patchSpec: async (patch) => {
      await custom.patchNamespacedCustomObject({ ...clusterApi, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    },
    createCluster: async (spec = sixBrokerSpec) => {
      await custom.createNamespacedCustomObject({
        ...clusterApi,
        body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: CLUSTER }, spec },
      });
    },
    watchInvariants: () => {
      unsubscribe = model().onChange(() => {
        for (const v of model().invariantViolations()) violations.push(v);
        for (const p of model().partitions())
          if (p.offlineReplicas.length > 0) violations.push(`${p.topic}-${p.partition} has offline replicas ${p.offlineReplicas.join(',')}`);
      });
    },
    close: async () => {
      unsubscribe?.();
      for (const operator of operators) await operator.stop();
      await sandbox.close();
    },
  };
  await core.createNamespace({ body: { metadata: { name: NAMESPACE } } });
  return world;
}

/** Waits until the six brokers run, the demo topics exist and Cruise Control has a valid window. */
export async function untilClusterServes(world: OperationsWorld): Promise<void> {
  await vi.waitFor(async () => expect((await world.readCluster()).status?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  await vi.waitFor(() => expect(world.sandbox.world.model(NAMESPACE, CLUSTER)?.partitions().length ?? 0).toBeGreaterThan(300), {
    timeout: 10_000,
    interval: 50,
  });
  // The Cruise Control the operator deploys runs once the metrics topic exists and its Pod started.
  await vi.waitFor(() => expect(world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER)).toBeDefined(), { timeout: 30_000, interval: 50 });
}

/** Every address of the sandbox's Nodes: where a NodePort listener is reached, so what a server certificate must name. */
export function nodeAddresses(world: OperationsWorld): string[] {
  return world.sandbox.kube.api.store
    .list('/nodes')
    .flatMap((n) => ((n.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).map((a) => a.address));
}

/** Replicas each broker holds, from the model. */
export function replicasByBroker(model: KafkaClusterModel): Map<number, number> {
  const counts = new Map<number, number>();
  for (const p of model.partitions()) for (const r of p.replicas) counts.set(r.broker, (counts.get(r.broker) ?? 0) + 1);
  return counts;
}

/** Each broker's log dirs in the capacity.json the operator deployed for Cruise Control. */
function deployedCapacityDisks(world: OperationsWorld): Record<string, string[]> {
  const configMap = world.sandbox.kube.api.store.get('/configmaps', NAMESPACE, `${CLUSTER}-cruisecontrol-config`) as
    { data?: Record<string, string> } | undefined;
  const parsed = JSON.parse(configMap?.data?.['capacity.json'] ?? '{}') as { brokerCapacities?: Array<{ brokerId: string; capacity: { DISK: object } }> };
  return Object.fromEntries((parsed.brokerCapacities ?? []).map((c) => [c.brokerId, Object.keys(c.capacity.DISK).sort()]));
}

/** Each broker's log dirs by the PVCs it has now. */
function heldDisks(world: OperationsWorld): Record<string, string[]> {
  const held: Record<string, string[]> = {};
  for (const pvc of world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE)) {
    const id = pvc.metadata.labels?.brokerId;
    const mountPath = pvc.metadata.annotations?.mountPath;
    if (id === undefined || mountPath === undefined || pvc.metadata.labels?.kafka_cr !== CLUSTER) continue;
    (held[id] ??= []).push(`${mountPath}/kafka`);
  }
  for (const dirs of Object.values(held)) dirs.sort();
  return held;
}

/**
 * Whether Cruise Control runs with the configuration of the cluster as it is now (see
 * `settledCruiseControl`): nothing of it is left for the operator to change.
 */
export function cruiseControlSettled(world: OperationsWorld): boolean {
  if (!isDeepStrictEqual(deployedCapacityDisks(world), heldDisks(world))) return false;
  const deployment = world.sandbox.kube.api.store.get('apps/deployments', NAMESPACE, `${CLUSTER}-cruisecontrol`) as IDeployment | undefined;
  if (deployment === undefined || cruiseControlRollingOut(deployment) !== undefined) return false;
  const pods = world.sandbox.kube.api.store
    .list('/pods', NAMESPACE)
    .filter((p) => p.metadata.labels?.app === 'cruisecontrol' && p.metadata.deletionTimestamp === undefined);
  return pods.length === 1 && isDeepStrictEqual(pods[0]?.metadata.annotations, deployment.spec?.template.metadata?.annotations);
}

/**
 * The cluster's Cruise Control once it runs with the configuration of the cluster as it is now:
 * the capacity file lists the disks the brokers have (a disk removed a moment ago restarts
 * Cruise Control, and a fault given to the one it replaces would be lost), the Deployment
 * the operator keeps has rolled out, and its monitor has loaded its windows. It is the one tasks go to.
 */
export async function settledCruiseControl(world: OperationsWorld): Promise<CruiseControlSandbox> {
  await vi.waitFor(() => expect(deployedCapacityDisks(world)).toEqual(heldDisks(world)), { timeout: 30_000, interval: 50 });
  await vi.waitFor(
    () => {
      const deployment = world.sandbox.kube.api.store.get('apps/deployments', NAMESPACE, `${CLUSTER}-cruisecontrol`) as IDeployment | undefined;
      expect(deployment).toBeDefined();
      expect(cruiseControlRollingOut(deployment)).toBeUndefined();
      // One Pod left, and it runs the Deployment's template of now.
      const pods = world.sandbox.kube.api.store
        .list('/pods', NAMESPACE)
        .filter((p) => p.metadata.labels?.app === 'cruisecontrol' && p.metadata.deletionTimestamp === undefined);
      expect(pods.map((p) => p.metadata.annotations)).toEqual([deployment?.spec?.template.metadata?.annotations]);
    },
    { timeout: 30_000, interval: 50 },
  );
  const cc = await vi.waitFor(
    () => {
      const found = world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER);
      if (!found) throw new Error('no Cruise Control runs');
      return found;
    },
    { timeout: 30_000, interval: 50 },
  );
  // A restarted Cruise Control loads its samples again before it computes anything.
  await vi.waitFor(() => expect(cc.monitor.ready()).toBe(true), { timeout: 30_000, interval: 50 });
  return cc;
}
