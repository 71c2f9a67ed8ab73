import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema, type KafkaClusterSpec } from '../../src/k8s/crd/kafkaCluster.js';
import { ANNOTATION_RESTART_HASH } from '../../src/domain/labels.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { brokerConfigMap, brokerPod, brokerPvc, brokerService, headlessService } from '../../src/operator/broker/objects.js';
import { initialControllers } from '../../src/operator/broker/storageFormat.js';
import { jmxExporterConfigMap } from '../../src/operator/broker/monitoring.js';
import { DEFAULT_JMX_EXPORTER_IMAGE, DEFAULT_METRICS_REPORTER_IMAGE } from '../../src/domain/images.js';
import { renderBrokerConfig } from '../../src/domain/serverProperties.js';

const cluster = { name: 'kafka', namespace: 'kafka', uid: '4d1c3a52-0000-4000-8000-000000000001' };
const makeSpec = (cpu = '1'): KafkaClusterSpec =>
  kafkaClusterSpecSchema.parse(
    kraftSpecInput({
      brokerConfigGroups: {
        default: {
          processRoles: ['broker', 'controller'],
          resourceRequirements: { requests: { cpu, memory: '2Gi' } },
          storageConfigs: [
            { mountPath: '/kafka-logs', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } },
            { mountPath: '/scratch', emptyDir: {} },
          ],
        },
      },
      brokers: [{ id: 1, brokerConfigGroup: 'default' }],
    }),
  );

const podFor = (spec: KafkaClusterSpec, serverProperties = 'node.id=1\n') => {
  const broker = spec.brokers[0];
  if (!broker) throw new Error('no broker');
  return brokerPod({ cluster, spec, broker, clusterId: 'abc', serverProperties, pvcNames: new Map([['/kafka-logs', 'kafka-1-storage-0-xyz']]) });
};

describe("a broker's Kubernetes objects", () => {
  it('are valid for the Kubernetes schemas, owned by the cluster and labelled as Koperator labels them', () => {
    const spec = makeSpec();
    const broker = spec.brokers[0];
    if (!broker) throw new Error('no broker');
    const objects = [
      new ConfigMap(brokerConfigMap(cluster, 1, 'node.id=1\n')),
      new PersistentVolumeClaim(brokerPvc(cluster, spec, broker, { mountPath: '/kafka-logs', pvcSpec: { resources: { requests: { storage: '10Gi' } } } }, 0)),
      new Pod(podFor(spec)),
      new Service(brokerService(cluster, spec, 1)),
      new Service(headlessService(cluster, spec)),
    ];
    for (const object of objects) {
      expect(() => object.validate()).not.toThrow();
      expect(object.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'KafkaCluster', uid: cluster.uid, controller: true })]);
      expect(object.metadata?.labels).toMatchObject({ app: 'kafka', kafka_cr: 'kafka' });
    }
  });

  it('mount the Secret of each TLS listener the node serves, read-only, and build its keystore in memory', () => {
    const spec = kafkaClusterSpecSchema.parse(
      kraftSpecInput({
        listenersConfig: {
          internalListeners: [
            { type: 'plaintext', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
            { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
          ],
          externalListeners: [
            {
              type: 'ssl',
              name: 'external',
              containerPort: 9094,
              accessMethod: 'NodePort',
              externalStartingPort: 31000,
              serverSSLCertSecret: { name: 'certs' },
            },
          ],
        },
        brokerConfigGroups: { default: { storageConfigs: [{ mountPath: '/kafka-logs', emptyDir: {} }] } },
        brokers: [
          { id: 1, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker'] } },
          { id: 2, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['controller'] } },
        ],
      }),
    );
    const pod = (index: number) => {
      const broker = spec.brokers[index];
      if (!broker) throw new Error('no broker');
      const serverProperties = renderBrokerConfig({ clusterName: 'kafka', namespace: 'kafka', spec, broker, isPerBrokerDynamic: () => false }).text;
      return new Pod(brokerPod({ cluster, spec, broker, clusterId: 'abc', serverProperties, pvcNames: new Map() }));
    };
    const broker = pod(0);
    expect(() => broker.validate()).not.toThrow();
    expect(broker.spec?.volumes).toEqual(
      expect.arrayContaining([
        { name: 'listener-external', secret: { secretName: 'certs', defaultMode: 0o440 } },
        { name: 'listener-keystores', emptyDir: { medium: 'Memory' } },
      ]),
    );
    expect(broker.spec?.containers[0]?.volumeMounts).toEqual(
      expect.arrayContaining([{ name: 'listener-external', mountPath: '/var/run/secrets/kafka/listeners/external', readOnly: true }]),
    );
    expect(broker.spec?.initContainers?.find((c) => c.name === 'listener-keystores')?.command).toEqual([
      'sh',
      '-c',
      'cat /var/run/secrets/kafka/listeners/external/tls.key /var/run/secrets/kafka/listeners/external/tls.crt > /var/run/kafka/keystores/external.pem',
    ]);
    // A controller-only node serves no external listener, so it needs none of it.
    expect(pod(1).spec?.volumes?.some((v) => v.secret !== undefined || v.name === 'listener-keystores')).toBe(false);
  });

  it("run spec.clusterImage unless the broker's config names an image", () => {
    const spec = { ...makeSpec(), clusterImage: 'apache/kafka:4.0.0' };
    expect(podFor(spec).spec?.containers[0]?.image).toBe('apache/kafka:4.0.0');
    expect(podFor(makeSpec()).spec?.containers[0]?.image).toBe('apache/kafka:4.1.0');
    const own = { ...spec, brokerConfigGroups: { default: { ...spec.brokerConfigGroups?.default, image: 'apache/kafka:4.1.1' } } };
    expect(podFor(own).spec?.containers[0]?.image).toBe('apache/kafka:4.1.1');
  });

  it('mount the PVC and the emptyDir at their paths, and the config at /config', () => {
    const pod = podFor(makeSpec());
    expect(pod.metadata?.generateName).toBe('kafka-1-');
    expect(pod.spec?.volumes).toEqual([
      { name: 'broker-config', configMap: { name: 'kafka-config-1' } },
      { name: 'kafka-data-0', persistentVolumeClaim: { claimName: 'kafka-1-storage-0-xyz' } },
      { name: 'kafka-data-1', emptyDir: {} },
      { name: 'extensions', emptyDir: {} },
      { name: 'jmx-jarfile', emptyDir: {} },
      { name: 'kafka-kafka-jmx-exporter', configMap: { name: 'kafka-kafka-jmx-exporter', defaultMode: 0o644 } },
    ]);
    expect(pod.spec?.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual([
      '/config',
      '/kafka-logs',
      '/scratch',
      '/opt/kafka/libs/extensions',
      '/opt/jmx-exporter/',
      '/etc/jmx-exporter/',
    ]);
    expect(pod.spec?.subdomain).toBe('kafka-headless');
  });

  it('keep brokers apart: on a node of their own with oneBrokerPerNode, preferably otherwise, unless the spec sets an affinity', () => {
    const term = { labelSelector: { matchLabels: { app: 'kafka', kafka_cr: 'kafka' } }, topologyKey: 'kubernetes.io/hostname' };
    expect(podFor(makeSpec()).spec?.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    });
    const apart = kafkaClusterSpecSchema.parse({ ...makeSpec(), oneBrokerPerNode: true });
    expect(podFor(apart).spec?.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
    const own = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] },
      },
    };
    const withAffinity = kafkaClusterSpecSchema.parse({ ...apart, brokerConfigGroups: { default: { ...apart.brokerConfigGroups?.default, affinity: own } } });
    expect(podFor(withAffinity).spec?.affinity).toEqual(own);
  });

  it('format new log dirs before Kafka starts on the rendered config, with the quorum the cluster began with', () => {
    const spec = makeSpec();
    const broker = spec.brokers[0] ?? { id: 1 };
    const initial = initialControllers('kafka', 'kafka', spec) ?? '';
    expect(initial).toMatch(/^1@[^:]+:\d+:[A-Za-z0-9_-]{22}$/);
    const pod = (initialControllersValue: string | undefined, roles?: Array<'broker' | 'controller'>) => {
      const withRoles =
        roles === undefined
          ? spec
          : {
              ...spec,
              brokers: [{ ...broker, brokerConfig: { processRoles: roles } }],
              brokerConfigGroups: { default: { ...spec.brokerConfigGroups?.default, processRoles: [] } },
            };
      return brokerPod({
        cluster,
        spec: withRoles,
        broker: withRoles.brokers[0] ?? broker,
        clusterId: 'q1Sh-9_ISia_zwGINzRvyQ',
        serverProperties: 'node.id=1\n',
        pvcNames: new Map([['/kafka-logs', 'pvc-1']]),
        initialControllers: initialControllersValue,
      });
    };
    const first = pod(initial).spec;
    expect(first?.initContainers?.[0]).toMatchObject({
      name: 'format-storage',
      command: [
        '/opt/kafka/bin/kafka-storage.sh',
        'format',
        '--cluster-id',
        'q1Sh-9_ISia_zwGINzRvyQ',
        '--config',
        '/config/broker-config',
        '--ignore-formatted',
        '--initial-controllers',
        initial,
      ],
    });
    expect(first?.initContainers?.[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual(['/config', '/kafka-logs', '/scratch']);
    expect(first?.containers[0]?.command).toEqual(['/opt/kafka/bin/kafka-server-start.sh', '/config/broker-config']);
    // The image's user (gid 1000) owns the volumes unless the spec sets its own podSecurityContext.
    expect(first?.securityContext).toEqual({ fsGroup: 1000 });
    // A controller that was not in the first quorum joins without it; a broker-only node needs neither.
    expect(pod('7@kafka-7:29093:AAAAAAAAAAAAAAAAAAAAAw').spec?.initContainers?.[0]?.command?.slice(7)).toEqual(['--no-initial-controllers']);
    expect(pod(initial, ['broker']).spec?.initContainers?.[0]?.command?.slice(7)).toEqual([]);
    // Dropping the first quorum once it formed restarts nothing: the format container is not in the hash.
    expect(pod(undefined).metadata?.annotations?.[ANNOTATION_RESTART_HASH]).toBe(pod(initial).metadata?.annotations?.[ANNOTATION_RESTART_HASH]);
  });

  it('refuse to build a Pod before its PVC exists', () => {
    const spec = makeSpec();
    const broker = spec.brokers[0];
    if (!broker) throw new Error('no broker');
    expect(() => brokerPod({ cluster, spec, broker, clusterId: 'abc', serverProperties: '', pvcNames: new Map() })).toThrow(
      'no PVC for /kafka-logs of broker 1',
    );
  });

  it('change the restart hash with the static config or the resources, and only then', () => {
    const hash = (pod: ReturnType<typeof podFor>) => pod.metadata?.annotations?.[ANNOTATION_RESTART_HASH];
    const same = hash(podFor(makeSpec()));
    expect(hash(podFor(makeSpec()))).toBe(same);
    expect(hash(podFor(makeSpec(), 'node.id=1\nnum.partitions=6\n'))).not.toBe(same);
    expect(hash(podFor(makeSpec('2')))).not.toBe(same);
  });

  it('mark the PVC with its mount path and the storage request', () => {
    const spec = makeSpec();
    const broker = spec.brokers[0];
    if (!broker) throw new Error('no broker');
    const pvc = brokerPvc(
      cluster,
      spec,
      broker,
      { mountPath: '/kafka-logs', pvcSpec: { storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } },
      0,
    );
    expect(pvc.metadata?.generateName).toBe('kafka-1-storage-0-');
    expect(pvc.metadata?.annotations).toEqual({ mountPath: '/kafka-logs' });
    expect(pvc.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } });
  });

  it("carry the user's Pod settings: pull secrets, security contexts, sidecars, extra volumes, JVM options", () => {
    const spec = kafkaClusterSpecSchema.parse(
      kraftSpecInput({
        brokerConfigGroups: {
          default: {
            processRoles: ['broker', 'controller'],
            storageConfigs: [{ mountPath: '/kafka-logs', emptyDir: {} }],
            imagePullSecrets: [{ name: 'registry' }],
            podSecurityContext: { fsGroup: 1001 },
            securityContext: { runAsNonRoot: true },
            kafkaJvmPerfOpts: '-XX:+UseG1GC',
            containers: [{ name: 'sidecar', image: 'busybox' }],
            volumes: [{ name: 'extra', emptyDir: {} }],
            volumeMounts: [{ name: 'extra', mountPath: '/extra' }],
          },
        },
        brokers: [{ id: 1, brokerConfigGroup: 'default' }],
      }),
    );
    const broker = spec.brokers[0];
    if (!broker) throw new Error('no broker');
    const pod = brokerPod({ cluster, spec, broker, clusterId: 'abc', serverProperties: '', pvcNames: new Map() });
    expect(() => new Pod(pod).validate()).not.toThrow();
    expect(pod.spec?.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod.spec?.securityContext).toEqual({ fsGroup: 1001 });
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['kafka', 'sidecar']);
    expect(pod.spec?.containers[0]?.securityContext).toEqual({ runAsNonRoot: true });
    expect(pod.spec?.containers[0]?.env).toContainEqual({ name: 'KAFKA_JVM_PERFORMANCE_OPTS', value: '-XX:+UseG1GC' });
    expect(pod.spec?.volumes?.map((v) => v.name)).toEqual(['broker-config', 'kafka-data-0', 'extensions', 'jmx-jarfile', 'kafka-kafka-jmx-exporter', 'extra']);
    expect(pod.spec?.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual([
      '/config',
      '/kafka-logs',
      '/opt/kafka/libs/extensions',
      '/opt/jmx-exporter/',
      '/etc/jmx-exporter/',
      '/extra',
    ]);
  });
  describe('carry the Cruise Control metrics reporter and the JMX exporter, as Koperator does', () => {
    const reporterLine = 'node.id=1\nmetric.reporters=com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter\n';
    const inits = (spec: KafkaClusterSpec, properties = reporterLine) =>
      Object.fromEntries((podFor(spec, properties).spec?.initContainers ?? []).map((c) => [c.name, c]));

    it('copy the reporter jar from the Cruise Control image onto the CLASSPATH of a node that names it in metric.reporters', () => {
      const reporter = inits(makeSpec())['cruise-control-reporter'];
      expect(reporter?.image).toBe(DEFAULT_METRICS_REPORTER_IMAGE);
      expect(reporter?.command?.join(' ')).toBe(
        '/bin/sh -cex cp -v /opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar /opt/kafka/libs/extensions/cruise-control-metrics-reporter.jar',
      );
      expect(reporter?.volumeMounts).toEqual([{ name: 'extensions', mountPath: '/opt/kafka/libs/extensions' }]);
      expect(podFor(makeSpec(), reporterLine).spec?.containers[0]?.env).toContainEqual({ name: 'CLASSPATH', value: '/opt/kafka/libs/extensions/*' });
      // A controller-only node renders no metric.reporters, so it copies nothing.
      expect(inits(makeSpec(), 'node.id=1\n')['cruise-control-reporter']).toBeUndefined();
    });

    it('take the reporter image from the broker, else the cluster, else the Cruise Control image', () => {
      const base = makeSpec();
      const cc = { ...base, cruiseControlConfig: { ...base.cruiseControlConfig, image: 'adobe/cruise-control:3.0.3-adbe-20260722' } };
      expect(inits(cc)['cruise-control-reporter']?.image).toBe('adobe/cruise-control:3.0.3-adbe-20260722');
      const cluster = { ...cc, clusterMetricsReporterImage: 'registry.example.com/reporter:1' };
      expect(inits(cluster)['cruise-control-reporter']?.image).toBe('registry.example.com/reporter:1');
      const group = {
        ...cluster,
        brokerConfigGroups: { default: { ...cluster.brokerConfigGroups?.default, metricsReporterImage: 'registry.example.com/reporter:2' } },
      };
      expect(inits(group)['cruise-control-reporter']?.image).toBe('registry.example.com/reporter:2');
    });

    it('load the JMX exporter javaagent copied from monitoringConfig.jmxImage, on port 9020, with Prometheus annotations', () => {
      const spec = { ...makeSpec(), monitoringConfig: { jmxImage: 'ghcr.io/adobe/koperator/jmx-javaagent:1.5.0', pathToJar: '/opt/agent.jar' } };
      const jmx = inits(spec)['jmx-exporter'];
      expect(jmx?.image).toBe('ghcr.io/adobe/koperator/jmx-javaagent:1.5.0');
      expect(jmx?.command).toEqual(['cp', '/opt/agent.jar', '/opt/jmx-exporter/jmx_prometheus.jar']);
      expect(inits(makeSpec())['jmx-exporter']?.image).toBe(DEFAULT_JMX_EXPORTER_IMAGE);
      const pod = podFor(spec);
      expect(pod.spec?.containers[0]?.env).toContainEqual({
        name: 'KAFKA_OPTS',
        value: '-javaagent:/opt/jmx-exporter/jmx_prometheus.jar=9020:/etc/jmx-exporter/config.yaml',
      });
      expect(pod.spec?.containers[0]?.ports).toContainEqual({ name: 'metrics', containerPort: 9020 });
      expect(pod.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9020' });
    });

    it('write the exporter rules from kafkaJMXExporterConfig, else a default rule set', () => {
      const own = jmxExporterConfigMap(cluster, { ...makeSpec(), monitoringConfig: { kafkaJMXExporterConfig: 'rules: []\n' } });
      expect(own.metadata?.name).toBe('kafka-kafka-jmx-exporter');
      expect(own.data).toEqual({ 'config.yaml': 'rules: []\n' });
      expect(() => new ConfigMap(own).validate()).not.toThrow();
      expect(jmxExporterConfigMap(cluster, makeSpec()).data?.['config.yaml']).toContain('pattern:');
    });
  });
});
