import { metadataRequest, metadataResponse } from '../messages/metadata.js';
import { ErrorCode } from '../errors.js';
import { nullableStr, structs, uuid } from '../fields.js';
import type { BrokerBackend, TopicMetadata } from '../../brokerBackend.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler } from './context.js';

/**
 * Metadata: the live (unfenced) brokers, a random live broker as controller id (a KRaft broker
 * does not expose the controllers: KafkaApis picks metadataCache.getRandomAliveBrokerId, and
 * that broker forwards controller requests; KIP-590), and the requested topics, or all of them
 * when Topics is null (and, before v1, when it is empty). Unknown topics get
 * UNKNOWN_TOPIC_OR_PARTITION; the simulator never auto-creates topics.
 */
export const metadataApi: ApiHandler = {
  apiKey: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 12,
  request: metadataRequest,
  response: metadataResponse,
  handle(request, { backend, version }) {
    const requested = structs(request, 'topics');
    const all = backend.topics();
    const wantsAll = requested === null || (version === 0 && requested.length === 0);
    const topics: StructValue[] = [];
    if (wantsAll) {
      for (const topic of all) topics.push(describeTopic(topic));
    } else {
      for (const wanted of requested) {
        const name = nullableStr(wanted, 'name');
        // From v10 a topic may be asked for by id alone (KIP-516), with a null name.
        const id = name === null ? uuid(wanted, 'topicId') : null;
        const topic = all.find((t) => (id ? t.id.equals(id) : t.name === name));
        if (topic) topics.push(describeTopic(topic));
        else if (id) topics.push({ errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, topicId: id, partitions: [] });
        else topics.push({ errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, partitions: [] });
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: backend
        .brokers()
        .filter((b) => !b.fenced)
        .map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack })),
      clusterId: backend.clusterId(),
      controllerId: randomAliveBroker(backend),
      topics,
    };
  },
};

function describeTopic(topic: TopicMetadata): StructValue {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: topic.internal,
    partitions: topic.partitions.map((p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: [...p.offlineReplicas],
    })),
  };
}

/** KRaftMetadataCache.getRandomAliveBrokerId: any unfenced broker, or -1 when there is none. */
export function randomAliveBroker(backend: BrokerBackend): number {
  const alive = backend.brokers().filter((b) => !b.fenced);
  return alive[Math.floor(Math.random() * alive.length)]?.id ?? -1;
}
