import { describe, expect, it } from 'vitest';
import { readinessOf, type CruiseControlState } from '../../src/cruisecontrol/index.js';

const running: CruiseControlState['MonitorState'] = {
  state: 'RUNNING',
  numMonitoredWindows: 5,
  monitoringCoveragePct: 100,
  reasonOfLatestPauseOrResume: 'N/A',
};
const idle: CruiseControlState['ExecutorState'] = { state: 'NO_TASK_IN_PROGRESS' };
const goal = (name: string, status: 'ready' | 'notReady') => ({
  name,
  status,
  modelCompleteRequirement: { requiredNumSnapshots: 1, minMonitoredPartitionsPercentage: 95, includeAllTopics: true },
});
const analyzer = (isProposalReady: boolean, ...goals: Array<ReturnType<typeof goal>>) => ({
  isProposalReady,
  readyGoals: goals.filter((g) => g.status === 'ready').map((g) => g.name),
  goalReadiness: goals,
});

describe('readiness from /state', () => {
  const cases: Array<{ name: string; state: CruiseControlState; ready: boolean; busy: boolean; reasons: RegExp[] }> = [
    {
      name: 'ready and idle when the monitor runs, a proposal is ready and every goal is ready',
      state: { MonitorState: running, AnalyzerState: analyzer(true, goal('RackAwareGoal', 'ready')), ExecutorState: idle },
      ready: true,
      busy: false,
      reasons: [],
    },
    {
      name: 'not ready during warm-up, saying how far sampling got',
      state: {
        MonitorState: { ...running, numMonitoredWindows: 0, monitoringCoveragePct: 0 },
        AnalyzerState: analyzer(false, goal('RackAwareGoal', 'notReady'), goal('DiskCapacityGoal', 'notReady')),
        ExecutorState: idle,
      },
      ready: false,
      busy: false,
      reasons: [
        /^No optimization proposal is ready yet \(0 metric windows so far, 0% of partitions monitored\)/,
        /^Goals not ready: RackAwareGoal, DiskCapacityGoal \(they need 1 valid windows and 95% of partitions monitored\)\.$/,
      ],
    },
    {
      name: 'not ready while sampling is paused, naming how to resume',
      state: {
        MonitorState: { ...running, state: 'PAUSED', reasonOfLatestPauseOrResume: 'maintenance (Client: 10.0.0.1, Date: 2026-01-01T00:00:00Z)' },
        AnalyzerState: analyzer(true),
        ExecutorState: idle,
      },
      ready: false,
      busy: false,
      reasons: [/^Metric sampling is paused \(maintenance .*\); resume it with resume_sampling\.$/],
    },
    {
      name: 'ready but busy while an execution runs, naming the task',
      state: {
        MonitorState: running,
        AnalyzerState: analyzer(true, goal('RackAwareGoal', 'ready')),
        ExecutorState: { state: 'LEADER_MOVEMENT_TASK_IN_PROGRESS', triggeredUserTaskId: 'abc', triggeredTaskReason: 'scale down (Client: x)' },
      },
      ready: true,
      busy: true,
      reasons: [/^Cruise Control is busy: LEADER_MOVEMENT_TASK_IN_PROGRESS for user task abc \(scale down \(Client: x\)\)/],
    },
    {
      name: 'not ready when the monitor has not started',
      state: { MonitorState: { state: 'NOT_STARTED', error: 'ILLEGAL_STATE_EXCEPTION' }, AnalyzerState: analyzer(false), ExecutorState: idle },
      ready: false,
      busy: false,
      reasons: [/^The load monitor has not started/, /^No optimization proposal is ready yet;/],
    },
    {
      name: 'not ready when sub-states are missing',
      state: { ExecutorState: idle },
      ready: false,
      busy: false,
      reasons: [/load monitor state was not reported/, /analyzer state was not reported/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const readiness = readinessOf(c.state);
      expect([readiness.ready, readiness.busy]).toEqual([c.ready, c.busy]);
      expect(readiness.reasons).toHaveLength(c.reasons.length);
      c.reasons.forEach((pattern, i) => expect(readiness.reasons[i]).toMatch(pattern));
    });
  }
});
