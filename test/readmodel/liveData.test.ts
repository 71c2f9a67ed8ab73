import { describe, expect, it } from 'vitest';
import { CruiseControlError } from '../../src/cruisecontrol/index.js';
import { RequestLiveData, SharedLiveCache, type LiveFetchers, type LiveTarget, type LiveValues } from '../../src/readmodel/liveData.js';

const cluster = (name: string): LiveTarget => ({
  key: `kafka/${name}`,
  ref: { name, namespace: 'kafka', uid: name },
  spec: undefined,
  cruiseControl: { endpoint: undefined, credentialsSecret: undefined },
});
const state = (windows: number): LiveValues['cruiseControlState'] => ({ MonitorState: { state: 'RUNNING', numMonitoredWindows: windows } });

/** Fetchers that count their calls and answer when told to. */
function countingFetchers() {
  const calls: string[] = [];
  let windows = 1;
  const fetchers: LiveFetchers = {
    cruiseControlState: (c) => {
      calls.push(`state ${c.ref.name}`);
      return Promise.resolve(state(windows));
    },
    brokerLoad: (c) => {
      calls.push(`load ${c.ref.name}`);
      return Promise.reject(
        new CruiseControlError({ code: 'CC_NOT_ENOUGH_VALID_WINDOWS', endpoint: 'load', status: 500, errorMessage: 'NotEnoughValidWindowsException' }),
      );
    },
    kafkaClusterState: (c) => {
      calls.push(`kafka_cluster_state ${c.ref.name}`);
      return Promise.reject(new CruiseControlError({ code: 'CC_UNAVAILABLE', endpoint: 'kafka_cluster_state', errorMessage: 'ECONNREFUSED' }));
    },
    quorum: () => Promise.reject(new Error('not used')),
    brokerConfigs: () => Promise.reject(new Error('not used')),
    clusterDefaultConfigs: () => Promise.reject(new Error('not used')),
  };
  return { calls, fetchers, setWindows: (n: number) => (windows = n) };
}

describe('live reads from Cruise Control and Kafka', () => {
  it('call each source once per cluster for a whole request, however often the request asks', async () => {
    const { calls, fetchers } = countingFetchers();
    const request = new RequestLiveData(new SharedLiveCache(fetchers, { ttlMs: 60_000, timeoutMs: 1_000 }));
    const [a, b, c] = await Promise.all([
      request.get('cruiseControlState', cluster('a')),
      request.get('cruiseControlState', cluster('a')),
      request.get('cruiseControlState', cluster('b')),
    ]);
    expect(a).toEqual({ ok: true, value: state(1) });
    expect(b).toBe(a);
    expect(c).toEqual({ ok: true, value: state(1) });
    expect(calls.sort()).toEqual(['state a', 'state b']);
  });

  it('answer the next requests from the shared cache, at once, until it expires', async () => {
    const { calls, fetchers, setWindows } = countingFetchers();
    let now = 0;
    const shared = new SharedLiveCache(fetchers, { ttlMs: 5_000, timeoutMs: 1_000, now: () => now });
    await new RequestLiveData(shared).get('cruiseControlState', cluster('a'));
    setWindows(2);
    now = 4_999;
    const warm = new RequestLiveData(shared).get('cruiseControlState', cluster('a'));
    expect(warm).not.toBeInstanceOf(Promise);
    expect(warm).toEqual({ ok: true, value: state(1) });
    now = 5_000;
    expect(await new RequestLiveData(shared).get('cruiseControlState', cluster('a'))).toEqual({ ok: true, value: state(2) });
    expect(calls).toEqual(['state a', 'state a']);
  });

  it('turn failures into answers that say whether the source could be reached', async () => {
    const { fetchers } = countingFetchers();
    const request = new RequestLiveData(new SharedLiveCache(fetchers, { ttlMs: 60_000, timeoutMs: 1_000 }));
    expect(await request.get('brokerLoad', cluster('a'))).toMatchObject({ ok: false, reachable: true, error: expect.stringContaining('load') as string });
    expect(await request.get('kafkaClusterState', cluster('a'))).toMatchObject({ ok: false, reachable: false });
  });

  it('share one call in flight between concurrent requests', async () => {
    let release: (value: LiveValues['cruiseControlState']) => void = () => undefined;
    let calls = 0;
    const fetchers = {
      ...countingFetchers().fetchers,
      cruiseControlState: () => {
        calls += 1;
        return new Promise<LiveValues['cruiseControlState']>((resolve) => (release = resolve));
      },
    };
    const shared = new SharedLiveCache(fetchers, { ttlMs: 60_000, timeoutMs: 1_000 });
    const first = new RequestLiveData(shared).get('cruiseControlState', cluster('a'));
    const second = new RequestLiveData(shared).get('cruiseControlState', cluster('a'));
    // DataLoader sends its batch on the next tick.
    await expect.poll(() => calls).toBe(1);
    release(state(3));
    expect(await first).toEqual(await second);
    expect(calls).toBe(1);
  });
});
