import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema } from '../../src/k8s/crd/kafkaCluster.js';
import { assignRacks } from '../../src/domain/racks.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = ['zone-a', 'zone-b', 'zone-c'].map((z) => ({ [ZONE]: z, 'kubernetes.io/hostname': `n-${z}` }));
const spec = (labels: string[] | undefined, withAffinity = false) =>
  kafkaClusterSpecSchema.parse(
    kraftSpecInput({
      ...(labels ? { rackAwareness: { labels } } : {}),
      brokerConfigGroups: { default: { processRoles: ['broker', 'controller'], ...(withAffinity ? { affinity: { podAntiAffinity: {} } } : {}) } },
      brokers: [0, 1, 2, 3].map((id) => ({ id, brokerConfigGroup: 'default' })),
    }),
  );

describe('rack assignment', () => {
  it('does nothing without rack awareness', () => {
    expect(assignRacks(spec(undefined), new Map(), nodes)).toEqual({ racks: new Map(), pins: new Map() });
  });

  it('keeps the rack of scheduled brokers and spreads new ones over the least used zones, pinned', () => {
    const result = assignRacks(spec([ZONE]), new Map([[0, { [ZONE]: 'zone-b' }]]), nodes);
    expect([...result.racks]).toEqual([
      [0, 'zone-b'],
      [1, 'zone-a'],
      [2, 'zone-c'],
      [3, 'zone-a'],
    ]);
    expect(result.pins.get(3)).toEqual({ key: ZONE, value: 'zone-a' });
  });

  it('pins nothing with several rack labels or an affinity of its own: the rack is known once scheduled', () => {
    const several = assignRacks(spec([ZONE, 'kubernetes.io/hostname']), new Map([[1, { [ZONE]: 'zone-a', 'kubernetes.io/hostname': 'n1' }]]), nodes);
    expect([...several.racks]).toEqual([[1, 'zone-a,n1']]);
    expect(several.pins.size).toBe(0);
    expect(assignRacks(spec([ZONE], true), new Map(), nodes).pins.size).toBe(0);
  });
});
