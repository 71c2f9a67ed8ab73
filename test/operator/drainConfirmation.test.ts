import { describe, expect, it } from 'vitest';
import type { LogDir, PartitionReplicas } from '../../src/kafka/index.js';
import { confirmDrains } from '../../src/operator/reconcile/drainConfirmation.js';

const dir = (path: string, replicas: Array<[string, number]> = [], error: string | null = null): LogDir => ({
  path,
  error,
  totalBytes: null,
  usableBytes: null,
  usedBytes: 0n,
  replicas: replicas.map(([topic, partition]) => ({ topic, partition, sizeBytes: 1n, offsetLag: 0n, future: false })),
});
const assigned = (...parts: Array<[string, number, number[]]>): PartitionReplicas[] =>
  parts.map(([topic, partition, replicas]) => ({ topic, partition, replicas }));
const extra = { brokerId: 1, mountPath: '/kafka-extra' };

describe('confirmDrains: only what Kafka reports healthy confirms a drain', () => {
  it('confirms a healthy empty dir when the metadata finds every replica of the broker elsewhere', () => {
    const dirs = new Map([[1, [dir('/kafka-logs/kafka', [['t', 0]]), dir('/kafka-extra/kafka')]]]);
    const answer = confirmDrains({ brokers: [], logDirs: [extra] }, dirs, assigned(['t', 0, [1, 2]]));
    expect(answer.logDirReplicas.get('1:/kafka-extra')).toBe(0);
    expect(answer.doubts).toEqual([]);
  });

  it('does not confirm a dir Kafka reports failed, or does not report', () => {
    const failed = new Map([[1, [dir('/kafka-logs/kafka'), dir('/kafka-extra/kafka', [], 'KAFKA_STORAGE_ERROR')]]]);
    expect(confirmDrains({ brokers: [], logDirs: [extra] }, failed, []).logDirReplicas.has('1:/kafka-extra')).toBe(false);
    const missing = new Map([[1, [dir('/kafka-logs/kafka')]]]);
    const answer = confirmDrains({ brokers: [], logDirs: [extra] }, missing, []);
    expect(answer.logDirReplicas.has('1:/kafka-extra')).toBe(false);
    expect(answer.doubts).toEqual(['broker 1: Kafka does not report log dir /kafka-extra/kafka']);
  });

  it('does not confirm an empty dir while the metadata assigns the broker replicas its healthy dirs do not hold', () => {
    const dirs = new Map([[1, [dir('/kafka-logs/kafka', [['t', 0]]), dir('/kafka-extra/kafka')]]]);
    const answer = confirmDrains({ brokers: [], logDirs: [extra] }, dirs, assigned(['t', 0, [1, 2]], ['t', 1, [1, 3]]));
    expect(answer.logDirReplicas.has('1:/kafka-extra')).toBe(false);
    expect(answer.doubts[0]).toContain('assigns it 2 replica(s), its log dirs report 1');
  });

  it('does not confirm a broker with a failed dir, and counts what the metadata still assigns it', () => {
    const dirs = new Map([
      [1, [dir('/kafka-logs/kafka'), dir('/kafka-extra/kafka', [], 'KAFKA_STORAGE_ERROR')]],
      [2, [dir('/kafka-logs/kafka')]],
      [3, [dir('/kafka-logs/kafka')]],
    ]);
    const answer = confirmDrains({ brokers: [1, 2, 3], logDirs: [] }, dirs, assigned(['t', 0, [2, 4]]));
    expect(answer.replicaCounts.has(1)).toBe(false);
    expect(answer.replicaCounts.get(2)).toBe(1);
    expect(answer.replicaCounts.get(3)).toBe(0);
    expect(confirmDrains({ brokers: [5], logDirs: [] }, dirs, []).replicaCounts.has(5)).toBe(false);
  });
});
