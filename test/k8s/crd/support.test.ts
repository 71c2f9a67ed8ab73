import { describe, expect, it } from 'vitest';
import { kafkaClusterSchema } from '../../../src/k8s/crd/kafkaCluster.js';
import { checkKafkaCluster, refusedFields, schemaProblems, unsupportedFieldMessage, unsupportedFields } from '../../../src/k8s/crd/support.js';
import { kraftSpec, kraftSpecInput } from './specs.js';

function cluster(spec: unknown) {
  return { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: 'kafka' }, spec };
}

describe('unsupportedFields', () => {
  it('is empty for a spec that uses only what kafkaplane acts on', () => {
    expect(unsupportedFields(kraftSpec())).toEqual([]);
  });

  it('names each ignored field set, wherever it is set, with the reason', () => {
    const spec = kraftSpec((s) => {
      s.localDebugEnabled = true;
      s.disruptionBudget = { create: true, budget: '20%' };
      s.listenersConfig.serviceAnnotations = { a: 'b' };
      const internal = s.listenersConfig.internalListeners[0];
      if (internal) internal.internalStartingPort = 30000;
      s.cruiseControlConfig = { image: 'cc:1', cruiseControlEndpoint: 'cc:8090' };
      s.brokers[1] = { id: 1, brokerConfigGroup: 'default', brokerConfig: { log4jConfig: 'x', image: 'kafka:1' } };
      const group = s.brokerConfigGroups?.default;
      if (group) group.networkConfig = { incomingNetworkThroughPut: '1000' };
    });
    expect(unsupportedFields(spec)).toEqual([
      { path: 'spec.localDebugEnabled', note: 'No LoadBalancer Services for local debugging are created.' },
      { path: 'spec.disruptionBudget', note: 'No PodDisruptionBudget is created.' },
      { path: 'spec.listenersConfig.serviceAnnotations', note: expect.any(String) as string },
      { path: 'spec.listenersConfig.internalListeners[0].internalStartingPort', note: expect.any(String) as string },
      { path: 'spec.brokers[1].brokerConfig.log4jConfig', note: 'The default log4j configuration is used.' },
      // Cruise Control's deployment fields are used, unless the user runs their own.
      { path: 'spec.cruiseControlConfig.image', note: 'kafkaplane deploys no Cruise Control when cruiseControlEndpoint is set.' },
    ]);
  });

  it('does not count values that mean "unset" (false, empty)', () => {
    const spec = kraftSpec((s) => {
      s.localDebugEnabled = false;
      s.propagateLabels = false;
      s.zkAddresses = [];
      s.monitoringConfig = {};
    });
    expect(unsupportedFields(spec)).toEqual([]);
  });

  it('sums up in one line for the Event and condition', () => {
    expect(
      unsupportedFieldMessage([
        { path: 'spec.a', note: '' },
        { path: 'spec.b', note: '' },
      ]),
    ).toBe('these fields are kept but have no effect: spec.a, spec.b (see docs/crd-support.md)');
    expect(unsupportedFieldMessage([])).toBe('every field set is supported');
  });
});

describe('refusedFields', () => {
  it('is empty for a plaintext KRaft cluster', () => {
    expect(refusedFields(kraftSpec())).toEqual([]);
  });

  it('refuses ZooKeeper mode, also when kRaft is left to its default', () => {
    const spec = kraftSpec((s) => void delete s.kRaft);
    expect(spec.kRaft).toBe(false);
    expect(refusedFields(spec).map((p) => [p.path, p.code])).toEqual([['spec.kRaft', 'RefusedField']]);
  });

  it("serves a sasl_plaintext or sasl_ssl inter-broker listener, refuses sasl_ssl there with sslClientAuth required and SASL on the controller listener with Kafka's reason", () => {
    const withTypes = (inter: 'sasl_plaintext' | 'sasl_ssl', controller: 'plaintext' | 'sasl_plaintext', clientAuth?: 'required' | 'requested') =>
      kraftSpec((s) => {
        const [internal, quorum] = s.listenersConfig.internalListeners;
        if (internal) Object.assign(internal, { type: inter, serverSSLCertSecret: { name: 'certs' }, ...(clientAuth ? { sslClientAuth: clientAuth } : {}) });
        if (quorum) quorum.type = controller;
      });
    expect(refusedFields(withTypes('sasl_plaintext', 'plaintext'))).toEqual([]);
    expect(refusedFields(withTypes('sasl_ssl', 'plaintext'))).toEqual([]);
    expect(refusedFields(withTypes('sasl_ssl', 'plaintext', 'requested'))).toEqual([]);
    const required = refusedFields(withTypes('sasl_ssl', 'plaintext', 'required'));
    expect(required.map((p) => p.path)).toEqual(['spec.listenersConfig.internalListeners[0].type']);
    expect(required[0]?.message).toContain('a sasl_ssl inter-broker listener with sslClientAuth required is not supported');
    // Certificates a cert-manager issuer the user names signs: its CA is in no Secret kafkaplane can name, unless the listener names one.
    const issuedBy = (serverSecret: boolean) =>
      kraftSpec((s) => {
        const internal = s.listenersConfig.internalListeners[0];
        if (internal) Object.assign(internal, { type: 'sasl_ssl', ...(serverSecret ? { serverSSLCertSecret: { name: 'certs' } } : {}) });
        s.listenersConfig.sslSecrets = { tlsSecretName: '', pkiBackend: 'cert-manager', issuerRef: { name: 'corp-ca', kind: 'ClusterIssuer' } };
      });
    expect(refusedFields(issuedBy(true))).toEqual([]);
    const unknownCa = refusedFields(issuedBy(false));
    expect(unknownCa.map((p) => p.path)).toEqual(['spec.listenersConfig.internalListeners[0].type']);
    expect(unknownCa[0]?.message).toContain('the CA of the cert-manager issuer named in issuerRef is in a Secret kafkaplane cannot name');
    expect(
      refusedFields(
        kraftSpec((s) => {
          const internal = s.listenersConfig.internalListeners[0];
          if (internal) internal.type = 'sasl_ssl';
          s.listenersConfig.sslSecrets = { tlsSecretName: '', pkiBackend: 'cert-manager', create: true };
        }),
      ),
    ).toEqual([]);
    const controller = refusedFields(withTypes('sasl_plaintext', 'sasl_plaintext'));
    expect(controller.map((p) => p.path)).toEqual(['spec.listenersConfig.internalListeners[1].type']);
    expect(controller[0]?.message).toBe(
      'spec.listenersConfig.internalListeners[1].type sasl_plaintext (listener "controller") is not supported: ' +
        "Kafka's KRaft controllers cannot authenticate SCRAM users (the credentials live in the metadata log the quorum serves), so the controller listener must be plaintext or ssl.",
    );
  });

  it('serves an ssl inter-broker listener when kafkaplane has a client certificate for it, and no listener without a certificate', () => {
    const withCertificates = (clientCertificate: boolean) =>
      kraftSpec((s) => {
        const internal = s.listenersConfig.internalListeners[0];
        if (internal) Object.assign(internal, { type: 'ssl', serverSSLCertSecret: { name: 'certs' } });
        s.listenersConfig.externalListeners = [
          { name: 'tls', type: 'ssl', containerPort: 9094, externalStartingPort: 31000, accessMethod: 'NodePort', serverSSLCertSecret: { name: 'certs' } },
          { name: 'bare', type: 'ssl', containerPort: 9095, externalStartingPort: 31100, accessMethod: 'NodePort' },
        ];
        if (clientCertificate) s.clientSSLCertSecret = { name: 'client' };
      });
    const without = refusedFields(withCertificates(false));
    expect(without.map((p) => p.path)).toEqual(['spec.listenersConfig.internalListeners[0].type', 'spec.listenersConfig.externalListeners[1].type']);
    expect(without[0]?.message).toContain('connect to the inter-broker listener with a client certificate: name one in spec.clientSSLCertSecret');
    expect(without[1]?.message).toContain('an ssl listener needs serverSSLCertSecret');
    expect(refusedFields(withCertificates(true)).map((p) => p.path)).toEqual(['spec.listenersConfig.externalListeners[1].type']);
  });

  it('serves SASL listeners that clients connect to, sasl_ssl only with a certificate', () => {
    const spec = kraftSpec((s) => {
      s.listenersConfig.externalListeners = [
        { name: 'scram', type: 'sasl_plaintext', containerPort: 9094, externalStartingPort: 31000, accessMethod: 'NodePort' },
        {
          name: 'scramtls',
          type: 'sasl_ssl',
          containerPort: 9095,
          externalStartingPort: 31100,
          accessMethod: 'NodePort',
          serverSSLCertSecret: { name: 'certs' },
        },
        { name: 'bare', type: 'sasl_ssl', containerPort: 9096, externalStartingPort: 31200, accessMethod: 'NodePort' },
      ];
    });
    const problems = refusedFields(spec);
    expect(problems.map((p) => p.path)).toEqual(['spec.listenersConfig.externalListeners[2].type']);
    expect(problems[0]?.message).toContain('an sasl_ssl listener needs serverSSLCertSecret');
  });

  it('serves an ssl listener without serverSSLCertSecret with a certificate kafkaplane or cert-manager issues, from sslSecrets', () => {
    const withSslSecrets = (sslSecrets: NonNullable<ReturnType<typeof kraftSpec>['listenersConfig']['sslSecrets']>) =>
      kraftSpec((s) => {
        s.listenersConfig.externalListeners = [{ name: 'tls', type: 'ssl', containerPort: 9094, externalStartingPort: 31000, accessMethod: 'NodePort' }];
        s.listenersConfig.sslSecrets = sslSecrets;
      });
    expect(refusedFields(withSslSecrets({ tlsSecretName: '', create: true }))).toEqual([]);
    const refusals = (sslSecrets: Parameters<typeof withSslSecrets>[0]) => refusedFields(withSslSecrets(sslSecrets)).map((p) => [p.path, p.message]);
    // cert-manager, from a CA kafkaplane sets up in it or from the user's issuer.
    expect(refusals({ tlsSecretName: 'ca', create: true, pkiBackend: 'cert-manager' })).toEqual([]);
    expect(refusals({ tlsSecretName: '', pkiBackend: 'cert-manager', issuerRef: { name: 'corp-ca', kind: 'ClusterIssuer' } })).toEqual([]);
    expect(refusals({ tlsSecretName: 'ca', pkiBackend: 'cert-manager' })).toEqual([
      ['spec.listenersConfig.sslSecrets', expect.stringContaining('with pkiBackend: cert-manager, set create: true')],
      ['spec.listenersConfig.externalListeners[0].type', expect.stringContaining('an ssl listener needs serverSSLCertSecret')],
    ]);
    expect(refusals({ tlsSecretName: '', pkiBackend: 'cert-manager', issuerRef: { name: 'x', kind: 'Secret' } })[0]?.[1]).toContain(
      'issuerRef.kind Secret is not a cert-manager issuer kind',
    );
    expect(refusals({ tlsSecretName: 'ca', create: true, issuerRef: { name: 'issuer' } })[0]?.[1]).toContain(
      'issuerRef names a cert-manager issuer, which is used only with pkiBackend: cert-manager',
    );
    // Without create, kafkaplane issues from the CA the user put in tlsSecretName.
    expect(refusals({ tlsSecretName: 'ca' })).toEqual([]);
  });
});

describe('checkKafkaCluster', () => {
  it('returns the parsed cluster with defaults and no problems for a valid one', () => {
    const result = checkKafkaCluster(cluster(kraftSpecInput()));
    expect(result.problems).toEqual([]);
    expect(result.cluster?.spec.rollingUpgradeConfig.concurrentBrokerRestartCountPerRack).toBe(1);
  });

  it('reports schema violations with API-server-style field paths', () => {
    const spec = kraftSpecInput() as unknown as Record<string, unknown>;
    delete spec.oneBrokerPerNode;
    (spec.brokers as { id: unknown }[])[1] = { id: 'one' };
    const result = checkKafkaCluster(cluster(spec));
    expect(result.cluster).toBeUndefined();
    expect(result.problems).toEqual([
      { path: 'spec.brokers[1].id', code: 'InvalidValue', message: 'spec.brokers[1].id: Invalid input: expected number, received string' },
      { path: 'spec.oneBrokerPerNode', code: 'InvalidValue', message: 'spec.oneBrokerPerNode: Required value' },
    ]);
  });

  it('writes map keys in brackets', () => {
    const input = cluster({ ...kraftSpecInput(), brokerConfigGroups: { default: { processRoles: ['leader'] } } });
    const parsed = kafkaClusterSchema.safeParse(input);
    if (parsed.success) throw new Error('expected a schema violation');
    expect(schemaProblems(parsed.error).map((p) => p.path)).toEqual(['spec.brokerConfigGroups[default].processRoles[0]']);
  });

  it('refuses, validates and compares with the previous spec in one call', () => {
    const previous = kraftSpec((s) => {
      const group = s.brokerConfigGroups?.default;
      if (group) group.storageConfigs = [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '100Gi' } } } }];
    });
    const input = kraftSpecInput();
    input.kRaft = false;
    input.brokers.push({ id: 0 });
    const result = checkKafkaCluster(cluster(input), previous);
    expect(result.problems.map((p) => p.code)).toEqual(['RefusedField', 'DuplicateBrokerId', 'VolumeShrink']);
  });
});
