import { describe, expect, it } from 'vitest';
import type { QuorumDescription } from '../../src/kafka/index.js';
import { quorumSurvivesRestartOf } from '../../src/operator/reconcile/quorum.js';

const now = 1_800_000_000_000;
const voter = (id: number, caughtUpAgoMs: number | null) => ({ id, directoryId: null, logEndOffset: 100n, lastFetchTimestamp: caughtUpAgoMs === null ? null : now - caughtUpAgoMs, lastCaughtUpTimestamp: caughtUpAgoMs === null ? null : now - caughtUpAgoMs });
const quorum = (voters: ReturnType<typeof voter>[]): QuorumDescription => ({ leaderId: voters[0]?.id ?? -1, leaderEpoch: 3, highWatermark: 100n, voters, observers: [], nodes: [] });

describe('whether the KRaft quorum survives a controller restart', () => {
  it.each([
    { name: 'all three voters caught up', voters: [voter(3, 100), voter(4, 200), voter(5, 100)], restart: 3, ok: true },
    { name: 'one other voter stopped (never caught up since)', voters: [voter(3, 100), voter(4, null), voter(5, 100)], restart: 3, ok: false },
    { name: 'one other voter lagging for a minute', voters: [voter(3, 100), voter(4, 60_000), voter(5, 100)], restart: 5, ok: false },
    { name: 'five voters, one lagging', voters: [voter(1, 0), voter(2, 0), voter(3, 0), voter(4, 90_000), voter(5, 0)], restart: 1, ok: true },
    { name: 'five voters, two lagging', voters: [voter(1, 0), voter(2, 0), voter(3, 0), voter(4, 90_000), voter(5, null)], restart: 1, ok: false },
    { name: 'not a voter (a broker only)', voters: [voter(3, 0), voter(4, null), voter(5, null)], restart: 7, ok: true },
  ])('$name: $ok', ({ voters, restart, ok }) => {
    const verdict = quorumSurvivesRestartOf(quorum(voters), restart, now);
    expect(verdict.ok).toBe(ok);
    if (!ok) expect(verdict.reason).toMatch(/voters caught up \(a majority needs \d\); waiting for/);
  });
});
