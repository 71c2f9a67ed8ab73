import { vi } from 'vitest';
import { CLUSTER, NAMESPACE, replicasByBroker } from './operationsSandbox.js';
import type { Flow, FlowWorld } from './killAtEveryWrite.js';

/** createCluster and deleteCluster as flows of the kill-at-every-write harness: what they share. */

/**
 * Sends a mutation as a client does when its request gets no answer (the server died under it):
 * again, until an answer comes. Answers the codes of the userErrors of every answer.
 */
export async function untilAnswered(send: () => Promise<string[] | undefined>): Promise<string[][]> {
  const answers: string[][] = [];
  await vi.waitFor(
    async () => {
      const codes = await send().catch(() => undefined);
      if (codes === undefined) throw new Error('no answer');
      answers.push(codes);
    },
    { timeout: 30_000, interval: 100 },
  );
  return answers;
}

export const clusterObjects = (world: FlowWorld) =>
  ['/pods', '/persistentvolumeclaims', '/configmaps', '/services'].flatMap((resource) =>
    world.sandbox.kube.api.store.list(resource, NAMESPACE).filter((o) => o.metadata.labels?.kafka_cr === CLUSTER),
  );
export const clusterEvents = async (world: FlowWorld, reason: string) =>
  (await world.core.listNamespacedEvent({ namespace: NAMESPACE, fieldSelector: `involvedObject.name=${CLUSTER},reason=${reason}` })).items.length;
// A claim of a broker goes with everything on it.
export const claimData = (world: FlowWorld, object: Parameters<NonNullable<Flow['dataAt']>>[1]) =>
  object.kind === 'PersistentVolumeClaim' && object.metadata.labels?.kafka_cr === CLUSTER
    ? (replicasByBroker(world.model()).get(Number(object.metadata.labels.brokerId)) ?? 0)
    : undefined;
