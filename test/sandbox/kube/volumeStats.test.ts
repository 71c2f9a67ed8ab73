import { describe, expect, it } from 'vitest';
import { goFloat, renderVolumeStats } from '../../../sandbox/kube/volumeStats.js';

describe("the sandbox kubelet's volume stats", () => {
  it('reports capacity, used and available bytes per claim, numbers formatted as Go prints them', () => {
    const text = renderVolumeStats([{ namespace: 'kafka', persistentVolumeClaim: 'kafka-0-storage-0-x', capacityBytes: 10 * 2 ** 30, usedBytes: 9 * 2 ** 30 }]);
    expect(text).toContain('# TYPE kubelet_volume_stats_available_bytes gauge\n');
    expect(text).toContain('kubelet_volume_stats_capacity_bytes{namespace="kafka",persistentvolumeclaim="kafka-0-storage-0-x"} 1.073741824e+10\n');
    expect(text).toContain('kubelet_volume_stats_available_bytes{namespace="kafka",persistentvolumeclaim="kafka-0-storage-0-x"} 1.073741824e+09\n');
    expect([goFloat(100), goFloat(0.15), goFloat(1e6), goFloat(999_999), goFloat(0.00001), goFloat(0)]).toEqual([
      '100',
      '0.15',
      '1e+06',
      '999999',
      '1e-05',
      '0',
    ]);
  });
});
