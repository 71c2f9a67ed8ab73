import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock } from '../../../sandbox/clock.js';

describe('ManualClock', () => {
  it('runs due timers in due order, each seeing its own due time', () => {
    const clock = new ManualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 300);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 300);
    clock.advance(250);
    expect(seen).toEqual(['a@1100']);
    expect(clock.now()).toBe(1250);
    clock.advance(50);
    expect(seen).toEqual(['a@1100', 'b@1300', 'c@1300']);
  });

  it('repeats intervals until cancelled, and runs timers set by a timer within the same advance', () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const interval = clock.setInterval(() => ticks.push(clock.now()), 1000);
    clock.setTimeout(() => clock.setTimeout(() => ticks.push(-clock.now()), 500), 1200);
    clock.advance(3000);
    expect(ticks).toEqual([1000, 2000, -1700, 3000].sort((x, y) => Math.abs(x) - Math.abs(y)));
    interval.cancel();
    clock.advance(5000);
    expect(ticks).toHaveLength(4);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses to go backwards', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });
});

describe('ScaledClock', () => {
  it('runs simulated time faster than real time', async () => {
    const clock = new ScaledClock(1000);
    const start = clock.now();
    const fired = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 5000));
    expect(fired - start).toBeGreaterThanOrEqual(4900);
  });
});
