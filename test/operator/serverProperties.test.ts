import { getProperties } from 'properties-file';
import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema, type KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { effectiveBrokerConfig } from '../../src/k8s/crd/brokerConfig.js';
import { BrokerConfigError, metadataLogDirOf, renderBrokerConfig } from '../../src/domain/serverProperties.js';

const base: KafkaClusterSpecInput = {
  kRaft: true,
  headlessServiceEnabled: true,
  oneBrokerPerNode: false,
  rollingUpgradeConfig: { failureThreshold: 1 },
  cruiseControlConfig: {},
  readOnlyConfig: 'auto.create.topics.enable=false\nnum.partitions=3\nnode.id=99',
  listenersConfig: {
    internalListeners: [
      { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
      { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
    ],
  },
  brokerConfigGroups: {
    default: {
      processRoles: ['broker'],
      storageConfigs: [{ mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } }],
      config: 'num.io.threads=8',
    },
    controller: { processRoles: ['controller'] },
  },
  brokers: [
    { id: 0, brokerConfigGroup: 'controller' },
    { id: 1, brokerConfigGroup: 'default', brokerConfig: { config: 'log.cleaner.threads=2\nnum.partitions=6' } },
    {
      id: 2,
      brokerConfigGroup: 'default',
      brokerConfig: { storageConfigs: [{ mountPath: '/kafka-logs-2', pvcSpec: { resources: { requests: { storage: '20Gi' } } } }] },
    },
  ],
};
const spec = kafkaClusterSpecSchema.parse(base);
const dynamic = new Set(['log.cleaner.threads', 'num.io.threads']);
const render = (id: number, rack?: string) => {
  const broker = spec.brokers.find((b) => b.id === id);
  if (!broker) throw new Error(`no broker ${id}`);
  return renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec, broker, rack, isPerBrokerDynamic: (k) => dynamic.has(k) });
};

describe('server.properties of a KRaft broker', () => {
  it('names the quorum of the spec it renders, when only the config groups changed which nodes are controllers', () => {
    const quorum = (of: typeof spec, id: number): string | undefined => {
      const broker = of.brokers.find((b) => b.id === id);
      if (!broker) throw new Error(`no broker ${id}`);
      const rendered = renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec: of, broker, isPerBrokerDynamic: () => false });
      return getProperties(rendered.text)['controller.quorum.bootstrap.servers'];
    };
    expect(quorum(spec, 1)).toBe('kafka-0.kafka-headless.kafka.svc.cluster.local:29093');
    // The same list of brokers, other groups: the default group's nodes are controllers too.
    const regrouped = {
      ...spec,
      brokerConfigGroups: { ...spec.brokerConfigGroups, default: { ...spec.brokerConfigGroups?.default, processRoles: ['broker', 'controller'] } },
    };
    expect(regrouped.brokers).toBe(spec.brokers);
    expect(quorum(regrouped as typeof spec, 1)).toBe(
      ['kafka-0', 'kafka-1', 'kafka-2'].map((host) => `${host}.kafka-headless.kafka.svc.cluster.local:29093`).join(','),
    );
    expect(quorum(spec, 2)).toBe('kafka-0.kafka-headless.kafka.svc.cluster.local:29093');
  });

  it('renders node id, roles, quorum, listeners and log dirs for a broker-only node', () => {
    const rendered = render(1, 'zone-a');
    const props = getProperties(rendered.text);
    expect(props).toMatchObject({
      'node.id': '1',
      'process.roles': 'broker',
      'controller.listener.names': 'CONTROLLER',
      'controller.quorum.bootstrap.servers': 'kafka-0.kafka-headless.kafka.svc.cluster.local:29093',
      listeners: 'INTERNAL://:29092',
      'advertised.listeners': 'INTERNAL://kafka-1.kafka-headless.kafka.svc.cluster.local:29092',
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name': 'INTERNAL',
      'log.dirs': '/kafka-logs/kafka',
      'broker.rack': 'zone-a',
      'auto.create.topics.enable': 'false',
    });
    expect(Object.keys(props)).toEqual([...Object.keys(props)].sort((a, b) => a.localeCompare(b)));
  });

  it('lets the broker override its group and the cluster, and the operator override everyone', () => {
    const rendered = render(1);
    expect(rendered.staticEntries.get('num.partitions')).toEqual({ value: '6', source: 'BROKER' });
    expect(rendered.staticEntries.get('auto.create.topics.enable')).toEqual({ value: 'false', source: 'CLUSTER' });
    expect(rendered.staticEntries.get('node.id')).toEqual({ value: '1', source: 'OPERATOR' });
    expect(rendered.overridden).toEqual(['node.id']);
  });

  it('keeps per-broker dynamic entries out of server.properties', () => {
    const rendered = render(1);
    expect(rendered.dynamicEntries).toEqual(
      new Map([
        ['num.io.threads', { value: '8', source: 'GROUP' }],
        ['log.cleaner.threads', { value: '2', source: 'BROKER' }],
      ]),
    );
    expect(rendered.text).not.toContain('num.io.threads');
  });

  it('serves only the controller listener on a controller-only node, without Cruise Control reporter', () => {
    const props = getProperties(render(0).text);
    expect(props).toMatchObject({ 'process.roles': 'controller', listeners: 'CONTROLLER://:29093' });
    expect(props['metric.reporters']).toBeUndefined();
    expect(props['inter.broker.listener.name']).toBeUndefined();
  });

  it("puts a broker's own disk before its group's, as Koperator merges them", () => {
    const broker = spec.brokers[2];
    if (!broker) throw new Error('no broker 2');
    expect(effectiveBrokerConfig(spec, broker).storageConfigs?.map((s) => s.mountPath)).toEqual(['/kafka-logs-2', '/kafka-logs']);
    expect(getProperties(render(2).text)['log.dirs']).toBe('/kafka-logs-2/kafka,/kafka-logs/kafka');
  });

  it("pins a controller's metadata log where it is, so that a disk added before the others does not move it", () => {
    const combined = kafkaClusterSpecSchema.parse({
      ...base,
      brokerConfigGroups: { ...base.brokerConfigGroups, default: { ...base.brokerConfigGroups?.default, processRoles: ['broker', 'controller'] } },
    });
    const broker = combined.brokers[2];
    if (!broker) throw new Error('no broker 2');
    const renderWith = (metadataLogDir: string | undefined) =>
      getProperties(
        renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec: combined, broker, isPerBrokerDynamic: () => false, metadataLogDir }).text,
      );
    // A new node: Kafka's default, the first log dir, written down.
    expect(renderWith(undefined)['metadata.log.dir']).toBe('/kafka-logs-2/kafka');
    // A running node whose metadata log is on the group's disk keeps it there.
    expect(renderWith('/kafka-logs/kafka')).toMatchObject({ 'log.dirs': '/kafka-logs-2/kafka,/kafka-logs/kafka', 'metadata.log.dir': '/kafka-logs/kafka' });
    expect(metadataLogDirOf(renderWith('/kafka-logs/kafka'))).toBe('/kafka-logs/kafka');
    // A broker-only node has no metadata log.
    expect(getProperties(render(1).text)['metadata.log.dir']).toBeUndefined();
    expect(metadataLogDirOf(getProperties(render(1).text))).toBe('/kafka-logs/kafka');
  });

  it('refuses a cluster without a controller listener', () => {
    const noController = kafkaClusterSpecSchema.parse({
      ...base,
      listenersConfig: { internalListeners: [{ type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true }] },
    });
    const broker = noController.brokers[1];
    if (!broker) throw new Error('no broker');
    expect(() => renderBrokerConfig({ clusterName: 'k', namespace: 'n', spec: noController, broker, isPerBrokerDynamic: () => false })).toThrow(
      BrokerConfigError,
    );
  });
});

describe('server.properties of SASL listeners', () => {
  const withSasl = (readOnlyConfig: string) =>
    kafkaClusterSpecSchema.parse({
      ...base,
      readOnlyConfig,
      listenersConfig: {
        ...base.listenersConfig,
        externalListeners: [
          { type: 'sasl_plaintext', name: 'scram', containerPort: 9094, externalStartingPort: 31000, accessMethod: 'NodePort' },
          {
            type: 'sasl_ssl',
            name: 'scram-tls',
            containerPort: 9095,
            externalStartingPort: 31100,
            accessMethod: 'NodePort',
            serverSSLCertSecret: { name: 'certs' },
          },
        ],
      },
    });
  const renderOf = (clusterSpec: ReturnType<typeof withSasl>, id: number) => {
    const broker = clusterSpec.brokers.find((b) => b.id === id);
    if (!broker) throw new Error(`no broker ${id}`);
    // Kafka could take these per broker at run time; a listener needs them to start, so they stay in server.properties.
    const saslDynamic = (key: string) => key.includes('sasl');
    return getProperties(renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec: clusterSpec, broker, isPerBrokerDynamic: saslDynamic }).text);
  };

  it('enables SCRAM-SHA-512 with its login module and no secret, and serves sasl_ssl with the certificate and no client certificate asked', () => {
    const props = renderOf(withSasl(''), 1);
    expect(props).toMatchObject({
      'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SCRAM:SASL_PLAINTEXT,SCRAM-TLS:SASL_SSL',
      'listener.name.scram.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.scram.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.scram-tls.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.scram-tls.ssl.keystore.type': 'PEM',
      'listener.name.scram-tls.ssl.client.auth': 'none',
    });
    // A controller-only node does not serve the client listeners.
    expect(Object.keys(renderOf(withSasl(''), 0)).filter((k) => k.includes('sasl'))).toEqual([]);
  });

  it("keeps the mechanisms and JAAS entries the cluster's config names, adding only the SCRAM entries it lacks", () => {
    const props = renderOf(
      withSasl(
        [
          'listener.name.scram.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256',
          'listener.name.scram.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";',
          'sasl.enabled.mechanisms=SCRAM-SHA-512',
        ].join('\n'),
      ),
      1,
    );
    expect(props['listener.name.scram.sasl.enabled.mechanisms']).toBe('PLAIN,SCRAM-SHA-256');
    expect(props['listener.name.scram.plain.sasl.jaas.config']).toContain('user_alice');
    expect(props['listener.name.scram.scram-sha-256.sasl.jaas.config']).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(props['listener.name.scram.scram-sha-512.sasl.jaas.config']).toBeUndefined();
    // The other listener takes the unprefixed mechanisms, as Kafka does.
    expect(props['listener.name.scram-tls.sasl.enabled.mechanisms']).toBeUndefined();
    expect(props['listener.name.scram-tls.scram-sha-512.sasl.jaas.config']).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
  });
});

describe('server.properties of ssl inter-broker and controller listeners', () => {
  const withTls = kafkaClusterSpecSchema.parse({
    ...base,
    listenersConfig: {
      internalListeners: [
        { type: 'ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true, sslClientAuth: 'requested' },
        { type: 'ssl', name: 'controller', containerPort: 29093, usedForControllerCommunication: true, sslClientAuth: 'requested' },
      ],
      sslSecrets: { tlsSecretName: 'kafka-ca-certificate', create: true },
    },
  });
  const renderOf = (id: number) => {
    const broker = withTls.brokers.find((b) => b.id === id);
    if (!broker) throw new Error(`no broker ${id}`);
    return getProperties(renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec: withTls, broker, isPerBrokerDynamic: () => false }).text);
  };

  it("serves both with the node's certificate, and gives a broker the controller listener's stores to connect to the controllers with", () => {
    const broker = renderOf(1);
    // The keystores are read from the Secret kafkaplane issued (its keystore.pem), not copied.
    expect(broker).toMatchObject({
      'listener.security.protocol.map': 'INTERNAL:SSL,CONTROLLER:SSL',
      'inter.broker.listener.name': 'INTERNAL',
      'listener.name.internal.ssl.keystore.location': '/var/run/secrets/kafka/listeners/internal/keystore.pem',
      'listener.name.internal.ssl.truststore.location': '/var/run/secrets/kafka/listeners/internal/ca.crt',
      'listener.name.internal.ssl.client.auth': 'requested',
      // Not served by a broker-only node, but what its client side of the controller channel uses.
      'listener.name.controller.ssl.keystore.location': '/var/run/secrets/kafka/listeners/controller/keystore.pem',
      'listener.name.controller.ssl.truststore.location': '/var/run/secrets/kafka/listeners/controller/ca.crt',
      // The metrics reporter in the broker produces over the inter-broker listener, with its stores.
      'cruise.control.metrics.reporter.security.protocol': 'SSL',
      'cruise.control.metrics.reporter.ssl.keystore.location': '/var/run/secrets/kafka/listeners/internal/keystore.pem',
      'cruise.control.metrics.reporter.ssl.truststore.location': '/var/run/secrets/kafka/listeners/internal/ca.crt',
    });
    expect(broker.listeners).toBe('INTERNAL://:29092');
    // Hostname verification stays Kafka's default (https): the certificates name the advertised hosts.
    expect(broker['ssl.endpoint.identification.algorithm']).toBeUndefined();
    const controller = renderOf(0);
    expect(controller.listeners).toBe('CONTROLLER://:29093');
    expect(controller['listener.name.controller.ssl.keystore.location']).toBe('/var/run/secrets/kafka/listeners/controller/keystore.pem');
    expect(controller['listener.name.internal.ssl.keystore.location']).toBeUndefined();
  });
});

describe('server.properties of a sasl_plaintext inter-broker listener', () => {
  const spec = kafkaClusterSpecSchema.parse({
    ...base,
    readOnlyConfig: 'listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    listenersConfig: {
      ...base.listenersConfig,
      internalListeners: base.listenersConfig.internalListeners.map((l) => (l.usedForInnerBrokerCommunication === true ? { ...l, type: 'sasl_plaintext' } : l)),
    },
  });
  const renderOf = (id: number) => {
    const broker = spec.brokers.find((b) => b.id === id);
    if (!broker) throw new Error(`no broker ${id}`);
    return renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec, broker, isPerBrokerDynamic: () => false });
  };

  it("logs a broker and its metrics reporter in as the inter-broker user, the password a reference to the mounted Secret, over the user's JAAS entry", () => {
    const rendered = renderOf(1);
    const jaas =
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="kafkaplane-inter-broker" password="${dir:/var/run/secrets/kafkaplane/scram:inter-broker-password}";';
    expect(getProperties(rendered.text)).toMatchObject({
      'config.providers': 'dir',
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
      'listener.name.internal.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.internal.scram-sha-512.sasl.jaas.config': jaas,
      'cruise.control.metrics.reporter.security.protocol': 'SASL_PLAINTEXT',
      'cruise.control.metrics.reporter.sasl.mechanism': 'SCRAM-SHA-512',
      'cruise.control.metrics.reporter.sasl.jaas.config': jaas,
    });
    // The user's entry without a login cannot stand: the operator's is kept, and the override reported.
    expect(rendered.overridden).toContain('listener.name.internal.scram-sha-512.sasl.jaas.config');
    // A controller-only node does not connect to the brokers: nothing of the inter-broker user reaches it.
    const controller = getProperties(renderOf(0).text);
    expect(controller['sasl.mechanism.inter.broker.protocol']).toBeUndefined();
    expect(JSON.stringify(controller)).not.toContain('kafkaplane-inter-broker');
  });
});

describe('server.properties of a sasl_ssl inter-broker listener', () => {
  const spec = kafkaClusterSpecSchema.parse({
    ...base,
    listenersConfig: {
      ...base.listenersConfig,
      internalListeners: base.listenersConfig.internalListeners.map((l) =>
        l.usedForInnerBrokerCommunication === true ? { ...l, type: 'sasl_ssl', serverSSLCertSecret: { name: 'internal-certs' } } : l,
      ),
    },
  });
  const broker = spec.brokers.find((b) => b.id === 1);

  it("logs a broker and its metrics reporter in as the inter-broker user over TLS, with the listener's own stores and no client certificate asked for", () => {
    if (!broker) throw new Error('no broker 1');
    const properties = getProperties(renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec, broker, isPerBrokerDynamic: () => false }).text);
    expect(properties).toMatchObject({
      'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
      'listener.name.internal.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.internal.ssl.truststore.location': '/var/run/secrets/kafka/listeners/internal/ca.crt',
      'listener.name.internal.ssl.client.auth': 'none',
      'cruise.control.metrics.reporter.security.protocol': 'SASL_SSL',
      'cruise.control.metrics.reporter.ssl.truststore.type': 'PEM',
      'cruise.control.metrics.reporter.ssl.truststore.location': '/var/run/secrets/kafka/listeners/internal/ca.crt',
      'cruise.control.metrics.reporter.sasl.mechanism': 'SCRAM-SHA-512',
    });
    expect(properties['listener.security.protocol.map']).toContain('INTERNAL:SASL_SSL');
  });
});
