import { describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { DeleteClusterDocument } from '../__generated__/graphql.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { postGraphQL } from '../support/graphql.js';
import { CLUSTER, NAMESPACE, storage } from './support/operationsSandbox.js';
import { killAtEveryWrite, type Flow } from './support/killAtEveryWrite.js';
import { clusterEvents, clusterObjects, untilAnswered } from './support/lifecycleFlows.js';

let deleteAnswers: string[][] = [];
/**
 * deleteCluster of a one-broker cluster holding no topic of its own, without force: Kafka is asked
 * what the broker holds, the KafkaCluster is deleted once, and everything it owned goes with it.
 */
const deleteCluster: Flow = {
  spec: null,
  onServer: true,
  noOtherTasks: true,
  oneStory: true,
  ready: async (world) => {
    await world.createCluster(
      kraftSpecInput({
        brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
        brokers: [{ id: 0, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } }],
      }),
    );
    await vi.waitFor(async () => expect((await world.readCluster()).status?.state).toBe('ClusterRunning'), { timeout: 30_000, interval: 50 });
  },
  change: async (world) => {
    deleteAnswers = await untilAnswered(async () => {
      const answer = await postGraphQL(world.url(), DeleteClusterDocument, {
        input: { clusterId: encodeGlobalId('KafkaCluster', NAMESPACE, CLUSTER), force: false },
      });
      return answer.data?.deleteCluster.userErrors.map((e) => e.code);
    });
  },
  finished: (world) =>
    world.sandbox.kube.api.store.get('kafka.banzaicloud.io/kafkaclusters', NAMESPACE, CLUSTER) === undefined &&
    clusterObjects(world).length === 0 &&
    world.sandbox.kube.api.store.get('apps/deployments', NAMESPACE, `${CLUSTER}-cruisecontrol`) === undefined,
  // Only what Kafka reported empty of topics may go without force: replicas of a topic of the user's on the claim's broker.
  dataAt: (world, object) =>
    object.kind === 'PersistentVolumeClaim' && object.metadata.labels?.kafka_cr === CLUSTER
      ? (world.sandbox.world
          .model(NAMESPACE, CLUSTER)
          ?.partitions()
          .filter((p) => !p.topic.startsWith('__') && p.replicas.some((r) => String(r.broker) === object.metadata.labels?.brokerId)).length ?? 0)
      : undefined,
  endProblem: async (world) => {
    // Deleted, or (asked again after a restart) gone already or going.
    const last = deleteAnswers.at(-1) ?? [];
    const again = ['NOT_FOUND', 'OPERATION_IN_PROGRESS'];
    if (!(last.length === 0 || (deleteAnswers.length > 1 && last.length === 1 && again.includes(last[0] ?? ''))))
      return `answers: ${JSON.stringify(deleteAnswers)}`;
    const requested = await clusterEvents(world, 'ClusterDeleteRequested');
    return requested <= 1 ? undefined : `${requested} ClusterDeleteRequested Events`;
  },
};

describe('deleteCluster survives the server dying at any point', () => {
  it('deletes the cluster once, after Kafka said it holds nothing, and everything it owned goes, wherever the server dies', async () => {
    expect(await killAtEveryWrite(deleteCluster, 1)).toEqual([]);
  }, 900_000);
});
