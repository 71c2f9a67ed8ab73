import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema } from '../../src/k8s/crd/index.js';
import { certificateReload } from '../../src/operator/pki/reload.js';

const specWith = (internalListeners: Array<Record<string, unknown>>) =>
  kafkaClusterSpecSchema.parse({
    kRaft: true,
    headlessServiceEnabled: true,
    oneBrokerPerNode: false,
    rollingUpgradeConfig: { failureThreshold: 1 },
    cruiseControlConfig: {},
    brokers: [{ id: 0, brokerConfig: { processRoles: ['broker', 'controller'] } }],
    listenersConfig: { internalListeners, sslSecrets: { tlsSecretName: 'kafka-ca-certificate', create: true } },
  });
const internal = { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true };
const controller = { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true };
const plaintext = [internal, controller];

describe('which renewed certificates are reloaded rather than restarted', () => {
  it('reloads through an issued internal listener that is neither the controller nor the inter-broker one', () => {
    expect(certificateReload(specWith([...plaintext, { type: 'ssl', name: 'tls-internal', containerPort: 29094 }]), 'kafka')).toEqual({
      listener: 'TLS-INTERNAL',
      port: 29094,
      config: { 'listener.name.tls-internal.ssl.keystore.location': '/var/run/secrets/kafka/listeners/tls-internal/keystore.pem' },
    });
  });

  it('restarts when the controller or the inter-broker listener is served with an issued certificate', () => {
    expect(
      certificateReload(specWith([{ ...internal, type: 'ssl' }, controller, { type: 'ssl', name: 'tls', containerPort: 29094 }]), 'kafka'),
    ).toBeUndefined();
    expect(
      certificateReload(specWith([internal, { ...controller, type: 'ssl' }, { type: 'ssl', name: 'tls', containerPort: 29094 }]), 'kafka'),
    ).toBeUndefined();
  });

  it("restarts for a listener served with the user's Secret, which an init container copies", () => {
    expect(
      certificateReload(specWith([...plaintext, { type: 'ssl', name: 'tls', containerPort: 29094, serverSSLCertSecret: { name: 'mine' } }]), 'kafka'),
    ).toBeUndefined();
  });
});
