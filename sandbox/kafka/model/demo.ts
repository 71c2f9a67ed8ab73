import type { Clock } from '../../clock.js';
import { KafkaClusterModel } from './cluster.js';
import type { BrokerSpec } from './types.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The log dirs of a demo broker: two 100 GiB disks, as Koperator mounts them. */
export function demoBrokerSpec(id: number, racks = 3): BrokerSpec {
  return {
    id,
    rack: `zone-${String.fromCharCode(97 + (id % racks))}`,
    logDirs: [
      { path: '/kafka-logs/disk0/kafka', capacityBytes: 100 * GB },
      { path: '/kafka-logs/disk1/kafka', capacityBytes: 100 * GB },
    ],
  };
}

/** Topics a person can watch move: a few hundred partitions of different sizes, written to all the time. */
export function createDemoTopics(model: KafkaClusterModel): void {
  const topics: Array<[string, number, number, number]> = [
    ['orders', 96, 400, 8192],
    ['payments', 48, 150, 4096],
    ['clickstream', 96, 250, 16384],
    ['audit-log', 24, 80, 1024],
  ];
  for (const [name, partitions, sizeMB, rate] of topics) {
    model.createTopic({ name, partitions, replicationFactor: 3, initialSizeBytes: sizeMB * MB, produceBytesPerSec: rate });
  }
  model.createTopic({ name: '__consumer_offsets', partitions: 50, replicationFactor: 3, initialSizeBytes: 5 * MB, internal: true });
}

/** The demo Kafka cluster of `npm run sandbox`: `brokers` brokers in three racks with the demo topics. */
export function createDemoCluster(options: { clock: Clock; brokers?: number; clusterId?: string }): KafkaClusterModel {
  const model = new KafkaClusterModel({ clock: options.clock, clusterId: options.clusterId });
  for (let id = 0; id < (options.brokers ?? 6); id += 1) model.addBroker(demoBrokerSpec(id));
  createDemoTopics(model);
  return model;
}
