import { describe, expect, it } from 'vitest';
import { eventBrokers } from '../../src/readmodel/brokerEvents.js';

const about = (kind: string, name: string, brokers?: string) =>
  eventBrokers({ involvedObject: { kind, name }, ...(brokers !== undefined ? { metadata: { annotations: { 'kafkaplane.io/brokers': brokers } } } : {}) }, [
    'kafka',
    'kafka-2',
  ]);

describe('which brokers an Event is about', () => {
  it("knows a broker's objects by the names the operator gives them, the longest cluster name first", () => {
    expect(about('Pod', 'kafka-4-x7k2p')).toEqual([{ cluster: 'kafka', brokerId: 4 }]);
    expect(about('Pod', 'kafka-2-3-x7k2p')).toEqual([{ cluster: 'kafka-2', brokerId: 3 }]);
    expect(about('Pod', 'kafka-controller-7-abcde')).toEqual([{ cluster: 'kafka', brokerId: 7 }]);
    expect(about('PersistentVolumeClaim', 'kafka-4-storage-1-q9w8e')).toEqual([{ cluster: 'kafka', brokerId: 4 }]);
    expect(about('ConfigMap', 'kafka-config-4')).toEqual([{ cluster: 'kafka', brokerId: 4 }]);
    expect(about('Service', 'kafka-2-5')).toEqual([{ cluster: 'kafka-2', brokerId: 5 }]);
  });

  it('reads the brokers kafkaplane named on an Event of the cluster, and nothing else', () => {
    expect(about('KafkaCluster', 'kafka', '1,3')).toEqual([
      { cluster: 'kafka', brokerId: 1 },
      { cluster: 'kafka', brokerId: 3 },
    ]);
    expect(about('KafkaCluster', 'kafka')).toEqual([]);
    expect(about('KafkaCluster', 'other', '1')).toEqual([]);
    expect(about('Pod', 'zookeeper-0')).toEqual([]);
    expect(about('Pod', 'kafka-cruisecontrol-5d9f7-abcde')).toEqual([]);
    expect(about('Node', 'kafka-1')).toEqual([]);
  });
});
