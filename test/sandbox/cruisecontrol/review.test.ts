import { afterEach, describe, expect, it } from 'vitest';
import { call, driveUntilDone, spread, startHarness, type Harness } from './fixtures.js';

describe('Cruise Control simulator: two-step verification', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('parks a POST for review, runs it once approved and submitted by review_id alone', async () => {
    h = await startHarness({ twoStepVerification: true, proposalComputeMs: 0 });
    const parked = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true');
    expect(parked.status).toBe(200);
    expect(parked.json().RequestInfo).toEqual([
      expect.objectContaining({
        Id: 0,
        Status: 'PENDING_REVIEW',
        Reason: 'Awaiting review.',
        EndpointWithParams: 'remove_broker?brokerid=1&dryrun=false&json=true',
        SubmitterAddress: '127.0.0.1',
      }),
    ]);
    expect(h.cc.executor.state).toBe('NO_TASK_IN_PROGRESS');

    const early = await call(h.cc, 'POST', 'remove_broker?review_id=0');
    expect([early.status, early.text]).toEqual([400, 'Request with review id 0 is not approved (status: PENDING_REVIEW).']);
    const mixed = await call(h.cc, 'POST', 'remove_broker?review_id=0&json=true');
    expect(mixed.json().errorMessage).toMatch(/^review_id parameter must be mutually exclusive with other parameters/);

    const review = await call(h.cc, 'POST', 'review?approve=0&reason=looks%20fine&json=true');
    expect(review.json().RequestInfo).toEqual([
      expect.objectContaining({ Id: 0, Status: 'APPROVED', Reason: expect.stringMatching(/^looks fine \(Client: 127.0.0.1, Date: /) as unknown }),
    ]);
    const submitted = await call(h.cc, 'POST', 'remove_broker?review_id=0');
    expect(submitted.status).toBe(200);
    const again = await call(h.cc, 'POST', 'remove_broker?review_id=0');
    expect([again.status, again.text]).toEqual([400, 'Attempt to start a new user task with an already submitted review (review id: 0).']);
    const board = (await call(h.cc, 'GET', 'review_board?json=true')).json().RequestInfo as Array<Record<string, unknown>>;
    expect(board.map((r) => r.Status)).toEqual(['SUBMITTED']);

    await driveUntilDone(h, submitted.headers.get('user-task-id') ?? '');
    expect(spread(h.model).replicas.get(1)).toBe(0);
  });

  it('answers 403 on review endpoints and 400 on review_id when verification is off', async () => {
    h = await startHarness();
    const board = await call(h.cc, 'GET', 'review_board?json=true');
    expect(board.status).toBe(403);
    expect(board.json().errorMessage).toBe(
      "Cannot process GET request '/review_board' due to: 'Attempt to access REVIEW_BOARD endpoint without enabling 'two.step.verification.enabled' config.'.",
    );
    const submit = await call(h.cc, 'POST', 'rebalance?review_id=1');
    expect([submit.status, submit.text]).toEqual([400, 'review_id parameter is not relevant when two-step verification is disabled.']);
  });
});
