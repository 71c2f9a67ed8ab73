import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { describe, expect, it } from 'vitest';
import { diskState, type DiskState, type DiskStateInput } from '../../src/readmodel/diskState.js';

const pvc = (
  phase: 'Pending' | 'Bound',
  requested = '10Gi',
  capacity: string | undefined = '10Gi',
  extra: Partial<IPersistentVolumeClaim> = {},
): IPersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'kafka-1-storage-0-x', ...extra.metadata },
  spec: { resources: { requests: { storage: requested } } },
  status: { phase, ...(capacity !== undefined ? { capacity: { storage: capacity } } : {}), ...extra.status },
});
const base: DiskStateInput = { inSpec: true, pvc: undefined, persistent: true, volumeState: undefined };

describe('a disk state', () => {
  it.each<[string, Partial<DiskStateInput>, DiskState]>([
    ['its PVC not created yet', {}, 'ADDING'],
    ['its PVC waiting for a volume', { pvc: pvc('Pending', '10Gi', undefined) }, 'ADDING'],
    ['bound', { pvc: pvc('Bound') }, 'ACTIVE'],
    ['an emptyDir', { persistent: false }, 'ACTIVE'],
    ['asked to grow (1024Mi is 1Gi: no change)', { pvc: pvc('Bound', '1024Mi', '1Gi') }, 'ACTIVE'],
    ['asked to grow', { pvc: pvc('Bound', '20Gi', '10Gi') }, 'RESIZING'],
    [
      'waiting for its file system to grow',
      { pvc: pvc('Bound', '20Gi', '20Gi', { status: { conditions: [{ type: 'FileSystemResizePending', status: 'True' }] } }) },
      'RESIZING',
    ],
    ['being filled after it was added', { pvc: pvc('Bound'), volumeState: 'GracefulDiskRebalanceRunning' }, 'ADDING'],
    ['filled', { pvc: pvc('Bound'), volumeState: 'GracefulDiskRebalanceSucceeded' }, 'ACTIVE'],
    ['being emptied', { pvc: pvc('Bound'), volumeState: 'GracefulDiskRemovalRunning' }, 'DRAINING'],
    ['gone from the spec, still holding data', { inSpec: false, pvc: pvc('Bound') }, 'DRAINING'],
    ['emptied', { inSpec: false, pvc: pvc('Bound'), volumeState: 'GracefulDiskRemovalSucceeded' }, 'REMOVING'],
    ['its PVC being deleted', { inSpec: false, pvc: pvc('Bound', '10Gi', '10Gi', { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }) }, 'REMOVING'],
  ])('%s: %s', (_case, input, expected) => {
    expect(diskState({ ...base, ...input })).toBe(expected);
  });
});
