import { afterEach, describe, expect, it } from 'vitest';
import { CruiseControlClient } from '../../src/cruisecontrol/index.js';
import { ADD_BROKER_PROGRESS, ADD_BROKER_RESULT, DATE, LOAD, STATE_EXECUTING, TASK_ID, USER_TASKS } from './examples.js';
import { startReferenceServer, type ReferenceServer } from './referenceServer.js';

const taskHeaders = { 'User-Task-ID': TASK_ID, Date: DATE };

describe('Cruise Control client: calls and the asynchronous protocol', () => {
  let server: ReferenceServer;
  let client: CruiseControlClient;
  afterEach(async () => server.close());

  async function start(): Promise<void> {
    server = await startReferenceServer();
    client = new CruiseControlClient({ url: server.url, timeoutMs: 2000, retryDelayMs: 1 });
  }

  it('sends add_broker with an explicit dryrun and json=true, reads the 202, and re-polls the same request with its User-Task-ID', async () => {
    await start();
    server.on(
      'POST add_broker',
      { status: 202, body: ADD_BROKER_PROGRESS, headers: taskHeaders },
      { status: 200, body: ADD_BROKER_RESULT, headers: taskHeaders },
    );
    const first = await client.addBroker({ brokerIds: [3, 4], dryrun: false, allowCapacityEstimation: true, excludeRecentlyRemovedBrokers: true });
    if (first.state !== 'inProgress') throw new Error(`expected inProgress, got ${first.state}`);
    expect(first.taskId).toBe(TASK_ID);
    expect(first.date?.toISOString()).toBe('2025-06-02T10:00:10.000Z');
    expect(first.progress[0]?.operation).toBe('Add brokers');
    expect(first.progress[0]?.operationProgress.map((p) => p.step).at(-1)).toBe('OPTIMIZING RackAwareGoal');
    const sent = server.requests[0];
    expect(sent?.params.get('brokerid')).toBe('3,4');
    expect(sent?.params.get('dryrun')).toBe('false');
    expect(sent?.params.get('json')).toBe('true');
    expect(sent?.params.get('allow_capacity_estimation')).toBe('true');
    expect(sent?.headers['user-task-id']).toBeUndefined();

    const second = await client.poll(first.pending);
    if (second.state !== 'done') throw new Error(`expected done, got ${second.state}`);
    expect(second.result.summary).toMatchObject({ numReplicaMovements: 12, dataToMoveMB: 3400, provisionStatus: 'RIGHT_SIZED' });
    expect(second.result.loadAfterOptimization.brokers[0]).toMatchObject({ Broker: 3, BrokerState: 'NEW' });
    const repoll = server.requests[1];
    expect(repoll?.headers['user-task-id']).toBe(TASK_ID);
    expect(repoll?.rawQuery).toBe(sent?.rawQuery);
  });

  it('sends dryrun=true when asked, so a dry run is never the server default by accident', async () => {
    await start();
    server.on('POST remove_broker', { status: 200, body: ADD_BROKER_RESULT, headers: taskHeaders });
    await client.removeBroker({
      brokerIds: [1],
      destinationBrokerIds: [2, 3],
      dryrun: true,
      goals: ['RackAwareGoal'],
      concurrentPartitionMovementsPerBroker: 2,
      reason: 'scale down',
    });
    const params = server.requests[0]?.params;
    expect(Object.fromEntries(params ?? [])).toEqual({
      brokerid: '1',
      destination_broker_ids: '2,3',
      goals: 'RackAwareGoal',
      dryrun: 'true',
      reason: 'scale down',
      concurrent_partition_movements_per_broker: '2',
      json: 'true',
    });
  });

  it('builds rebalance, remove_disks, demote_broker and fix_offline_replicas with only the parameters each endpoint accepts', async () => {
    await start();
    for (const endpoint of ['rebalance', 'remove_disks', 'demote_broker', 'fix_offline_replicas'])
      server.on(`POST ${endpoint}`, { status: 200, body: ADD_BROKER_RESULT, headers: taskHeaders });
    await client.rebalance({
      dryrun: false,
      rebalanceDisk: true,
      destinationBrokerIds: [4, 5],
      excludedTopics: '__.*',
      concurrentIntraBrokerPartitionMovements: 2,
      maxPartitionMovementsInCluster: 50,
    });
    await client.removeDisks({
      dryrun: false,
      logDirs: [
        { brokerId: 3, logDir: '/kafka-logs/disk-1/kafka' },
        { brokerId: 3, logDir: '/kafka-logs/disk-2/kafka' },
      ],
    });
    await client.demoteBroker({ dryrun: false, brokerIds: [2], skipUrpDemotion: false, concurrentLeaderMovements: 10 });
    await client.fixOfflineReplicas({ dryrun: true, skipHardGoalCheck: true });
    const [rebalance, removeDisks, demote, fix] = server.requests.map((r) => Object.fromEntries(r.params));
    expect(rebalance).toEqual({
      excluded_topics: '__.*',
      dryrun: 'false',
      max_partition_movements_in_cluster: '50',
      destination_broker_ids: '4,5',
      rebalance_disk: 'true',
      concurrent_intra_broker_partition_movements: '2',
      json: 'true',
    });
    expect(removeDisks).toEqual({ brokerid_and_logdirs: '3-/kafka-logs/disk-1/kafka,3-/kafka-logs/disk-2/kafka', dryrun: 'false', json: 'true' });
    expect(demote).toEqual({ brokerid: '2', dryrun: 'false', concurrent_leader_movements: '10', skip_urp_demotion: 'false', json: 'true' });
    expect(fix).toEqual({ dryrun: 'true', skip_hard_goal_check: 'true', json: 'true' });
  });

  it('reads state, load, partition_load, proposals and kafka_cluster_state into typed values, ignoring fields it does not know', async () => {
    await start();
    server.on('GET state', { status: 200, body: STATE_EXECUTING, headers: taskHeaders });
    server.on('GET load', { status: 200, body: { ...LOAD, futureField: { x: 1 } }, headers: taskHeaders });
    server.on('GET partition_load', {
      status: 200,
      body: {
        records: [{ topic: 'orders', partition: 0, leader: 1, followers: [2], cpu: 0.4, networkInbound: 12, networkOutbound: 24, disk: 300, msg_in: 10 }],
        version: 1,
      },
      headers: taskHeaders,
    });
    server.on('GET proposals', {
      status: 200,
      body: {
        ...ADD_BROKER_RESULT,
        proposals: [{ topicPartition: { hash: 1, partition: 0, topic: 'orders' }, oldLeader: 1, oldReplicas: [1, 2], newReplicas: [3, 2] }],
      },
      headers: taskHeaders,
    });
    const partition = { topic: 'orders', partition: 4, leader: 2, replicas: [2, 1], 'in-sync': [2], 'out-of-sync': [1], offline: [1], 'min-isr': 1 };
    server.on('GET kafka_cluster_state', {
      status: 200,
      body: {
        KafkaBrokerState: {
          LeaderCountByBrokerId: { '1': 0, '2': 41 },
          OutOfSyncCountByBrokerId: { '1': 40 },
          ReplicaCountByBrokerId: { '1': 40, '2': 41 },
          OfflineReplicaCountByBrokerId: { '1': 40 },
          IsController: { '2': true },
          OnlineLogDirsByBrokerId: { '1': [], '2': ['/kafka-logs/kafka'] },
          OfflineLogDirsByBrokerId: { '1': ['/kafka-logs/kafka'], '2': [] },
          BrokerSetByBrokerId: {},
          Summary: { Brokers: 2, Topics: 1, Replicas: 81, Leaders: 41 },
        },
        KafkaPartitionState: { offline: [], 'with-offline-replicas': [partition], urp: [partition], 'under-min-isr': [] },
        version: 1,
      },
      headers: taskHeaders,
    });

    const state = await client.state({ substates: ['executor', 'monitor'], verbose: true });
    if (state.state !== 'done') throw new Error('state not done');
    expect(state.result.ExecutorState?.numTotalPartitionMovements).toBe(12);
    expect(state.result.MonitorState?.state).toBe('RUNNING');
    expect(server.requests[0]?.params.get('substates')).toBe('executor,monitor');
    expect(server.requests[0]?.params.get('verbose')).toBe('true');

    const load = await client.load({ populateDiskInfo: true });
    expect(load.state === 'done' && load.result.brokers[0]?.Replicas).toBe(32);
    expect(load.state === 'done' && Object.keys(load.result)).toEqual(['hosts', 'brokers']);

    const partitionLoad = await client.partitionLoad({ resource: 'DISK', entries: 10, topic: 'orders' });
    expect(partitionLoad.state === 'done' && partitionLoad.result.records[0]?.disk).toBe(300);
    expect(server.requests[2]?.params.get('resource')).toBe('DISK');

    const proposals = await client.proposals({ verbose: true });
    expect(proposals.state === 'done' && proposals.result.proposals?.[0]?.topicPartition).toEqual({ partition: 0, topic: 'orders' });

    const cluster = await client.kafkaClusterState({ verbose: true });
    expect(cluster.KafkaBrokerState.OnlineLogDirsByBrokerId['2']).toEqual(['/kafka-logs/kafka']);
    expect(cluster.KafkaPartitionState.urp[0]?.['out-of-sync']).toEqual([1]);
  });

  it('tracks tasks through user_tasks: status, a missing task, and the Active lag after a final answer', async () => {
    await start();
    const done = {
      UserTaskId: 'b1a7f0e2-0000-4000-8000-000000000001',
      RequestURL: 'GET /kafkacruisecontrol/proposals?json=true',
      ClientIdentity: '10.1.2.3',
      StartMs: '1748858400000',
      Status: 'Active',
    };
    server.on('GET user_tasks', {
      status: 200,
      body: { ...USER_TASKS, userTasks: [...USER_TASKS.userTasks, done] },
      headers: { 'User-Task-ID': 'aaaaaaaa-0000-4000-8000-000000000000' },
    });
    const missing = 'ffffffff-0000-4000-8000-00000000ffff';
    const views = await client.tasks([TASK_ID, missing, done.UserTaskId], { context: { [done.UserTaskId]: { answeredWithoutExecution: true } } });
    expect(server.requests[0]?.params.get('user_task_ids')).toBe([TASK_ID, missing, done.UserTaskId].join(','));
    expect(views.get(TASK_ID)).toMatchObject({ phase: 'executing', status: 'InExecution', startMs: 1748858400000 });
    expect(views.get(missing)).toMatchObject({ phase: 'missing', status: undefined });
    expect(views.get(missing)?.note).toMatch(/max\.cached\.completed\.user\.tasks/);
    expect(views.get(done.UserTaskId)).toMatchObject({ phase: 'completed', status: 'Active' });
    expect(await client.tasks([])).toEqual(new Map());
    expect(server.requests).toHaveLength(1);
  });

  it('asks /state for readiness with verbose goal readiness, and counts a 202 as not ready yet', async () => {
    await start();
    const progress = {
      version: 1,
      progress: [
        {
          operation: 'Get state',
          operationProgress: [{ step: 'PENDING', description: 'Operation enqueued, waiting to be executed.', 'time-in-ms': 1, completionPercentage: 0 }],
        },
      ],
    };
    server.on('GET state', { status: 202, body: progress, headers: taskHeaders }, { status: 200, body: STATE_EXECUTING, headers: taskHeaders });
    const pending = await client.readiness();
    expect(pending).toMatchObject({ ready: false, busy: false, reasons: ['Cruise Control is still computing its state; ask again shortly.'] });
    expect(Object.fromEntries(server.requests[0]?.params ?? [])).toEqual({ substates: 'monitor,analyzer,executor', verbose: 'true', json: 'true' });
    const busy = await client.readiness();
    expect([busy.ready, busy.busy, busy.executingTaskId]).toEqual([true, true, TASK_ID]);
  });

  it('stops an execution, pauses and resumes sampling, and reads their messages', async () => {
    await start();
    server.on('POST stop_proposal_execution', { status: 200, body: { message: 'Proposal execution stopped.', version: 1 } });
    server.on('POST pause_sampling', { status: 200, body: { message: 'Metric sampling paused.', version: 1 } });
    server.on('POST resume_sampling', { status: 200, body: { message: 'Metric sampling resumed.', version: 1 } });
    expect(await client.stopProposalExecution()).toBe('Proposal execution stopped.');
    expect(await client.pauseSampling({ reason: 'maintenance' })).toBe('Metric sampling paused.');
    expect(await client.resumeSampling()).toBe('Metric sampling resumed.');
    expect(server.requests.map((r) => `${r.method} ${r.endpoint}?${r.rawQuery}`)).toEqual([
      'POST stop_proposal_execution?json=true',
      'POST pause_sampling?reason=maintenance&json=true',
      'POST resume_sampling?json=true',
    ]);
  });

  it('parks a POST for review, approves it, and submits it by review_id alone', async () => {
    await start();
    const entry = (Status: string) => ({
      Id: 0,
      SubmitterAddress: '10.1.2.3',
      SubmissionTimeMs: 1748858400000,
      Status,
      EndpointWithParams: 'remove_broker?brokerid=1&dryrun=false&json=true',
      Reason: 'Awaiting review.',
    });
    server.on('POST remove_broker', (r) =>
      r.params.has('review_id')
        ? { status: 200, body: ADD_BROKER_RESULT, headers: taskHeaders }
        : { status: 200, body: { RequestInfo: [entry('PENDING_REVIEW')], version: 1 } },
    );
    server.on('POST review', { status: 200, body: { RequestInfo: [entry('APPROVED')], version: 1 } });
    server.on('GET review_board', { status: 200, body: { RequestInfo: [entry('SUBMITTED')], version: 1 } });
    const parked = await client.removeBroker({ brokerIds: [1], dryrun: false });
    expect(parked).toMatchObject({ state: 'parked', review: [{ Id: 0, Status: 'PENDING_REVIEW' }] });
    expect((await client.review({ approve: [0], reason: 'ok' }))[0]?.Status).toBe('APPROVED');
    const submitted = await client.submitReviewed('remove_broker', 0);
    expect(submitted).toMatchObject({ taskId: TASK_ID, status: 200 });
    expect((await client.reviewBoard({ reviewIds: [0] }))[0]?.Status).toBe('SUBMITTED');
    expect(server.requests.map((r) => r.rawQuery)).toEqual([
      'brokerid=1&dryrun=false&json=true',
      'approve=0&reason=ok&json=true',
      'review_id=0',
      'review_ids=0&json=true',
    ]);
  });
});
