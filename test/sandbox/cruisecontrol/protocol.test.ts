import { afterEach, describe, expect, it } from 'vitest';
import { call, startHarness, type Harness } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Cruise Control simulator: the HTTP protocol', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('sends the servlet headers, a task id and JSON only with json=true', async () => {
    h = await startHarness();
    const json = await call(h.cc, 'GET', 'state?json=true');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(json.headers.get('cruise-control-version')).toBe('2.5.146');
    expect(json.headers.get('cruise-control-commit_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(json.headers.get('user-task-id')).toMatch(UUID);
    expect(new Date(json.headers.get('date') ?? '').getTime()).toBe(Math.floor(h.clock.now() / 1000) * 1000);
    expect(Object.keys(json.json()).sort()).toEqual(['AnalyzerState', 'AnomalyDetectorState', 'ExecutorState', 'MonitorState', 'version']);

    const text = await call(h.cc, 'POST', 'pause_sampling?reason=maintenance');
    expect(text.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect(text.text).toBe('Metric sampling paused.');
    const monitor = (await call(h.cc, 'GET', 'STATE?JSON=true&substates=monitor')).json();
    expect(Object.keys(monitor)).toEqual(['MonitorState', 'version']);
    expect(monitor.MonitorState).toMatchObject({ state: 'PAUSED' });
    expect(String((monitor.MonitorState as Record<string, unknown>).reasonOfLatestPauseOrResume)).toMatch(/^maintenance \(Client: 127\.0\.0\.1, Date: .*Z\)$/);
  });

  it('answers 404 to unknown endpoints and wrong methods, and 400 to unknown parameters, without a task', async () => {
    h = await startHarness();
    const unknown = await call(h.cc, 'GET', 'foo?json=true');
    expect(unknown.status).toBe(404);
    expect(unknown.json().errorMessage).toBe(
      "Unrecognized endpoint in request '/foo'\nSupported GET endpoints: [BOOTSTRAP, TRAIN, LOAD, PARTITION_LOAD, PROPOSALS, STATE, KAFKA_CLUSTER_STATE, USER_TASKS, REVIEW_BOARD, PERMISSIONS]",
    );
    const wrongMethod = await call(h.cc, 'GET', 'add_broker?brokerid=1');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.headers.get('content-type')).toBe('text/plain;charset=utf-8');
    expect((await call(h.cc, 'PUT', 'state')).status).toBe(404);

    const bad = await call(h.cc, 'POST', 'add_broker?brokerid=1&foo=1&json=true');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('user-task-id')).toBeNull();
    expect(bad.json()).toEqual({ version: 1, stackTrace: '', errorMessage: 'Unrecognized endpoint parameters in ADD_BROKER POST request: [foo].' });
    const removeDisks = await call(h.cc, 'POST', 'remove_disks?brokerid_and_logdirs=1-/x&get_response_schema=true&json=true');
    expect(removeDisks.json().errorMessage).toBe('Unrecognized endpoint parameters in REMOVE_DISKS POST request: [get_response_schema].');
    const missing = await call(h.cc, 'POST', 'add_broker?json=true&dryrun=false');
    expect([missing.status, missing.json().errorMessage]).toEqual([400, 'Target broker ID is not provided for ADD_BROKER request']);
    const spaces = await call(h.cc, 'POST', 'remove_broker?brokerid=1,%202&json=true');
    expect([spaces.status, spaces.json().errorMessage]).toEqual([400, 'For input string: " 2"']);
    const both = await call(h.cc, 'POST', 'rebalance?stop_ongoing_execution=true&json=true');
    expect(both.json().errorMessage).toBe('stop_ongoing_execution and dryrun cannot both be set to true.');
    const substates = await call(h.cc, 'GET', 'state?substates=foo&json=true');
    expect(substates.json().errorMessage).toBe('Unsupported substates in [foo]. Supported: [ANALYZER, MONITOR, EXECUTOR, ANOMALY_DETECTOR]');
    const review = await call(h.cc, 'POST', 'review?approve=1&json=true');
    expect(review.status).toBe(403);
  });

  it('refuses to compute before the monitor has a valid window', async () => {
    h = await startHarness({ warm: false });
    const state = (await call(h.cc, 'GET', 'state?json=true&verbose=true')).json();
    expect(state.AnalyzerState).toMatchObject({ isProposalReady: false, readyGoals: [] });
    expect(state.MonitorState).toMatchObject({ state: 'RUNNING', numMonitoredWindows: 0 });
    const load = await call(h.cc, 'GET', 'load?json=true');
    expect(load.status).toBe(500);
    expect(load.headers.get('user-task-id')).toMatch(UUID);
    expect(load.json().errorMessage).toMatch(
      /^Error processing GET request '\/load' due to: '.*NotEnoughValidWindowsException: There is no window available in range \[-1, \d+\]/,
    );
    h.clock.advance(60_000);
    const ready = (await call(h.cc, 'GET', 'state?json=true&verbose=true')).json();
    expect(ready.AnalyzerState).toMatchObject({ isProposalReady: true });
    expect((ready.AnalyzerState as { goalReadiness: Array<{ status: string }> }).goalReadiness.every((g) => g.status === 'ready')).toBe(true);
    const brokers = (await call(h.cc, 'GET', 'load?json=true')).json().brokers as Array<Record<string, unknown>>;
    expect(brokers.map((b) => b.BrokerState)).toEqual(['ALIVE', 'ALIVE', 'ALIVE', 'ALIVE', 'ALIVE', 'ALIVE']);
    expect(brokers[0]).not.toHaveProperty('NwInRate');
  });

  it('runs a dry run by default: 202 first, the result on re-poll with the task id, nothing moved', async () => {
    h = await startHarness();
    const first = await call(h.cc, 'POST', 'remove_broker?brokerid=1&json=true');
    expect(first.status).toBe(202);
    const progress = first.json() as { progress: Array<{ operation: string; operationProgress: Array<{ step: string }> }> };
    expect(progress.progress[0]?.operation).toBe('Remove brokers');
    expect(progress.progress[0]).not.toHaveProperty('version');
    expect(progress.progress[0]?.operationProgress[0]?.step).toBe('PENDING');
    const id = first.headers.get('user-task-id') ?? '';

    h.clock.advance(1000);
    const midway = await call(h.cc, 'POST', 'remove_broker?json=true&brokerid=1', { 'User-Task-ID': id });
    expect(midway.status).toBe(202);
    expect((midway.json() as typeof progress).progress[0]?.operationProgress.some((s) => s.step.startsWith('OPTIMIZING'))).toBe(true);
    h.clock.advance(1000);
    const done = await call(h.cc, 'POST', 'remove_broker?brokerid=1&json=true', { 'User-Task-ID': id });
    expect(done.status).toBe(200);
    expect(done.headers.get('user-task-id')).toBe(id);
    const summary = done.json().summary as Record<string, number>;
    expect(summary.numReplicaMovements).toBeGreaterThan(60);
    // The removed broker is dead in the optimized model, so the others' balance is what is scored.
    expect(summary.onDemandBalancednessScoreAfter).toBeGreaterThan(90);
    expect(h.model.moves()).toEqual([]);
    expect(h.cc.executor.state).toBe('NO_TASK_IN_PROGRESS');

    // A finished task reads Active until the 5-s scan.
    const cc = h.cc;
    const status = async (): Promise<unknown> =>
      ((await call(cc, 'GET', `user_tasks?json=true&user_task_ids=${id}`)).json().userTasks as Array<{ Status: string }>)[0]?.Status;
    expect(await status()).toBe('Active');
    h.clock.advance(5000);
    expect(await status()).toBe('Completed');

    const other = await call(h.cc, 'POST', 'remove_broker?brokerid=2&json=true', { 'User-Task-ID': id });
    expect(other.status).toBe(500);
    expect(other.json().errorMessage).toBe(
      `Error processing POST request '/remove_broker' due to: 'Unexpected header ${id} (value: User-Task-ID) in the request.'.`,
    );
  });

  it('limits active user tasks; they free up at the next scan', async () => {
    h = await startHarness({ userTasks: { maxActiveTasks: 2 } });
    expect((await call(h.cc, 'GET', 'kafka_cluster_state?json=true')).status).toBe(200);
    expect((await call(h.cc, 'GET', 'state?json=true')).status).toBe(200);
    const refused = await call(h.cc, 'GET', 'user_tasks?json=true');
    expect(refused.status).toBe(500);
    expect(refused.headers.get('user-task-id')).toBeNull();
    expect(refused.json().errorMessage).toBe('There are already 2 active user tasks, which has reached the servlet capacity.');
    h.clock.advance(5000);
    const tasks = (await call(h.cc, 'GET', 'user_tasks?json=true&types=COMPLETED&fetch_completed_task=true')).json().userTasks as Array<Record<string, string>>;
    expect(tasks.map((t) => t.Status)).toEqual(['Completed', 'Completed']);
    expect(tasks[0]?.RequestURL).toBe('GET /kafkacruisecontrol/kafka_cluster_state?json=true');
    expect(tasks[0]?.StartMs).toMatch(/^\d+$/);
    expect(JSON.parse(tasks[0]?.originalResponse ?? '{}')).toHaveProperty('KafkaBrokerState');
  });

  it('expires completed tasks after their retention', async () => {
    h = await startHarness({ userTasks: { retentionMs: 60_000 } });
    const state = await call(h.cc, 'GET', 'state?json=true');
    const id = state.headers.get('user-task-id') ?? '';
    h.clock.advance(5000);
    expect(((await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${id}`)).json().userTasks as unknown[]).length).toBe(1);
    h.clock.advance(70_000);
    expect((await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${id}`)).json().userTasks).toEqual([]);
    expect((await call(h.cc, 'GET', 'state?json=true', { 'User-Task-ID': id })).status).toBe(500);
  });

  it('keeps only the newest completed tasks of an endpoint type', async () => {
    h = await startHarness({ userTasks: { maxCachedCompletedTasks: 2 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await call(h.cc, 'GET', 'kafka_cluster_state?json=true')).headers.get('user-task-id') ?? '');
      h.clock.advance(1000);
    }
    h.clock.advance(5000);
    const listed = (await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${ids.join(',')}`)).json().userTasks as Array<{ UserTaskId: string }>;
    expect(listed.map((t) => t.UserTaskId).sort()).toEqual(ids.slice(1).sort());
  });

  it('runs one execution at a time, and stop_proposal_execution stops it with the task CompletedWithError', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const start = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true');
    expect(start.status).toBe(200);
    const id = start.headers.get('user-task-id') ?? '';
    expect(h.cc.executor.state).toBe('INTER_BROKER_REPLICA_MOVEMENT_TASK_IN_PROGRESS');
    const second = await call(h.cc, 'POST', 'rebalance?dryrun=false&json=true');
    expect(second.status).toBe(500);
    expect(second.json().errorMessage).toContain(
      'Cannot start a new execution while there is an ongoing execution. Please use stop_ongoing_execution=true to stop ongoing execution and start a new one.',
    );
    h.clock.advance(3000);
    const executor = (await call(h.cc, 'GET', 'state?json=true&substates=executor&verbose=true')).json().ExecutorState as Record<string, unknown>;
    expect(executor).toMatchObject({ triggeredUserTaskId: id, triggeredSelfHealingTaskId: '', numInProgressPartitionMovements: 5 });
    expect(executor.inProgressPartitionMovement).toHaveLength(5);

    const stop = await call(h.cc, 'POST', 'stop_proposal_execution?json=true');
    expect(stop.json()).toEqual({ message: 'Proposal execution stopped.', version: 1 });
    expect(h.cc.executor.state).toBe('STOPPING_EXECUTION');
    h.clock.advance(10_000);
    expect(h.cc.executor.state).toBe('NO_TASK_IN_PROGRESS');
    expect(h.model.moves()).toEqual([]);
    const left = h.model.partitions().filter((p) => p.replicas.some((r) => r.broker === 1)).length;
    expect(left).toBeGreaterThan(0);
    h.clock.advance(30_000);
    expect(h.model.partitions().filter((p) => p.replicas.some((r) => r.broker === 1)).length).toBe(left);
    const tasks = (await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${id}&fetch_completed_task=true`)).json().userTasks as Array<
      Record<string, string>
    >;
    expect(tasks[0]).toMatchObject({ Status: 'CompletedWithError', originalResponse: 'CompletedWithError' });
    expect(h.model.invariantViolations()).toEqual([]);
  });

  it('a stop during proposal generation keeps the execution from starting', async () => {
    h = await startHarness();
    const post = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true');
    expect(post.status).toBe(202);
    expect(h.cc.executor.state).toBe('GENERATING_PROPOSALS_FOR_EXECUTION');
    expect((await call(h.cc, 'POST', 'stop_proposal_execution?json=true')).status).toBe(200);
    h.clock.advance(2000);
    expect(h.cc.executor.state).toBe('NO_TASK_IN_PROGRESS');
    h.clock.advance(10_000);
    expect(h.model.moves()).toEqual([]);
    const id = post.headers.get('user-task-id') ?? '';
    const tasks = (await call(h.cc, 'GET', `user_tasks?json=true&user_task_ids=${id}`)).json().userTasks as Array<{ Status: string }>;
    expect(tasks[0]?.Status).toBe('CompletedWithError');
  });

  it('reports unknown brokers as failed operations', async () => {
    h = await startHarness({ proposalComputeMs: 0 });
    const remove = await call(h.cc, 'POST', 'remove_broker?brokerid=7&json=true');
    expect(remove.status).toBe(500);
    expect(remove.json().errorMessage).toMatch(/^Error processing POST request '\/remove_broker' due to: '.*Broker 7 does not exist\.'\.$/);
    const add = await call(h.cc, 'POST', 'add_broker?brokerid=7');
    expect(add.text).toMatch(/Broker \[7\] does not exist\./);
    const disks = await call(h.cc, 'POST', 'remove_disks?brokerid_and_logdirs=1-/nope&json=true');
    expect(disks.json().errorMessage).toContain('Invalid log dirs provided for broker 1.');
  });

  it('shows a stopped broker in kafka_cluster_state and load', async () => {
    h = await startHarness();
    h.model.stopBroker(2);
    const state = (await call(h.cc, 'GET', 'kafka_cluster_state?json=true')).json();
    const partitions = state.KafkaPartitionState as Record<string, unknown[]>;
    expect(partitions.urp?.length).toBeGreaterThan(0);
    expect(partitions['with-offline-replicas']?.length).toBe(partitions.urp?.length);
    const brokers = state.KafkaBrokerState as Record<string, Record<string, unknown>>;
    expect(brokers.OfflineLogDirsByBrokerId?.['2']).toEqual(['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka']);
    expect(brokers.OnlineLogDirsByBrokerId?.['1']).toEqual(['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka']);
    const load = (await call(h.cc, 'GET', 'load?json=true&populate_disk_info=true')).json().brokers as Array<Record<string, unknown>>;
    expect(load.find((b) => b.Broker === 2)?.BrokerState).toBe('DEAD');
    expect(Object.keys(load[0]?.DiskState as object)).toEqual(['/kafka-logs/disk0/kafka', '/kafka-logs/disk1/kafka']);
  });
});
