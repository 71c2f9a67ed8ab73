import type { KafkaClusterModel } from '../model/index.js';

/**
 * One numeric MBean attribute, as a JMX exporter reads it: the domain, the key properties in the
 * order Kafka registers them (`kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions`),
 * the attribute and its value.
 */
export interface MBeanAttribute {
  domain: string;
  properties: ReadonlyArray<readonly [string, string]>;
  attribute: string;
  value: number;
}

const gauge = (domain: string, properties: Array<[string, string]>, value: number): MBeanAttribute => ({ domain, properties, attribute: 'Value', value });

/** A Yammer meter as Kafka registers it: a count and its rates (per second). */
function meter(domain: string, properties: Array<[string, string]>, count: number, ratePerSec: number): MBeanAttribute[] {
  return [
    { domain, properties, attribute: 'Count', value: count },
    ...['MeanRate', 'OneMinuteRate', 'FiveMinuteRate', 'FifteenMinuteRate'].map((attribute) => ({ domain, properties, attribute, value: ratePerSec })),
  ];
}

/**
 * The MBeans of one running node of the simulated cluster, computed from the model at the time
 * of the scrape: the replica manager's counts, the request handlers' idle share, byte rates, log
 * sizes, and, on controllers, the controller and raft metrics. Names and key orders follow
 * Kafka's registrations (apache/kafka `ReplicaManager`, `KafkaRequestHandlerPool`,
 * `BrokerTopicMetrics`, `UnifiedLog`, `QuorumControllerMetrics`, `KafkaRaftMetrics`).
 */
export function nodeMBeans(model: KafkaClusterModel, brokerId: number): MBeanAttribute[] {
  const node = model.broker(brokerId);
  if (node === undefined || !node.running) return [];
  const beans: MBeanAttribute[] = [];
  const elapsedSec = Math.max(0, (model.clock.now() - node.startedAt) / 1000);

  if (node.roles.includes('broker')) {
    const partitions = model.partitions();
    const held = partitions.filter((p) => p.replicas.some((r) => r.broker === brokerId));
    const led = partitions.filter((p) => p.leader === brokerId);
    const load = model.loads().get(brokerId);
    const server = 'kafka.server';
    beans.push(
      gauge(
        server,
        [
          ['type', 'ReplicaManager'],
          ['name', 'PartitionCount'],
        ],
        held.length,
      ),
      gauge(
        server,
        [
          ['type', 'ReplicaManager'],
          ['name', 'LeaderCount'],
        ],
        led.length,
      ),
      gauge(
        server,
        [
          ['type', 'ReplicaManager'],
          ['name', 'UnderReplicatedPartitions'],
        ],
        led.filter((p) => p.isr.length < p.replicas.length).length,
      ),
      gauge(
        server,
        [
          ['type', 'ReplicaManager'],
          ['name', 'UnderMinIsrPartitionCount'],
        ],
        led.filter((p) => p.isr.length < Math.min(2, p.replicas.length)).length,
      ),
      gauge(
        server,
        [
          ['type', 'ReplicaManager'],
          ['name', 'OfflineReplicaCount'],
        ],
        held.filter((p) => p.offlineReplicas.includes(brokerId)).length,
      ),
    );
    // The idle share of the request handler threads: what the CPU the load model gives leaves.
    const idle = Math.max(0, Math.min(1, 1 - (load?.cpuPct ?? 0) / 100));
    beans.push(
      ...meter(
        server,
        [
          ['type', 'KafkaRequestHandlerPool'],
          ['name', 'RequestHandlerAvgIdlePercent'],
        ],
        Math.round(idle * elapsedSec),
        idle,
      ),
    );
    const inBytes = ((load?.leaderNwInKBps ?? 0) + (load?.followerNwInKBps ?? 0)) * 1024;
    const outBytes = (load?.nwOutKBps ?? 0) * 1024;
    beans.push(
      ...meter(
        server,
        [
          ['type', 'BrokerTopicMetrics'],
          ['name', 'BytesInPerSec'],
        ],
        Math.round(inBytes * elapsedSec),
        inBytes,
      ),
    );
    beans.push(
      ...meter(
        server,
        [
          ['type', 'BrokerTopicMetrics'],
          ['name', 'BytesOutPerSec'],
        ],
        Math.round(outBytes * elapsedSec),
        outBytes,
      ),
    );
    for (const topic of new Set(led.map((p) => p.topic))) {
      const rate = led.filter((p) => p.topic === topic).reduce((sum, p) => sum + p.produceBytesPerSec, 0);
      beans.push(
        ...meter(
          server,
          [
            ['type', 'BrokerTopicMetrics'],
            ['name', 'BytesInPerSec'],
            ['topic', topic],
          ],
          Math.round(rate * elapsedSec),
          rate,
        ),
      );
    }
    for (const dir of model.logDirContents(brokerId)) {
      for (const replica of dir.replicas.filter((r) => !r.future)) {
        beans.push(
          gauge(
            'kafka.log',
            [
              ['type', 'Log'],
              ['name', 'Size'],
              ['topic', replica.topic],
              ['partition', String(replica.partition)],
            ],
            replica.sizeBytes,
          ),
        );
      }
    }
    beans.push(
      gauge(
        'kafka.log',
        [
          ['type', 'LogManager'],
          ['name', 'OfflineLogDirectoryCount'],
        ],
        node.logDirs.filter((d) => d.offline).length,
      ),
    );
  }

  if (node.roles.includes('controller')) {
    const leader = model.quorum.leader();
    const active = leader.id === brokerId;
    const controller = 'kafka.controller';
    const partitions = model.partitions();
    beans.push(
      gauge(
        controller,
        [
          ['type', 'KafkaController'],
          ['name', 'ActiveControllerCount'],
        ],
        active ? 1 : 0,
      ),
      gauge(
        controller,
        [
          ['type', 'KafkaController'],
          ['name', 'GlobalPartitionCount'],
        ],
        active ? partitions.length : 0,
      ),
      gauge(
        controller,
        [
          ['type', 'KafkaController'],
          ['name', 'OfflinePartitionsCount'],
        ],
        active ? partitions.filter((p) => p.leader === -1).length : 0,
      ),
    );
    const raft: Array<[string, number]> = [
      ['current-leader', leader.id],
      ['current-epoch', leader.epoch],
    ];
    for (const [attribute, value] of raft) beans.push({ domain: 'kafka.server', properties: [['type', 'raft-metrics']], attribute, value });
  }
  return beans;
}
