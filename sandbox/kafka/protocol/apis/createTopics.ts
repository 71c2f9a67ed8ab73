import { createTopicsRequest, createTopicsResponse } from '../messages/createTopics.js';
import { ErrorCode } from '../errors.js';
import { bool, num, str, structs } from '../fields.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler } from './context.js';

/** Kafka's defaults for -1 (num.partitions, default.replication.factor). */
const DEFAULT_PARTITIONS = 1;
const DEFAULT_REPLICATION_FACTOR = 1;

/**
 * CreateTopics, checked per topic as the controller does (apache/kafka
 * metadata/src/main/java/org/apache/kafka/controller/ReplicationControlManager.java, createTopic,
 * and StripedReplicaPlacer for too few brokers), with the same error codes and messages. Manual
 * assignments are not simulated: such a topic is refused with INVALID_REQUEST.
 */
export const createTopicsApi: ApiHandler = {
  apiKey: 19,
  name: 'CreateTopics',
  // Kafka 4 removed versions 0 and 1 (KIP-896).
  minVersion: 2,
  maxVersion: 7,
  request: createTopicsRequest,
  response: createTopicsResponse,
  handle(request, { backend }) {
    const validateOnly = bool(request, 'validateOnly');
    const results = (structs(request, 'topics') ?? []).map((topic): StructValue => {
      const name = str(topic, 'name');
      const answer = (errorCode: number, errorMessage: string | null, created?: { id: Buffer; partitions: number; replicationFactor: number }) => ({
        name,
        topicId: created?.id ?? Buffer.alloc(16),
        errorCode,
        errorMessage,
        topicConfigErrorCode: 0,
        numPartitions: created?.partitions ?? -1,
        replicationFactor: created?.replicationFactor ?? -1,
        configs: created !== undefined ? [] : null,
      });
      if (backend.topics().some((t) => t.name === name)) return answer(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
      if ((structs(topic, 'assignments') ?? []).length > 0) return answer(ErrorCode.INVALID_REQUEST, 'manual partition assignments are not simulated');
      const asked = { partitions: num(topic, 'numPartitions'), replicationFactor: num(topic, 'replicationFactor') };
      if (asked.replicationFactor < -1 || asked.replicationFactor === 0)
        return answer(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0, or -1 to use the default value.');
      if (asked.partitions < -1 || asked.partitions === 0)
        return answer(ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.');
      const partitions = asked.partitions === -1 ? DEFAULT_PARTITIONS : asked.partitions;
      const replicationFactor = asked.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : asked.replicationFactor;
      const unfenced = backend.brokers().filter((b) => !b.fenced).length;
      const unable = `Unable to replicate the partition ${replicationFactor} time(s): `;
      if (unfenced === 0) return answer(ErrorCode.INVALID_REPLICATION_FACTOR, `${unable}All brokers are currently fenced.`);
      if (replicationFactor > unfenced)
        return answer(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `${unable}The target replication factor of ${replicationFactor} cannot be reached because only ${unfenced} broker(s) are registered.`,
        );
      const id = validateOnly ? Buffer.alloc(16) : backend.createTopic({ name, partitions, replicationFactor });
      return answer(ErrorCode.NONE, null, { id, partitions, replicationFactor });
    });
    return { throttleTimeMs: 0, topics: results };
  },
  errorResponse: (request, errorCode, errorMessage) => ({
    throttleTimeMs: 0,
    topics: (structs(request, 'topics') ?? []).map((t) => ({
      name: str(t, 'name'),
      topicId: Buffer.alloc(16),
      errorCode,
      errorMessage,
      topicConfigErrorCode: 0,
      numPartitions: -1,
      replicationFactor: -1,
      configs: null,
    })),
  }),
};
