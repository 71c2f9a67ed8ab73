import { describe, expect, it } from 'vitest';
import { CreateClusterDocument } from '../__generated__/graphql.js';
import { postGraphQL } from '../support/graphql.js';
import { CLUSTER, cruiseControlSettled, NAMESPACE } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';
import { claimData, clusterEvents, untilAnswered } from './support/lifecycleFlows.js';

let createAnswers: string[][] = [];
/**
 * createCluster of three brokers, one of them the KRaft controller (the fewest that hold the
 * demo topics), asked for over GraphQL: the cluster is built once, no claim goes, no task is sent.
 */
const createCluster: Flow = {
  spec: null,
  onServer: true,
  noOtherTasks: true,
  oneStory: true,
  change: async (world) => {
    createAnswers = await untilAnswered(async () => {
      const answer = await postGraphQL(world.url(), CreateClusterDocument, {
        input: { namespace: NAMESPACE, name: CLUSTER, brokers: 3, controllers: 1, storage: { mountPath: '/kafka-logs', size: '100Gi' } },
      });
      return answer.data?.createCluster.userErrors.map((e) => e.code);
    });
  },
  finished: async (world) => {
    const cluster = await world.readCluster().catch(() => undefined);
    return (
      cluster?.status?.state === 'ClusterRunning' &&
      (world.sandbox.world.model(NAMESPACE, CLUSTER)?.partitions().length ?? 0) > 300 &&
      world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER) !== undefined &&
      cruiseControlSettled(world)
    );
  },
  dataAt: claimData,
  endProblem: async (world) => {
    // The last answer says it is there: created, or (asked again after a restart) there already.
    const last = createAnswers.at(-1) ?? [];
    if (!(last.length === 0 || (createAnswers.length > 1 && last.join() === 'ALREADY_EXISTS'))) return `answers: ${JSON.stringify(createAnswers)}`;
    const pods = world.sandbox.kube.api.store
      .list('/pods', NAMESPACE)
      .filter((p) => p.metadata.labels?.kafka_cr === CLUSTER && p.metadata.labels.app === 'kafka');
    const claims = world.sandbox.kube.api.store.list('/persistentvolumeclaims', NAMESPACE).filter((p) => p.metadata.labels?.kafka_cr === CLUSTER);
    if (pods.length !== 3 || claims.length !== 3) return `${pods.length} broker Pods, ${claims.length} claims`;
    const requested = await clusterEvents(world, 'ClusterCreateRequested');
    return requested <= 1 ? undefined : `${requested} ClusterCreateRequested Events`;
  },
};

describe('createCluster survives the server dying at any point', () => {
  it('builds the cluster once, deleting no claim and sending no task, wherever the server dies', async () => {
    expect(await killAtEveryWrite(createCluster, 10)).toEqual([]);
  }, 900_000);
});
