import { describe, expect, it } from 'vitest';
import type { KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { brokerCertificate, brokerIssuer, caObjects, clientCertificate } from '../../src/operator/pki/certManagerObjects.js';
import { goDuration } from '../../src/domain/goDuration.js';
import { kraftSpec } from '../k8s/crd/specs.js';

const cluster = { name: 'kafka', namespace: 'prod', uid: 'uid-1' };
const withSsl = (sslSecrets: Partial<NonNullable<KafkaClusterSpecInput['listenersConfig']['sslSecrets']>>) =>
  kraftSpec((s) => void (s.listenersConfig.sslSecrets = { tlsSecretName: '', pkiBackend: 'cert-manager', ...sslSecrets }));

describe('the cert-manager objects kafkaplane keeps (pkiBackend: cert-manager)', () => {
  it("sets up Koperator's self-signer, CA Certificate and CA issuer with create: true, as namespaced Issuers owned by the cluster", () => {
    const objects = caObjects(cluster, withSsl({ create: true, tlsSecretName: 'my-ca' }), 10 * 365 * 24 * 3600_000);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Issuer/kafka-self-signer', 'Certificate/kafka-ca-certificate', 'Issuer/kafka-issuer']);
    expect(objects.every((o) => o.metadata.namespace === 'prod' && o.apiVersion === 'cert-manager.io/v1')).toBe(true);
    expect(objects.map((o) => (o.metadata as { ownerReferences?: Array<{ kind: string; uid: string }> }).ownerReferences)).toEqual(
      Array(3).fill([expect.objectContaining({ kind: 'KafkaCluster', uid: 'uid-1', controller: true })]),
    );
    expect(objects[0]?.spec).toEqual({ selfSigned: {} });
    expect(objects[1]?.spec).toMatchObject({
      isCA: true,
      commonName: 'kafka-ca.prod.cluster.local',
      secretName: 'my-ca',
      duration: '87600h0m0s',
      issuerRef: { name: 'kafka-self-signer', kind: 'Issuer', group: 'cert-manager.io' },
    });
    expect(objects[2]?.spec).toEqual({ ca: { secretName: 'my-ca' } });
    // The CA Secret under Koperator's name when tlsSecretName is empty.
    expect(caObjects(cluster, withSsl({ create: true }), 1000)[1]?.spec.secretName).toBe('kafka-ca-certificate');
  });

  it("sets up no issuer when issuerRef names the user's, and the certificates name it", () => {
    const spec = withSsl({ create: true, issuerRef: { name: 'corp-ca', kind: 'ClusterIssuer' } });
    expect(caObjects(cluster, spec, 1000)).toEqual([]);
    expect(brokerIssuer(cluster, spec)).toEqual({ name: 'corp-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(brokerIssuer(cluster, withSsl({ create: true }))).toEqual({ name: 'kafka-issuer', kind: 'Issuer', group: 'cert-manager.io' });
  });

  it("asks for one broker's certificate with its DNS names and IP addresses apart, a PKCS#8 EC key, serving and authenticating", () => {
    const spec = withSsl({ create: true });
    const cert = brokerCertificate(cluster, spec, 2, ['kafka-2.prod.svc.cluster.local', 'kafka-2', '203.0.113.9', '2001:db8::1'], 365 * 24 * 3600_000);
    expect(cert.metadata.name).toBe('kafka-2-server-certificate');
    expect(cert.metadata.labels).toMatchObject({ app: 'kafka', kafka_cr: 'kafka', brokerId: '2' });
    expect(cert.spec).toEqual({
      secretName: 'kafka-2-server-certificate',
      commonName: 'kafka-2.kafka-headless.prod.svc.cluster.local',
      dnsNames: ['kafka-2.prod.svc.cluster.local', 'kafka-2'],
      ipAddresses: ['203.0.113.9', '2001:db8::1'],
      usages: ['digital signature', 'server auth', 'client auth'],
      duration: '8760h0m0s',
      privateKey: { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' },
      issuerRef: { name: 'kafka-issuer', kind: 'Issuer', group: 'cert-manager.io' },
      secretTemplate: { labels: cert.metadata.labels },
    });
    expect(brokerCertificate(cluster, spec, 2, ['kafka-2'], 1000).spec.ipAddresses).toBeUndefined();
  });

  it("asks for kafkaplane's client certificate under Koperator's controller name", () => {
    const cert = clientCertificate(cluster, withSsl({ create: true }), 3600_000);
    expect(cert.metadata.name).toBe('kafka-crd-controller');
    expect(cert.spec).toMatchObject({
      secretName: 'kafka-crd-controller',
      commonName: 'kafka-controller.prod.mgt.cluster.local',
      usages: ['digital signature', 'client auth'],
    });
  });

  it('writes durations as cert-manager prints them', () => {
    expect([goDuration(3600_000), goDuration(90 * 60_000 + 5_000), goDuration(30 * 60_000 + 5_000), goDuration(400)]).toEqual([
      '1h0m0s',
      '1h30m5s',
      '30m5s',
      '1s',
    ]);
  });
});
