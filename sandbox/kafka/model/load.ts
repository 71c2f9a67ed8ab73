import type { ModelState } from './state.js';
import type { BrokerLoad } from './types.js';

/**
 * Per-broker load derived from what each broker holds, in Cruise Control's units (KB/s, % CPU).
 * One consumer group reads every partition, so a leader sends each produced byte once per
 * follower and once to consumers. CPU follows bytes handled: leading costs more than following.
 */
const CPU_PCT_PER_LEADER_KBPS = 0.004;
const CPU_PCT_PER_FOLLOWER_KBPS = 0.0015;
const IDLE_CPU_PCT = 1;

export function brokerLoads(state: ModelState): Map<number, BrokerLoad> {
  const acc = new Map<
    number,
    { replicas: number; leaders: number; diskBytes: number; leaderIn: number; followerIn: number; out: number; potentialOut: number }
  >();
  for (const id of state.brokers.keys()) {
    acc.set(id, { replicas: 0, leaders: 0, diskBytes: 0, leaderIn: 0, followerIn: 0, out: 0, potentialOut: 0 });
  }
  for (const topic of state.topics.values()) {
    for (const partition of topic.partitions) {
      const rateKBps = partition.produceBytesPerSec / 1024;
      const fanOut = rateKBps * partition.replicas.length; // (RF - 1) followers + 1 consumer group
      for (const replica of partition.replicas) {
        const a = acc.get(replica.broker);
        if (!a) continue;
        a.replicas += 1;
        a.diskBytes += replica.sizeBytes;
        a.potentialOut += fanOut;
        if (replica.broker === partition.leader) {
          a.leaders += 1;
          a.leaderIn += rateKBps;
          a.out += fanOut;
        } else if (partition.isr.includes(replica.broker) && partition.leader !== -1) {
          a.followerIn += rateKBps;
        }
      }
    }
  }
  for (const move of state.moves.values()) {
    const a = acc.get(move.toBroker);
    if (a) a.diskBytes += move.copiedBytes;
  }
  const loads = new Map<number, BrokerLoad>();
  for (const [id, a] of acc) {
    const running = state.brokers.get(id)?.running ?? false;
    loads.set(id, {
      broker: id,
      replicas: a.replicas,
      leaders: a.leaders,
      diskBytes: a.diskBytes,
      cpuPct: running ? IDLE_CPU_PCT + a.leaderIn * CPU_PCT_PER_LEADER_KBPS * 10 + a.followerIn * CPU_PCT_PER_FOLLOWER_KBPS * 10 : 0,
      leaderNwInKBps: a.leaderIn,
      followerNwInKBps: a.followerIn,
      nwOutKBps: a.out,
      potentialNwOutKBps: a.potentialOut,
    });
  }
  return loads;
}
