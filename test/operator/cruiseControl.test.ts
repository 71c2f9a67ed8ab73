import { getProperties } from 'properties-file';
import { describe, expect, it } from 'vitest';
import { kafkaClusterSpecSchema, type KafkaClusterSpec, type KafkaClusterStatus } from '../../src/k8s/crd/index.js';
import { renderCapacity, type HeldDisks } from '../../src/operator/cruisecontrol/capacity.js';
import { ANNOTATION_CONFIG_HASH } from '../../src/operator/cruisecontrol/objects.js';
import { planCruiseControl, type CruiseControlInput, type ObservedCruiseControl } from '../../src/operator/cruisecontrol/plan.js';
import { renderProperties } from '../../src/operator/cruisecontrol/properties.js';
import { reportCruiseControl } from '../../src/operator/cruisecontrol/status.js';
import type { Action } from '../../src/operator/reconcile/actions.js';
import type { OperationRecord } from '../../src/domain/operationRecord.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';

const cluster = { name: 'kafka', namespace: 'kafka', uid: 'uid-1' };
const disk = (mountPath: string, storage: string) => ({ mountPath, pvcSpec: { resources: { requests: { storage } } } });

function spec(extra: Record<string, unknown> = {}, brokers?: unknown[]): KafkaClusterSpec {
  return kafkaClusterSpecSchema.parse(
    kraftSpecInput({
      brokerConfigGroups: { default: { processRoles: ['broker'], storageConfigs: [disk('/kafka-logs', '10Gi')] } },
      brokers: (brokers ?? [
        { id: 0, brokerConfig: { processRoles: ['controller'], storageConfigs: [disk('/meta', '1Gi')] } },
        { id: 1, brokerConfigGroup: 'default' },
        { id: 2, brokerConfigGroup: 'default' },
      ]) as never,
      ...extra,
    }),
  );
}

type Capacity = { brokerCapacities: Array<{ brokerId: string; capacity: { DISK: Record<string, string>; CPU: string; NW_IN: string; NW_OUT: string } }> };
const parsed = (json: string): Capacity => JSON.parse(json) as Capacity;
const held = (brokerId: number, disks: Array<[string, string]>): HeldDisks => ({ brokerId, disks: new Map(disks) });

describe('cruisecontrol.properties', () => {
  it("merges the user's config over the defaults and keeps the keys kafkaplane owns", () => {
    const user = 'num.partition.metrics.windows=3\nwebserver.http.port=9090\ncapacity.config.file=config/capacity.json\nbootstrap.servers=elsewhere:9092\n';
    const { text, overridden } = renderProperties(user, 'kafka-headless.kafka.svc.cluster.local:29092');
    const props = getProperties(text);
    expect(props['num.partition.metrics.windows']).toBe('3');
    expect(props['partition.metrics.window.ms']).toBe('300000');
    expect(props['bootstrap.servers']).toBe('kafka-headless.kafka.svc.cluster.local:29092');
    expect(props['webserver.http.port']).toBe('8090');
    expect(props['capacity.config.file']).toBe('/opt/cruise-control/config/capacity.json');
    // A relative path to the same file (Koperator's samples) is not a conflict; another value is.
    expect(overridden.map((o) => o.key).sort()).toEqual(['bootstrap.servers', 'webserver.http.port']);
  });
});

describe('capacity.json', () => {
  const input = (s: KafkaClusterSpec, h: HeldDisks[] = [], listed: number[] = [], previous?: string) => ({ spec: s, held: h, listed, previous });

  it('has one DISK entry per log dir of a JBOD broker, CPU from its limit and network from networkConfig', () => {
    const s = spec({
      brokerConfigGroups: {
        default: {
          processRoles: ['broker'],
          storageConfigs: [disk('/kafka-logs', '10Gi'), disk('/kafka-logs2/', '500M'), { mountPath: '/scratch', emptyDir: {} }],
          resourceRequirements: { limits: { cpu: '1500m' } },
          networkConfig: { incomingNetworkThroughPut: '250000', outgoingNetworkThroughPut: '300000' },
        },
      },
    });
    const result = renderCapacity(input(s), undefined);
    expect(result.ok).toBe(true);
    const b1 = parsed(result.ok ? result.json : '').brokerCapacities.find((c) => c.brokerId === '1');
    expect(b1?.capacity).toEqual({
      DISK: { '/kafka-logs/kafka': '10737', '/kafka-logs2/kafka': '500', '/scratch/kafka': '10737' },
      CPU: '150',
      NW_IN: '250000',
      NW_OUT: '300000',
    });
    const b0 = parsed(result.ok ? result.json : '').brokerCapacities.find((c) => c.brokerId === '0');
    expect(b0?.capacity).toMatchObject({ DISK: { '/meta/kafka': '1073' }, CPU: '100', NW_IN: '125000' });
  });

  it('has a disk added to the spec at once, and keeps a disk dropped from the spec while its PVC holds data', () => {
    const s = spec({}, [
      { id: 0, brokerConfig: { processRoles: ['controller'], storageConfigs: [disk('/meta', '1Gi')] } },
      { id: 1, brokerConfig: { processRoles: ['broker'], storageConfigs: [disk('/kafka-logs', '10Gi'), disk('/new', '20Gi')] } },
    ]);
    const draining = held(1, [
      ['/kafka-logs', '10Gi'],
      ['/old', '5Gi'],
    ]);
    const result = renderCapacity(input(s, [draining]), undefined);
    const b1 = parsed(result.ok ? result.json : '').brokerCapacities.find((c) => c.brokerId === '1');
    expect(b1?.capacity.DISK).toEqual({ '/kafka-logs/kafka': '10737', '/new/kafka': '21474', '/old/kafka': '5368' });
    // Once its PVC is deleted (the drain completed) it leaves.
    const after = renderCapacity(input(s, [held(1, [['/kafka-logs', '10Gi']])]), undefined);
    expect(parsed(after.ok ? after.json : '').brokerCapacities.find((c) => c.brokerId === '1')?.capacity.DISK).not.toHaveProperty('/old/kafka');
  });

  it('leaves the file as it was when a disk leaves the spec but its PVC still holds data: Cruise Control is not restarted as the drain starts', () => {
    const broker1 = (storageConfigs: unknown[]) => spec({}, [{ id: 1, brokerConfigGroup: 'default', brokerConfig: { storageConfigs } }]);
    // The broker's own disks come before its group's in the spec, a held one after them.
    const withDisk = renderCapacity(input(broker1([disk('/kafka-extra', '100Gi')])), undefined);
    const dropped = renderCapacity(
      input(broker1([]), [
        held(1, [
          ['/kafka-logs', '10Gi'],
          ['/kafka-extra', '100Gi'],
        ]),
      ]),
      undefined,
    );
    expect(dropped).toEqual(withDisk);
  });

  it('keeps a broker removed from the spec while it is drained, with what the deployed capacity said of it', () => {
    const s = spec({}, [
      { id: 0, brokerConfig: { processRoles: ['controller'], storageConfigs: [disk('/meta', '1Gi')] } },
      { id: 1, brokerConfigGroup: 'default' },
    ]);
    const previous = JSON.stringify({
      brokerCapacities: [{ brokerId: '2', capacity: { DISK: { '/kafka-logs/kafka': '10737' }, CPU: '300', NW_IN: '1', NW_OUT: '2' }, doc: '' }],
    });
    const draining = renderCapacity(input(s, [held(2, [['/kafka-logs', '10Gi']])], [2], previous), undefined);
    const ids = parsed(draining.ok ? draining.json : '').brokerCapacities.map((c) => c.brokerId);
    expect(ids).toEqual(['0', '1', '2']);
    expect(parsed(draining.ok ? draining.json : '').brokerCapacities[2]?.capacity.CPU).toBe('300');
    // A broker in the middle leaving the spec changes nothing in the file: Cruise Control is not restarted for it.
    const three = spec({}, [...s.brokers, { id: 2, brokerConfigGroup: 'default' }]);
    const before = renderCapacity(input(three, [held(2, [['/kafka-logs', '10Gi']])], [0, 1, 2]), undefined);
    const leaving = spec(
      {},
      three.brokers.filter((b) => b.id !== 1),
    );
    const whileDraining = renderCapacity(input(leaving, [held(1, [['/kafka-logs', '10Gi']])], [0, 1, 2], before.ok ? before.json : ''), undefined);
    expect(whileDraining).toEqual(before);
    // Its objects gone and the status forgot it: it leaves the capacity.
    const gone = renderCapacity(input(s, [], [], previous), undefined);
    expect(parsed(gone.ok ? gone.json : '').brokerCapacities.map((c) => c.brokerId)).toEqual(['0', '1']);
  });

  it('completes a user capacityConfig that misses a broker with generated entries (as Koperator), uses one with a -1 default as written, refuses invalid JSON', () => {
    const s = spec();
    const user = JSON.stringify({
      brokerCapacities: [{ brokerId: '1', capacity: { DISK: { '/kafka-logs/kafka': '99' }, CPU: '800', NW_IN: '5', NW_OUT: '5' } }],
    });
    const completed = renderCapacity(input(s), user);
    const entries = parsed(completed.ok ? completed.json : '').brokerCapacities;
    expect(entries.map((c) => c.brokerId).sort()).toEqual(['0', '1', '2']);
    expect(entries.find((c) => c.brokerId === '1')?.capacity.CPU).toBe('800');
    const universal = JSON.stringify({ brokerCapacities: [{ brokerId: '-1', capacity: { DISK: '10000', CPU: '100', NW_IN: '10', NW_OUT: '10' } }] });
    expect(renderCapacity(input(s), universal)).toEqual({ ok: true, json: universal });
    const broken = renderCapacity(input(s), '{"brokerCapacities": [');
    expect(broken.ok).toBe(false);
    expect(broken.ok ? '' : broken.error).toMatch(/not valid JSON/);
  });
});

describe('planCruiseControl', () => {
  const nothing: ObservedCruiseControl = { deployment: undefined, configMap: undefined, jmxConfigMap: undefined, service: undefined };
  const ready: KafkaClusterStatus = { cruiseControlTopicStatus: 'CruiseControlTopicReady' };
  const base = (over: Partial<CruiseControlInput> = {}): CruiseControlInput => ({
    cluster,
    spec: spec(),
    current: ready,
    seen: nothing,
    held: [],
    operations: [],
    creatingOperation: false,
    kafkaConnected: true,
    readyBrokers: 3,
    ...over,
  });
  const kinds = (actions: Action[]) => actions.map((a) => (a.type === 'create' || a.type === 'replace' ? `${a.type} ${a.object.kind}` : a.type));
  /** What the API server would hold after the plan's creates. */
  const applied = (actions: Action[]): ObservedCruiseControl => {
    const find = (kind: string, suffix = '') =>
      actions.find((a) => a.type === 'create' && a.object.kind === kind && (a.object.metadata?.name ?? '').endsWith(suffix)) as { object: never } | undefined;
    return {
      deployment: find('Deployment')?.object,
      configMap: find('ConfigMap', '-cruisecontrol-config')?.object,
      jmxConfigMap: find('ConfigMap', '-cc-jmx-exporter')?.object,
      service: find('Service')?.object,
    };
  };

  it('creates the metrics topic first and deploys Cruise Control only once the topic is there', () => {
    const first = planCruiseControl(base({ current: {}, spec: spec({ cruiseControlConfig: { topicConfig: { partitions: 3, replicationFactor: 2 } } }) }));
    expect(kinds(first.actions)).toEqual(['createCruiseControlTopic', 'create Service', 'create ConfigMap']);
    expect(first.actions[0]).toMatchObject({ name: '__CruiseControlMetrics', partitions: 3, replicationFactor: 2 });
    const next = planCruiseControl(base());
    expect(kinds(next.actions)).toEqual(['create Service', 'create ConfigMap', 'create Deployment']);
    expect(planCruiseControl(base({ current: {}, readyBrokers: 2 })).actions.some((a) => a.type === 'createCruiseControlTopic')).toBe(false);
  });

  it('without a Kafka connection, reports the topic as stalled instead of retrying, and deploys no Pod', () => {
    const plan = planCruiseControl(base({ current: {}, kafkaConnected: false }));
    expect(kinds(plan.actions)).toEqual(['create Service', 'create ConfigMap']);
    expect(plan.waiting).toEqual([]);
    expect(plan.stalled.join()).toMatch(/no Kafka connection/);
  });

  it('turns on basic security with the credentials Secret mounted when the cluster names one, its passwords out of the ConfigMap', () => {
    const user = spec({ cruiseControlConfig: { config: 'webserver.security.enable=false\nwebserver.auth.credentials.file=/etc/mine' } });
    const plan = planCruiseControl(base({ spec: user, credentialsSecret: 'cc-auth' }));
    const objects = plan.actions.map((a) => (a as unknown as { object: { kind: string; data?: Record<string, string>; spec?: unknown } }).object);
    const properties = getProperties(objects.find((o) => o.kind === 'ConfigMap')?.data?.['cruisecontrol.properties'] ?? '');
    expect(properties['webserver.security.enable']).toBe('true');
    expect(properties['webserver.security.provider']).toBe('com.linkedin.kafka.cruisecontrol.servlet.security.BasicSecurityProvider');
    expect(properties['webserver.auth.credentials.file']).toBe('/opt/cruise-control/auth/credentials');
    expect(plan.problems.join(' ')).toMatch(/webserver\.security\.enable=false, which kafkaplane owns/);
    const pod = (objects.find((o) => o.kind === 'Deployment')?.spec as { template: { spec: { volumes: Array<{ secret?: { secretName: string } }> } } }).template
      .spec;
    expect(pod.volumes.map((v) => v.secret?.secretName).filter((n) => n !== undefined)).toEqual(['cc-auth']);
    // Without a Secret, the user's own security settings are theirs.
    const open = renderProperties('webserver.security.enable=true', 'b:9092');
    expect(open.overridden).toEqual([]);
    expect(getProperties(open.text)['webserver.auth.credentials.file']).toBeUndefined();
  });

  it("gives Cruise Control's Kafka clients the client certificate on an ssl inter-broker listener, mounted, its key out of the ConfigMap", () => {
    const listeners = (extra: Record<string, unknown>) =>
      spec({
        ...extra,
        listenersConfig: {
          internalListeners: [
            { type: 'ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true },
            { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
          ],
          sslSecrets: { tlsSecretName: 'kafka-ca-certificate', create: true },
        },
      });
    const objectsOf = (plan: ReturnType<typeof planCruiseControl>) =>
      plan.actions.map((a) => (a as unknown as { object: { kind: string; data?: Record<string, string>; spec?: unknown } }).object);
    type PodSpec = {
      volumes: Array<{ name: string; secret?: { secretName: string }; emptyDir?: { medium?: string } }>;
      initContainers: Array<{ name: string; command: string[] }>;
    };
    const podOf = (plan: ReturnType<typeof planCruiseControl>): PodSpec =>
      (objectsOf(plan).find((o) => o.kind === 'Deployment')?.spec as { template: { spec: PodSpec } }).template.spec;

    const issued = planCruiseControl(base({ spec: listeners({}) }));
    const configMap = objectsOf(issued).find((o) => o.kind === 'ConfigMap');
    expect(getProperties(configMap?.data?.['cruisecontrol.properties'] ?? '')).toMatchObject({
      'security.protocol': 'SSL',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': '/var/run/kafka/client-keystore/keystore.pem',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': '/var/run/secrets/kafka/client/ca.crt',
    });
    expect(JSON.stringify(configMap?.data)).not.toContain('PRIVATE KEY');
    const pod = podOf(issued);
    // The Secret kafkaplane issues, under Koperator's name, and the keystore on a memory volume.
    expect(pod.volumes.find((v) => v.name === 'kafka-client-certificate')?.secret?.secretName).toBe('kafka-crd-controller');
    expect(pod.volumes.find((v) => v.name === 'kafka-client-keystore')?.emptyDir?.medium).toBe('Memory');
    expect(pod.initContainers.find((c) => c.name === 'kafka-client-keystore')?.command.join(' ')).toBe(
      'sh -c cat /var/run/secrets/kafka/client/tls.key /var/run/secrets/kafka/client/tls.crt > /var/run/kafka/client-keystore/keystore.pem',
    );
    // The user's clientSSLCertSecret wins over the issued one.
    const own = podOf(planCruiseControl(base({ spec: listeners({ clientSSLCertSecret: { name: 'mine' } }) })));
    expect(own.volumes.find((v) => v.name === 'kafka-client-certificate')?.secret?.secretName).toBe('mine');
    // A plaintext inter-broker listener: no SSL for its clients.
    expect(
      getProperties(objectsOf(planCruiseControl(base())).find((o) => o.kind === 'ConfigMap')?.data?.['cruisecontrol.properties'] ?? '')['security.protocol'],
    ).toBeUndefined();
  });

  it('serves HTTPS from the TLS Secret the cluster names: its keystore mounted, passwords as references, the probe over HTTPS', () => {
    const user = spec({ cruiseControlConfig: { config: 'webserver.ssl.enable=false\nwebserver.ssl.keystore.password=hunter2' } });
    const plan = planCruiseControl(base({ spec: user, tlsSecret: 'cc-tls' }));
    const objects = plan.actions.map((a) => (a as unknown as { object: { kind: string; data?: Record<string, string>; spec?: unknown } }).object);
    const text = objects.find((o) => o.kind === 'ConfigMap')?.data?.['cruisecontrol.properties'] ?? '';
    const properties = getProperties(text);
    expect(properties['webserver.ssl.enable']).toBe('true');
    expect(properties['webserver.ssl.keystore.location']).toBe('/opt/cruise-control/tls/keystore.p12');
    expect(properties['webserver.ssl.keystore.type']).toBe('PKCS12');
    expect(properties['webserver.ssl.keystore.password']).toBe('${dir:/opt/cruise-control/tls:keystore.password}');
    expect(properties['webserver.ssl.key.password']).toBe('${dir:/opt/cruise-control/tls:keystore.password}');
    // readConfig registers the env provider before reading the file: naming the providers keeps it.
    expect(properties['config.providers']).toBe('env,dir');
    expect(text).not.toContain('hunter2');
    expect(plan.problems.join(' ')).toMatch(/webserver\.ssl\.keystore\.password=hunter2, which kafkaplane owns/);
    const pod = (
      objects.find((o) => o.kind === 'Deployment')?.spec as {
        template: {
          spec: { volumes: Array<{ secret?: { secretName: string } }>; containers: Array<{ readinessProbe: unknown; ports: Array<{ name: string }> }> };
        };
      }
    ).template.spec;
    expect(pod.volumes.map((v) => v.secret?.secretName).filter((n) => n !== undefined)).toEqual(['cc-tls']);
    expect(pod.containers[0]?.readinessProbe).toMatchObject({ httpGet: { path: '/kafkacruisecontrol/state', port: 8090, scheme: 'HTTPS' } });
    expect(pod.containers[0]?.ports[0]?.name).toBe('https');
    // With basic auth too, the probe (which sends no credentials) checks the port.
    const both = planCruiseControl(base({ spec: user, tlsSecret: 'cc-tls', credentialsSecret: 'cc-auth' }));
    const deployment = both.actions.map((a) => (a as unknown as { object: { kind: string; spec?: unknown } }).object).find((o) => o.kind === 'Deployment');
    expect(JSON.stringify(deployment?.spec)).toContain('"tcpSocket":{"port":8090}');
  });

  it('deploys nothing when cruiseControlEndpoint is set', () => {
    expect(planCruiseControl(base({ spec: spec({ cruiseControlConfig: { cruiseControlEndpoint: 'cc.example:8090' } }) })).actions).toEqual([]);
  });

  it('rolls the Deployment when the config changes, but not while a task executes; then it waits', () => {
    const seen = applied(planCruiseControl(base()).actions);
    expect(planCruiseControl(base({ seen })).actions).toEqual([]);
    const changed = spec({ cruiseControlConfig: { config: 'num.broker.metrics.windows=5' } });
    const roll = planCruiseControl(base({ seen, spec: changed }));
    expect(kinds(roll.actions)).toEqual(['replace ConfigMap', 'replace Deployment']);
    const hashOf = (a: Action | undefined) =>
      (a as unknown as { object: { spec: { template: { metadata: { annotations: Record<string, string> } } } } }).object.spec.template.metadata.annotations[
        ANNOTATION_CONFIG_HASH
      ];
    expect(hashOf(roll.actions[1])).not.toBe(seen.deployment?.spec?.template.metadata?.annotations?.[ANNOTATION_CONFIG_HASH]);

    const running = { name: 'kafka-rebalance-1', deleting: false, status: { currentTask: { id: 't1', state: 'InExecution' } } } as unknown as OperationRecord;
    const held = planCruiseControl(base({ seen, spec: changed, operations: [running] }));
    expect(held.actions).toEqual([]);
    expect(held.waiting.join()).toMatch(/waits until operation kafka-rebalance-1 ends/);
    expect(planCruiseControl(base({ seen, spec: changed, creatingOperation: true })).actions).toEqual([]);
  });

  it('reports an owned key and applies the rest; reports a broken capacityConfig and keeps what is deployed', () => {
    const seen = applied(planCruiseControl(base()).actions);
    const owned = planCruiseControl(base({ seen, spec: spec({ cruiseControlConfig: { config: 'webserver.http.port=9090' } }) }));
    expect(owned.problems.join()).toMatch(/webserver.http.port=9090.*8090 is kept/);
    const broken = planCruiseControl(
      base({ seen, spec: spec({ cruiseControlConfig: { capacityConfig: 'not json', config: 'num.broker.metrics.windows=5' } }) }),
    );
    expect(broken.problems.join()).toMatch(/capacityConfig is not valid JSON/);
    expect(broken.actions).toEqual([]);
  });

  it('adds the JMX exporter to the Pod when monitoringConfig is set', () => {
    const plan = planCruiseControl(base({ spec: spec({ monitoringConfig: { jmxImage: 'jmx:1' } }) }));
    expect(kinds(plan.actions)).toContain('create ConfigMap');
    const deployment = applied(plan.actions).deployment;
    const pod = deployment?.spec?.template.spec;
    expect(pod?.initContainers?.map((c) => `${c.name} ${c.image}`)).toEqual(['jmx-exporter jmx:1']);
    expect(pod?.containers[0]?.env).toContainEqual({
      name: 'KAFKA_OPTS',
      value: '-javaagent:/opt/jmx-exporter/jmx_prometheus.jar=9020:/etc/jmx-exporter/config.yaml',
    });
    expect(applied(plan.actions).jmxConfigMap?.metadata?.name).toBe('kafka-cc-jmx-exporter');
  });
});

describe('reportCruiseControl', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const plan = { actions: [], waiting: [], stalled: [], problems: [], refused: false, topicRequested: false };
  const topic = {
    type: 'createCruiseControlTopic' as const,
    name: '__CruiseControlMetrics',
    partitions: 12,
    replicationFactor: 3,
    reason: 'CruiseControlTopicCreated' as const,
  };

  it('sets the topic status from what Kafka answered, and waits again after a refusal', () => {
    const created = reportCruiseControl({}, { ...plan, topicRequested: true }, { applied: [topic], refused: [] }, 1, now);
    expect(created.status.cruiseControlTopicStatus).toBe('CruiseControlTopicReady');
    const refused = reportCruiseControl(
      {},
      { ...plan, topicRequested: true },
      { applied: [], refused: [{ action: topic, error: new Error('INVALID_REPLICATION_FACTOR') }] },
      1,
      now,
    );
    expect(refused.status.cruiseControlTopicStatus).toBe('CruiseControlTopicNotReady');
    expect(refused.waiting.join()).toMatch(/INVALID_REPLICATION_FACTOR/);
    expect(refused.status.conditions?.find((c) => c.type === 'CruiseControlUpToDate')?.status).toBe('False');
  });

  it('reports a refused configuration as a condition and one Warning Event, not again while it stays the same', () => {
    const problems = ['cruiseControlConfig.capacityConfig is not valid JSON'];
    const first = reportCruiseControl({}, { ...plan, problems, refused: true }, { applied: [], refused: [] }, 2, now);
    expect(first.status.conditions?.find((c) => c.type === 'CruiseControlConfigApplied')).toMatchObject({
      status: 'False',
      reason: 'CruiseControlConfigRefused',
    });
    expect(first.events).toEqual([expect.objectContaining({ eventType: 'Warning', reason: 'CruiseControlConfigRefused' })]);
    const again = reportCruiseControl(first.status, { ...plan, problems, refused: true }, { applied: [], refused: [] }, 2, now);
    expect(again.events).toEqual([]);
    const fixed = reportCruiseControl(again.status, plan, { applied: [], refused: [] }, 3, now);
    expect(fixed.status.conditions?.find((c) => c.type === 'CruiseControlConfigApplied')?.status).toBe('True');
  });
});
