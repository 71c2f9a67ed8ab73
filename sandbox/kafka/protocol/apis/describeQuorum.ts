import type { QuorumReplica } from '../../brokerBackend.js';
import { describeQuorumRequest, describeQuorumResponse } from '../messages/describeQuorum.js';
import { ErrorCode } from '../errors.js';
import { num, str, structs } from '../fields.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler } from './context.js';

/** The KRaft metadata log: the only partition DescribeQuorum describes. */
const METADATA_TOPIC = '__cluster_metadata';

/**
 * DescribeQuorum: brokers forward it to the active controller, which reports the quorum of
 * __cluster_metadata-0 (KafkaRaftClient.handleDescribeQuorumRequest). Any other partition is
 * answered with UNKNOWN_TOPIC_OR_PARTITION on that partition.
 */
export const describeQuorumApi: ApiHandler = {
  apiKey: 55,
  name: 'DescribeQuorum',
  minVersion: 0,
  maxVersion: 2,
  request: describeQuorumRequest,
  response: describeQuorumResponse,
  handle(request, { backend }) {
    const quorum = backend.quorum();
    const replica = (r: QuorumReplica): StructValue => ({
      replicaId: r.replicaId,
      replicaDirectoryId: r.directoryId,
      logEndOffset: r.logEndOffset,
      lastFetchTimestamp: r.lastFetchTimestamp,
      lastCaughtUpTimestamp: r.lastCaughtUpTimestamp,
    });
    const topics = (structs(request, 'topics') ?? []).map((topic) => {
      const topicName = str(topic, 'topicName');
      return {
        topicName,
        partitions: (structs(topic, 'partitions') ?? []).map((partition) => {
          const partitionIndex = num(partition, 'partitionIndex');
          if (topicName !== METADATA_TOPIC || partitionIndex !== 0) {
            return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null, leaderId: -1, leaderEpoch: -1, highWatermark: -1n };
          }
          return {
            partitionIndex,
            errorCode: ErrorCode.NONE,
            errorMessage: null,
            leaderId: quorum.leaderId,
            leaderEpoch: quorum.leaderEpoch,
            highWatermark: quorum.highWatermark,
            currentVoters: quorum.voters.map(replica),
            observers: quorum.observers.map(replica),
          };
        }),
      };
    });
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      topics,
      nodes: quorum.nodes.map((node) => ({
        nodeId: node.nodeId,
        listeners: node.listeners.map((l) => ({ name: l.name, host: l.host, port: l.port })),
      })),
    };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ errorCode, errorMessage, topics: [], nodes: [] }),
};
