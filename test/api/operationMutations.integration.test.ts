import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeGlobalId } from '../../src/domain/globalId.js';
import { ClusterForMutationsDocument, RebalanceClusterDocument, RetryOperationDocument, StopOperationDocument } from '../__generated__/graphql.js';
import { startDemoApiSandbox, type ApiSandbox } from '../support/apiSandbox.js';
import { postGraphQL } from '../support/graphql.js';

let api: ApiSandbox;
let url: string;
let custom: CustomObjectsApi;
const operationsApi = { group: 'kafka.banzaicloud.io', version: 'v1alpha1', namespace: 'kafka', plural: 'cruisecontroloperations' };
const clusterId = encodeGlobalId('KafkaCluster', 'kafka', 'kafka');
const operationCount = async () => ((await custom.listNamespacedCustomObject(operationsApi)) as { items: unknown[] }).items.length;
const requestEvents = async (reason: string) =>
  (
    await api.sandbox.kube.kubeConfig
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: 'kafka', fieldSelector: `involvedObject.kind=KafkaCluster,involvedObject.name=kafka,reason=${reason}` })
  ).items.map((e) => e.message);
const sentRebalances = () =>
  api.sandbox.world
    .cruiseControl('kafka', 'kafka')
    ?.tasks.list()
    .filter((t) => t.requestUrl.includes('/rebalance?')) ?? [];

beforeAll(async () => {
  // The embedded sandbox's demo cluster: six brokers in namespace kafka, applied as main.ts does.
  api = await startDemoApiSandbox();
  url = api.server.url;
  custom = api.sandbox.kube.kubeConfig.makeApiClient(CustomObjectsApi);
}, 90_000);
afterAll(async () => {
  await api.close();
});

describe('operation mutations over HTTP', () => {
  it('refuses bad input with userErrors and changes nothing', async () => {
    const before = await operationCount();
    const notAnId = await postGraphQL(url, RebalanceClusterDocument, { input: { clusterId: 'nope' } });
    expect(notAnId.data?.rebalanceCluster.userErrors).toEqual([
      { field: ['input', 'clusterId'], message: '"nope" is not the id of a KafkaCluster', code: 'INVALID_INPUT' },
    ]);
    const unknown = await postGraphQL(url, RebalanceClusterDocument, { input: { clusterId: encodeGlobalId('KafkaCluster', 'kafka', 'other') } });
    expect(unknown.data?.rebalanceCluster.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const bad = await postGraphQL(url, RebalanceClusterDocument, {
      input: { clusterId, concurrentLeaderMovements: 0, destinationBrokerIds: [42], excludedTopics: '(' },
    });
    expect(bad.data?.rebalanceCluster.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.concurrentLeaderMovements', 'INVALID_INPUT'],
      ['input.excludedTopics', 'INVALID_INPUT'],
      ['input.destinationBrokerIds', 'NOT_FOUND'],
    ]);
    const nothingRuns = await postGraphQL(url, StopOperationDocument, { input: { clusterId } });
    expect(nothingRuns.data?.stopOperation.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(await operationCount()).toBe(before);
  });

  it('previews a rebalance with dryRun: Cruise Control says what would move, nothing is written or sent', async () => {
    const before = await operationCount();
    // Cruise Control computes proposals only once its monitor has a valid metric window; until
    // then the dry run answers a userError (NotEnoughValidWindowsException), so ask until it has.
    const answer = await vi.waitFor(
      async () => {
        const dryRun = await postGraphQL(url, RebalanceClusterDocument, { input: { clusterId, destinationBrokerIds: [0, 1, 2], dryRun: true } });
        expect(dryRun.data?.rebalanceCluster.userErrors).toEqual([]);
        return dryRun;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(answer.errors).toBeUndefined();
    const preview = answer.data?.rebalanceCluster.preview;
    expect(preview?.brokersAfter.map((b) => b.brokerId).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(answer.data?.rebalanceCluster.operation).toBeNull();
    expect(await operationCount()).toBe(before);
    expect(sentRebalances().filter((t) => t.requestUrl.includes('dryrun=false'))).toEqual([]);
  }, 30_000);

  it('starts a rebalance with its options, and refuses a second one while the first is pending', async () => {
    // Cruise Control away for a moment: the rebalance stays pending.
    const cc = api.sandbox.world.cruiseControl('kafka', 'kafka');
    if (cc) cc.faults.unavailable = true;
    const started = await postGraphQL(url, RebalanceClusterDocument, {
      input: { clusterId, maxPartitionMovementsInCluster: 1, concurrentPartitionMovementsPerBroker: 1, excludedTopics: '__consumer_offsets' },
    });
    expect(started.data?.rebalanceCluster.userErrors).toEqual([]);
    const operation = started.data?.rebalanceCluster.operation;
    expect(operation).toMatchObject({ type: 'REBALANCE', state: 'PENDING' });
    const again = await postGraphQL(url, RebalanceClusterDocument, { input: { clusterId } });
    expect(again.data?.rebalanceCluster.userErrors.map((e) => e.code)).toEqual(['OPERATION_IN_PROGRESS']);
    if (cc) cc.faults.unavailable = false;

    const state = async () =>
      (await postGraphQL(url, ClusterForMutationsDocument, { namespace: 'kafka', name: 'kafka' })).data?.cluster?.operations.nodes.find(
        (o) => o.name === operation?.name,
      )?.state;
    await expect.poll(state, { timeout: 60_000, interval: 50 }).toBe('COMPLETED');
    const sent = sentRebalances().filter(
      (t) =>
        t.requestUrl.includes('max_partition_movements_in_cluster=1') &&
        t.requestUrl.includes('excluded_topics=__consumer_offsets') &&
        t.requestUrl.includes('dryrun=false'),
    );
    expect(sent).toHaveLength(1);
    expect(await requestEvents('RebalanceRequested')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^operation ${operation?.name ?? '?'} asks Cruise Control for rebalance \\(.*max_partition_movements_in_cluster=1.*\\) \\(asked by anonymous \\(auth disabled\\)\\)$`,
        ),
      ),
    ]);
  }, 90_000);

  it('stops the running execution, pausing its operation, and retries it', async () => {
    // A drain of broker 0 asked by hand, one partition move at a time, so that it runs long.
    const name = 'kafka-removebroker-slow';
    await custom.createNamespacedCustomObject({
      ...operationsApi,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1alpha1',
        kind: 'CruiseControlOperation',
        metadata: { name, labels: { app: 'kafka', kafka_cr: 'kafka' } },
        spec: { errorPolicy: 'retry' },
      },
    });
    await custom.patchNamespacedCustomObjectStatus(
      {
        ...operationsApi,
        name,
        body: {
          status: {
            currentTask: {
              operation: 'remove_broker',
              parameters: { brokerid: '0', max_partition_movements_in_cluster: '1', concurrent_partition_movements_per_broker: '1' },
            },
          },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const state = async () =>
      (await postGraphQL(url, ClusterForMutationsDocument, { namespace: 'kafka', name: 'kafka' })).data?.cluster?.operations.nodes.find((o) => o.name === name)
        ?.state;
    await expect.poll(state, { timeout: 60_000, interval: 50 }).toBe('RUNNING');

    const stop = await postGraphQL(url, StopOperationDocument, { input: { clusterId } });
    expect(stop.data?.stopOperation.userErrors).toEqual([]);
    expect(stop.data?.stopOperation.stopped?.name).toBe(name);
    expect(stop.data?.stopOperation.operation?.type).toBe('STOP_EXECUTION');
    await expect.poll(state, { timeout: 30_000, interval: 50 }).toBe('PAUSED');
    const drains = () =>
      api.sandbox.world
        .cruiseControl('kafka', 'kafka')
        ?.tasks.list()
        .filter((t) => t.requestUrl.includes('/remove_broker?') && t.requestUrl.includes('brokerid=0')).length ?? 0;
    expect(drains()).toBe(1);

    const retried = await postGraphQL(url, RetryOperationDocument, { input: { operationId: encodeGlobalId('Operation', 'kafka', name) } });
    expect(retried.data?.retryOperation.userErrors).toEqual([]);
    await expect.poll(drains, { timeout: 60_000, interval: 50 }).toBe(2);
    const notFailed = await postGraphQL(url, RetryOperationDocument, { input: { operationId: encodeGlobalId('Operation', 'kafka', name) } });
    expect(notFailed.data?.retryOperation.userErrors.map((e) => e.code)).toEqual(['OPERATION_IN_PROGRESS']);
    expect(await requestEvents('StopRequested')).toEqual([expect.stringContaining('stop_proposal_execution (asked by anonymous (auth disabled))')]);
    expect(await requestEvents('RetryRequested')).toEqual([
      expect.stringMatching(new RegExp(`^operation ${name} \\(remove_broker\\) runs again \\(asked by anonymous \\(auth disabled\\)`)),
    ]);
  }, 120_000);
});
