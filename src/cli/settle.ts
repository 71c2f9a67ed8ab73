import type { ClusterProgress } from '../client/types.js';

/** What a change is done with, beyond the operations it started. */
export interface SettleGoal {
  /** The spec generation the change wrote: the operator must have acted on it. */
  generation: number | null;
  /** Brokers that must be gone (removed, their Pods deleted). */
  gone: readonly number[];
  /** Brokers that must run on a new Pod (restarted). */
  restarted: readonly number[];
}

/**
 * What is still awaited, in words, or null once the cluster is where the change takes it. Pure:
 * `before` is the cluster as it was before the change, `now` as it is.
 */
export function awaited(goal: SettleGoal, before: ClusterProgress, now: ClusterProgress): string | null {
  const brokers = new Map(now.brokers.nodes.map((b) => [b.brokerId, b]));
  const podBefore = new Map(before.brokers.nodes.map((b) => [b.brokerId, b.pod?.name]));
  const staying = goal.gone.filter((id) => brokers.has(id));
  if (staying.length > 0) return `broker ${staying.join(', ')} to be removed (${staying.map((id) => brokers.get(id)?.state).join(', ')})`;
  const notRestarted = goal.restarted.filter((id) => {
    const broker = brokers.get(id);
    return broker?.pod?.name === undefined || broker.pod.name === podBefore.get(id) || broker.state !== 'RUNNING';
  });
  if (notRestarted.length > 0) return `broker ${notRestarted.join(', ')} to restart`;
  if (goal.generation !== null && (now.observedGeneration ?? 0) < goal.generation) return `the operator to act on generation ${goal.generation}`;
  if (goal.generation === null && goal.restarted.length === 0) return null;
  const notRunning = now.brokers.nodes.filter((b) => b.state !== 'RUNNING').map((b) => b.brokerId);
  if (notRunning.length > 0)
    return `broker ${notRunning.join(', ')} to run (${now.brokers.nodes
      .filter((b) => b.state !== 'RUNNING')
      .map((b) => b.state)
      .join(', ')})`;
  if (now.state !== 'RUNNING') return `the cluster to be running (${now.state})`;
  return null;
}
