import type { LogDirDescription } from '../../brokerBackend.js';
import { describeLogDirsRequest, describeLogDirsResponse } from '../messages/describeLogDirs.js';
import { ErrorCode } from '../errors.js';
import { numbers, str, structs } from '../fields.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler } from './context.js';

/**
 * DescribeLogDirs: every log dir of the broker that receives it, with the replicas it holds
 * (all of them when Topics is null, else only those asked for), and since v4 the disk's total
 * and usable bytes. An offline dir reports KAFKA_STORAGE_ERROR and nothing else
 * (ReplicaManager.describeLogDirs).
 */
export const describeLogDirsApi: ApiHandler = {
  apiKey: 35,
  name: 'DescribeLogDirs',
  minVersion: 0,
  maxVersion: 4,
  request: describeLogDirsRequest,
  response: describeLogDirsResponse,
  handle(request, { backend, brokerId }) {
    const wanted = structs(request, 'topics');
    const selected = wanted === null ? null : new Map(wanted.map((t) => [str(t, 'topic'), new Set(numbers(t, 'partitions') ?? [])]));
    const dirs = backend.logDirs(brokerId) ?? [];
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: dirs.map((dir) => describeDir(dir, selected)) };
  },
  // The top-level error code exists from v3; an older client only sees an empty result list, as with Kafka.
  errorResponse: (_request, errorCode) => ({ throttleTimeMs: 0, errorCode, results: [] }),
};

function describeDir(dir: LogDirDescription, selected: ReadonlyMap<string, ReadonlySet<number>> | null): StructValue {
  if (dir.offline) {
    return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, logDir: dir.path, topics: [], totalBytes: -1n, usableBytes: -1n };
  }
  const byTopic = new Map<string, StructValue[]>();
  for (const replica of dir.replicas) {
    if (selected && !selected.get(replica.topic)?.has(replica.partition)) continue;
    const partitions = byTopic.get(replica.topic) ?? [];
    partitions.push({ partitionIndex: replica.partition, partitionSize: replica.sizeBytes, offsetLag: replica.offsetLag, isFutureKey: replica.future });
    byTopic.set(replica.topic, partitions);
  }
  return {
    errorCode: ErrorCode.NONE,
    logDir: dir.path,
    topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
    totalBytes: dir.totalBytes,
    usableBytes: dir.usableBytes,
  };
}
