import { describe, expect, it } from 'vitest';
import { brokerListenerAddresses, listenerViews } from '../../src/readmodel/listenerView.js';
import { kraftSpec } from '../k8s/crd/specs.js';

describe('listeners as the API shows them', () => {
  const statuses = {
    internalListeners: {
      internal: [
        { name: 'any-broker', address: 'kafka-all-broker.kafka.svc.cluster.local:29092' },
        { name: 'broker-0', address: 'kafka-0.kafka.svc.cluster.local:29092' },
      ],
    },
    externalListeners: {
      // Written by Koperator for a listener this spec does not have.
      envoy: [
        { name: 'any-broker', address: '192.0.2.10:29092' },
        { name: 'broker-0', address: '192.0.2.10:19090' },
      ],
    },
  };

  it('come from the status, described by the spec where it names them', () => {
    const views = listenerViews(kraftSpec(), statuses);
    expect(views).toEqual([
      {
        name: 'internal',
        external: false,
        access: 'INTERNAL',
        securityProtocol: 'PLAINTEXT',
        bootstrapAddress: 'kafka-all-broker.kafka.svc.cluster.local:29092',
        brokerAddresses: [{ brokerId: 0, address: 'kafka-0.kafka.svc.cluster.local:29092' }],
      },
      {
        name: 'envoy',
        external: true,
        access: null,
        securityProtocol: null,
        bootstrapAddress: '192.0.2.10:29092',
        brokerAddresses: [{ brokerId: 0, address: '192.0.2.10:19090' }],
      },
    ]);
    expect(brokerListenerAddresses(views, 0)).toEqual([
      { listener: 'internal', external: false, address: 'kafka-0.kafka.svc.cluster.local:29092' },
      { listener: 'envoy', external: true, address: '192.0.2.10:19090' },
    ]);
    expect(brokerListenerAddresses(views, 1)).toEqual([]);
  });

  it('are none before the operator wrote any', () => {
    expect(listenerViews(kraftSpec(), undefined)).toEqual([]);
    expect(listenerViews(undefined, statuses).map((l) => [l.name, l.access])).toEqual([
      ['internal', null],
      ['envoy', null],
    ]);
  });
});
