import { describe, expect, it } from 'vitest';
import { brokerCertificateNames, caSecretName, commonName, generatesCertificates, issuedByCertManager } from '../../src/domain/generatedCertificates.js';
import type { KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { kraftSpec } from '../k8s/crd/specs.js';

const cluster = { name: 'kafka', namespace: 'prod' };

describe('the names of the certificates kafkaplane issues', () => {
  it("names the broker's Pod through the headless Service, the headless Service and the broker's own Service, then its external hosts", () => {
    const spec = kraftSpec((s) => void (s.kubernetesClusterDomain = 'corp.local'));
    expect(brokerCertificateNames(cluster, spec, 3, ['203.0.113.7', 'kafka-3.example.com'])).toEqual([
      'kafka-3.kafka-headless.prod.svc.corp.local',
      'kafka-3.kafka-headless.prod.svc',
      'kafka-3.kafka-headless.prod',
      'kafka-headless.prod.svc.corp.local',
      'kafka-headless.prod.svc',
      'kafka-headless.prod',
      'kafka-headless',
      'kafka-3.prod.svc.corp.local',
      'kafka-3.prod.svc',
      'kafka-3.prod',
      'kafka-3',
      '203.0.113.7',
      'kafka-3.example.com',
    ]);
  });

  it('leaves out the Pod names through the headless Service when the cluster advertises the per-broker Services', () => {
    const spec = kraftSpec((s) => void (s.headlessServiceEnabled = false));
    expect(brokerCertificateNames(cluster, spec, 0, [])).not.toContain('kafka-0.kafka-headless.prod.svc.cluster.local');
    expect(brokerCertificateNames(cluster, spec, 0, [])).toContain('kafka-0.prod.svc.cluster.local');
  });

  it("keeps the CA in tlsSecretName, else under Koperator's name, and has certificates issued, by cert-manager when asked for", () => {
    const withSsl = (sslSecrets: Partial<NonNullable<KafkaClusterSpecInput['listenersConfig']['sslSecrets']>>) =>
      kraftSpec((s) => void (s.listenersConfig.sslSecrets = { tlsSecretName: '', ...sslSecrets }));
    expect(caSecretName(cluster, withSsl({ tlsSecretName: 'my-ca', create: true }))).toBe('my-ca');
    expect(caSecretName(cluster, withSsl({ create: true }))).toBe('kafka-ca-certificate');
    expect(generatesCertificates(withSsl({ create: true }))).toBe(true);
    expect(issuedByCertManager(withSsl({ create: true }))).toBe(false);
    expect(generatesCertificates(withSsl({ create: true, pkiBackend: 'cert-manager' }))).toBe(true);
    expect(issuedByCertManager(withSsl({ create: true, pkiBackend: 'cert-manager' }))).toBe(true);
    // Without create, from the CA the user provides.
    expect(generatesCertificates(withSsl({}))).toBe(true);
  });

  it("turns a common name over 64 characters into its SHA-256, as Koperator's EnsureValidCommonNameLen", () => {
    expect(commonName('kafka-0.kafka-headless.prod.svc.cluster.local')).toBe('kafka-0.kafka-headless.prod.svc.cluster.local');
    expect(commonName('x'.repeat(65))).toMatch(/^[0-9a-f]{64}$/);
  });
});
