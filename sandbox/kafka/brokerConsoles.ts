import type { Kubelet, StoredObject } from '../kube/index.js';
import { fatalLines, replicaAddedLines, replicaRemovedLines, startupLines } from './brokerLog.js';
import type { KafkaClusterModel, ReplicaMoveView } from './model/index.js';

interface Console {
  uid: string;
  container: string;
}

/**
 * The consoles of the Kafka containers: what each broker and controller Pod prints, written into
 * the kubelet's container logs (`kubectl logs`): its startup, the quorum's leader, replicas
 * arriving and leaving during a reassignment, and the error a node that cannot start dies with.
 */
export class BrokerConsoles {
  /** Cluster key, then node id, to the Pod running it. */
  private readonly nodes = new Map<string, Map<number, Console>>();
  private readonly moves = new Map<string, Map<number, ReplicaMoveView>>();
  private readonly unsubscribes: Array<() => void> = [];

  constructor(private readonly kubelet: Kubelet) {}

  private static containerOf(pod: StoredObject): string {
    const containers = (pod.spec as { containers?: Array<{ name: string }> } | undefined)?.containers ?? [];
    return (containers.find((c) => c.name === 'kafka') ?? containers[0])?.name ?? 'kafka';
  }

  private write(target: Console | undefined, lines: string[]): void {
    if (target) this.kubelet.logs.write(target.uid, target.container, lines.join('\n'));
  }

  /** Kafka refused to start: it prints why and exits with status 1. */
  crashed(pod: StoredObject, reason: string, exception?: string): void {
    this.exited(pod, fatalLines(Date.now(), reason, exception));
  }

  /** The process printed these lines and exited with status 1 (the JVM itself, before Kafka logs anything). */
  exited(pod: StoredObject, lines: string[]): void {
    const container = BrokerConsoles.containerOf(pod);
    this.write({ uid: pod.metadata.uid, container }, lines);
    this.kubelet.containerFailed(pod, container, 1);
  }

  /** The process keeps running and prints these lines (a node that cannot reach its peers retries, it does not exit). */
  printed(pod: StoredObject, lines: string[]): void {
    this.write({ uid: pod.metadata.uid, container: BrokerConsoles.containerOf(pod) }, lines);
  }

  /** A running node of the cluster prints these lines. */
  printedBy(cluster: string, id: number, lines: string[]): void {
    this.write(this.nodes.get(cluster)?.get(id), lines);
  }

  started(cluster: string, id: number, pod: StoredObject, config: Readonly<Record<string, string>>, model: KafkaClusterModel): void {
    const target = { uid: pod.metadata.uid, container: BrokerConsoles.containerOf(pod) };
    const nodes = this.nodes.get(cluster) ?? new Map<number, Console>();
    nodes.set(id, target);
    this.nodes.set(cluster, nodes);
    // The sandbox's quorum: the lowest running controller leads, in epoch 1.
    const leader = model
      .brokers()
      .filter((b) => b.running && b.roles.includes('controller'))
      .map((b) => b.id)
      .sort((a, b) => a - b)[0];
    this.write(target, startupLines(Date.now(), config, { leader, epoch: 1 }));
  }

  stopped(cluster: string, id: number, pod: StoredObject): void {
    const nodes = this.nodes.get(cluster);
    if (nodes?.get(id)?.uid === pod.metadata.uid) nodes.delete(id);
  }

  /** Follows a cluster's reassignments: each move is told on the broker it goes to, and on the one it leaves when done. */
  follow(cluster: string, model: KafkaClusterModel): void {
    const known = new Map<number, ReplicaMoveView>();
    this.moves.set(cluster, known);
    this.unsubscribes.push(
      model.onChange(() => {
        const now = Date.now();
        const current = new Map(model.moves().map((m) => [m.id, m]));
        const nodes = this.nodes.get(cluster);
        for (const [id, move] of current) {
          if (known.has(id)) continue;
          known.set(id, move);
          const name = `${move.topic}-${move.partition}`;
          if (move.kind === 'inter')
            this.write(nodes?.get(move.toBroker), replicaAddedLines(now, move.toBroker, model.partition(move.topic, move.partition).leader, name));
        }
        for (const [id, move] of known) {
          if (current.has(id)) continue;
          known.delete(id);
          if (move.kind === 'inter')
            this.write(nodes?.get(move.fromBroker), replicaRemovedLines(now, move.fromBroker, `${move.topic}-${move.partition}`, move.fromLogDir));
        }
      }),
    );
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }
}
