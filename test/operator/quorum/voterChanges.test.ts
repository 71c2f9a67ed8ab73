import { describe, expect, it } from 'vitest';
import type { QuorumDescription, QuorumReplica } from '../../../src/kafka/index.js';
import { controllerRestartVerdict, lagOf } from '../../../src/operator/quorum/health.js';
import { planVoterChanges, type DesiredController } from '../../../src/operator/quorum/voterChanges.js';

const now = 1_800_000_000_000;
const dir = (id: number, generation = 0): string => Buffer.alloc(16, id * 8 + generation).toString('base64url');
/** A replica caught up `agoMs` ago (null: never), at log end offset `end`. */
const replica = (id: number, agoMs: number | null, generation = 0, end = 500n): QuorumReplica => ({
  id,
  directoryId: dir(id, generation),
  logEndOffset: end,
  lastFetchTimestamp: agoMs === null ? null : now - agoMs,
  lastCaughtUpTimestamp: agoMs === null ? null : now - agoMs,
});
const quorum = (voters: QuorumReplica[], observers: QuorumReplica[] = [], leaderId = voters[0]?.id ?? -1): QuorumDescription => ({
  leaderId,
  leaderEpoch: 4,
  highWatermark: 500n,
  voters,
  observers,
  nodes: [],
});
const wanted = (...ids: number[]): DesiredController[] => ids.map((id) => ({ id, listeners: [{ name: 'CONTROLLER', host: `kafka-${id}`, port: 29093 }] }));
const three = [replica(3, 0), replica(4, 0), replica(5, 0)];

describe('planning the next change of the KRaft voters', () => {
  it.each([
    {
      name: 'nothing to do when the voters are the controllers of the spec',
      desired: wanted(3, 4, 5),
      leaving: [],
      q: quorum(three, [replica(0, 0)]),
      action: undefined,
      stillVoting: [],
    },
    {
      name: 'a new controller still lagging waits',
      desired: wanted(3, 4, 5, 6),
      leaving: [],
      q: quorum(three, [replica(6, null, 0, 120n)]),
      action: undefined,
      waiting: /controller 6: waiting for it to catch up/,
    },
    {
      name: 'a new controller not started yet waits',
      desired: wanted(3, 4, 5, 6),
      leaving: [],
      q: quorum(three),
      action: undefined,
      waiting: /controller 6: waiting for it to start/,
    },
    {
      name: 'a caught-up new controller is promoted with its directory id and listeners',
      desired: wanted(3, 4, 5, 6),
      leaving: [],
      q: quorum(three, [replica(6, 100)]),
      action: { type: 'addRaftVoter', voter: { id: 6, directoryId: dir(6) }, listeners: wanted(6)[0]?.listeners },
    },
    {
      name: 'one addition at a time',
      desired: wanted(3, 4, 5, 6, 7),
      leaving: [],
      q: quorum(three, [replica(6, 0), replica(7, 0)]),
      action: { type: 'addRaftVoter', voter: { id: 6, directoryId: dir(6) } },
    },
    {
      name: 'a removed controller leaves the voters first',
      desired: wanted(3, 4, 5),
      leaving: [6],
      q: quorum([...three, replica(6, 0)]),
      action: { type: 'removeRaftVoter', voter: { id: 6, directoryId: dir(6) } },
      stillVoting: [6],
    },
    {
      name: 'a removed controller no longer voting is released',
      desired: wanted(3, 4, 5),
      leaving: [6],
      q: quorum(three, [replica(6, 0)]),
      action: undefined,
      stillVoting: [],
    },
    {
      name: 'removing two of three at once is refused: one left is no majority of three',
      desired: wanted(3),
      leaving: [4, 5],
      q: quorum(three),
      action: undefined,
      stillVoting: [4, 5],
      blocked: /cannot remove controller 4: 1 controller\(s\) in the spec would not be a majority of the 3 controllers/,
    },
    {
      name: 'two of four controllers removed, one of them already no voter: the two left are no majority of the four nodes',
      desired: wanted(0, 6),
      leaving: [1, 2],
      running: 4,
      q: quorum([replica(0, 0), replica(2, 0), replica(6, 0)]),
      action: undefined,
      stillVoting: [2],
      blocked: /cannot remove controller 2: 2 controller\(s\) in the spec would not be a majority of the 4 controllers/,
    },
    {
      name: 'removing one of three is refused while another voter lags: the two left could not commit',
      desired: wanted(3, 4),
      leaving: [5],
      q: quorum([replica(3, 0), replica(4, null), replica(5, 0)]),
      action: undefined,
      stillVoting: [5],
      blocked: /of the 2 voters left, 1 are caught up and a majority needs 2; waiting for 4/,
    },
    {
      name: 'a replacement adds the new controller before it removes the old one',
      desired: wanted(4, 5, 6),
      leaving: [3],
      q: quorum(three, [replica(6, 0)]),
      action: { type: 'addRaftVoter', voter: { id: 6, directoryId: dir(6) } },
      stillVoting: [3],
      waiting: /controller 3: removal from the voters waits for controller 6/,
    },
    {
      name: 'a controller whose disk was replaced: its old key leaves the voters before the new one joins',
      desired: wanted(3, 4, 5),
      leaving: [],
      q: quorum([replica(3, null), replica(4, 0), replica(5, 0)], [replica(3, 0, 1)]),
      action: { type: 'removeRaftVoter', voter: { id: 3, directoryId: dir(3) } },
    },
    {
      name: 'without a leader nothing changes',
      desired: wanted(3, 4, 5, 6),
      leaving: [],
      q: quorum([replica(3, 0), replica(4, null), replica(5, null)], [replica(6, 0)], -1),
      action: undefined,
      waiting: /no leader/,
    },
    {
      name: 'Kafka could not be asked: removed controllers stay',
      desired: wanted(3, 4, 5),
      leaving: [6],
      q: undefined,
      action: undefined,
      stillVoting: [6],
      waiting: /waiting for Kafka to describe/,
    },
  ])('$name', ({ desired, leaving, q, action, stillVoting, waiting, blocked, running }) => {
    const plan = planVoterChanges({ desired, leaving, quorum: q, now, ...(running !== undefined ? { running } : {}) });
    if (action === undefined) expect(plan.action).toBeUndefined();
    else expect(plan.action).toMatchObject(action);
    if (stillVoting !== undefined) expect(plan.stillVoting).toEqual(stillVoting);
    if (waiting !== undefined) expect(plan.waiting.join('\n')).toMatch(waiting);
    if (blocked !== undefined) expect(plan.blocked.map((b) => b.message).join('\n')).toMatch(blocked);
    else expect(plan.blocked).toEqual([]);
  });
});

describe('whether a controller may restart: every voter caught up', () => {
  it.each([
    { name: 'all voters caught up', q: quorum(three), restart: 3, ok: true },
    { name: 'another voter lagging', q: quorum([replica(3, 0), replica(4, 60_000), replica(5, 0)]), restart: 3, ok: false },
    {
      name: 'the controller itself lagging (it just restarted: the next waits for it)',
      q: quorum([replica(3, null), replica(4, 0), replica(5, 0)]),
      restart: 4,
      ok: false,
    },
    { name: 'no leader', q: quorum(three, [], -1), restart: 3, ok: false },
    { name: 'an observer (a controller not promoted yet) restarts as any broker', q: quorum(three, [replica(6, null)]), restart: 6, ok: true },
  ])('$name: $ok', ({ q, restart, ok }) => {
    expect(controllerRestartVerdict(q, restart, now).ok).toBe(ok);
  });

  it("reports lag as the distance to the leader's log end offset", () => {
    const q = quorum([replica(3, 0, 0, 900n), replica(4, 0, 0, 880n)], [replica(0, 0, 0, 950n)]);
    expect(q.voters.map((v) => lagOf(q, v))).toEqual([0n, 20n]);
    expect(lagOf(q, replica(0, 0, 0, 950n))).toBe(0n);
  });
});
