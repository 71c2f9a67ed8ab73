import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Admin } from '@platformatic/kafka';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { KafkaClusterSpecInput } from '../../src/k8s/crd/kafkaCluster.js';
import { kraftSpecInput } from '../support/clusterSpecs.js';
import { createTestCa, tlsSecretData, type IssuedCertificate } from '../support/certificates.js';
import { CLUSTER, NAMESPACE, storage, startOperationsWorld, type OperationsWorld } from './support/operationsSandbox.js';
import { appliesConfigAndDrainsABroker } from './support/securedClusterFlows.js';

/**
 * TLS on the inter-broker and controller listeners, on the whole sandbox: Koperator's own SSL
 * sample made KRaft comes up, kafkaplane and Cruise Control reach Kafka with the client
 * certificate kafkaplane issues, and a drain runs through them; real Kafka clients reach the
 * inter-broker listener only as its sslClientAuth allows; brokers whose certificates their
 * peers do not trust never join.
 */
let world: OperationsWorld;
const api = { group: 'kafka.banzaicloud.io', version: 'v1beta1', plural: 'kafkaclusters' };
type Status = { status?: { state?: string; brokersReady?: string } };

/** Koperator's `simplekafkacluster_ssl.yaml` in KRaft mode: its three brokers are the controllers too. */
function sslSample(): KafkaClusterSpecInput {
  const { spec } = parse(readFileSync('test/k8s/crd/samples/simplekafkacluster_ssl.yaml', 'utf8')) as {
    spec: KafkaClusterSpecInput & { zkAddresses?: unknown };
  };
  delete spec.zkAddresses;
  return {
    ...spec,
    kRaft: true,
    brokers: spec.brokers.map((b) => ({ ...b, brokerConfig: { processRoles: ['broker', 'controller'] } })),
  };
}

async function createIn(namespace: string, spec: KafkaClusterSpecInput): Promise<void> {
  if (namespace !== NAMESPACE) await world.core.createNamespace({ body: { metadata: { name: namespace } } });
  await world.custom.createNamespacedCustomObject({
    ...api,
    namespace,
    body: { apiVersion: 'kafka.banzaicloud.io/v1beta1', kind: 'KafkaCluster', metadata: { name: CLUSTER }, spec },
  });
}

const statusOf = async (namespace: string): Promise<string> => {
  const { status } = (await world.custom.getNamespacedCustomObject({ ...api, namespace, name: CLUSTER })) as Status;
  return `${status?.state ?? ''} ${status?.brokersReady ?? ''}`;
};

const secretText = async (namespace: string, name: string, key: string): Promise<string> =>
  Buffer.from((await world.core.readNamespacedSecret({ namespace, name })).data?.[key] ?? '', 'base64').toString('utf8');

/** The inter-broker listener of broker 0, by the name it advertises inside the cluster. */
const interBrokerAddress = (namespace: string): string => `${CLUSTER}-0.${CLUSTER}-headless.${namespace}.svc.cluster.local:29092`;

/** The brokers a real Kafka client on the inter-broker listener is told about, or the error it gets. */
async function brokersSeen(namespace: string, tls: { ca: string; cert?: string; key?: string }): Promise<number[] | 'refused'> {
  const admin = new Admin({
    clientId: 'test',
    bootstrapBrokers: [interBrokerAddress(namespace)],
    retries: 0,
    connectTimeout: 5_000,
    requestTimeout: 5_000,
    tls,
  });
  try {
    const metadata = await admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort();
  } catch {
    return 'refused';
  } finally {
    await admin.close().catch(() => undefined);
  }
}

const podLog = async (namespace: string, brokerId: number): Promise<string> => {
  const pod = (await world.core.listNamespacedPod({ namespace, labelSelector: `app=kafka,brokerId=${brokerId}` })).items[0];
  return pod?.metadata?.name === undefined ? '' : world.core.readNamespacedPodLog({ namespace, name: pod.metadata.name, container: 'kafka' }).catch(() => '');
};

beforeAll(async () => {
  world = await startOperationsWorld();
  await world.startOperator();
}, 60_000);
afterAll(async () => {
  await world.close();
});

describe('TLS on the inter-broker and controller listeners', () => {
  it("brings up Koperator's SSL sample, with kafkaplane and Cruise Control on a client certificate, and drains a broker through them", async () => {
    await createIn(NAMESPACE, sslSample());
    await expect.poll(() => statusOf(NAMESPACE), { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 3/3');

    // kafkaplane issued its client certificate from the cluster's CA, into Koperator's Secret name.
    const ca = await secretText(NAMESPACE, 'kafka-ca-certificate', 'ca.crt');
    const client = {
      cert: await secretText(NAMESPACE, 'kafka-crd-controller', 'tls.crt'),
      key: await secretText(NAMESPACE, 'kafka-crd-controller', 'tls.key'),
    };
    expect(new X509Certificate(client.cert).verify(new X509Certificate(ca).publicKey)).toBe(true);
    // Cruise Control's Kafka clients speak SSL from mounted files; no key is in any ConfigMap.
    const ccConfig = await world.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: `${CLUSTER}-cruisecontrol-config` });
    expect(ccConfig.data?.['cruisecontrol.properties']).toMatch(/^security\.protocol=SSL$/m);
    const configMaps = (await world.core.listNamespacedConfigMap({ namespace: NAMESPACE })).items;
    expect(configMaps.some((c) => Object.values(c.data ?? {}).some((v) => v.includes('PRIVATE KEY')))).toBe(false);
    await vi.waitFor(() => expect(world.sandbox.world.cruiseControl(NAMESPACE, CLUSTER)).toBeDefined(), { timeout: 60_000, interval: 100 });

    // sslClientAuth requested: a client certificate of the cluster's CA is taken, one of another CA refused.
    expect(await brokersSeen(NAMESPACE, { ca, ...client })).toEqual([0, 1, 2]);
    const stranger = await (await createTestCa('stranger')).issue('stranger');
    expect(await brokersSeen(NAMESPACE, { ca, ...stranger })).toBe('refused');

    // Through the ssl inter-broker and controller listeners: a cluster-wide config, a broker joining, then drained.
    await appliesConfigAndDrainsABroker(world, () => statusOf(NAMESPACE));
  }, 400_000);

  it('takes a client on an inter-broker listener with sslClientAuth required only with a certificate of the cluster, Cruise Control too', async () => {
    const namespace = 'strict';
    await createIn(
      namespace,
      kraftSpecInput({
        listenersConfig: {
          internalListeners: [
            { type: 'ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true, sslClientAuth: 'required' },
            { type: 'plaintext', name: 'controller', containerPort: 29093, usedForControllerCommunication: true },
          ],
          sslSecrets: { tlsSecretName: 'kafka-ca-certificate', create: true },
        },
        brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
        brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
      }),
    );
    await expect.poll(() => statusOf(namespace), { timeout: 90_000, interval: 200 }).toBe('ClusterRunning 3/3');
    const ca = await secretText(namespace, 'kafka-ca-certificate', 'ca.crt');
    const client = {
      cert: await secretText(namespace, 'kafka-crd-controller', 'tls.crt'),
      key: await secretText(namespace, 'kafka-crd-controller', 'tls.key'),
    };
    expect(await brokersSeen(namespace, { ca, ...client })).toEqual([0, 1, 2]);
    expect(await brokersSeen(namespace, { ca })).toBe('refused');

    // A client certificate of another CA given to Cruise Control: its new Pod's Kafka clients are refused, so it never serves.
    await vi.waitFor(() => expect(world.sandbox.world.cruiseControl(namespace, CLUSTER)).toBeDefined(), { timeout: 60_000, interval: 100 });
    const stranger = await createTestCa('stranger-ca');
    await world.core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'stranger' }, type: 'kubernetes.io/tls', data: tlsSecretData(await stranger.issue('kafkaplane'), stranger.cert) },
    });
    await world.custom.patchNamespacedCustomObject(
      { ...api, namespace, name: CLUSTER, body: { spec: { clientSSLCertSecret: { name: 'stranger' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const strangerPod = async () =>
      (await world.core.listNamespacedPod({ namespace, labelSelector: 'app=cruisecontrol' })).items.find((p) =>
        p.spec?.volumes?.some((v) => v.secret?.secretName === 'stranger'),
      );
    const strangerLog = async (): Promise<string> => {
      const name = (await strangerPod())?.metadata?.name;
      return name === undefined ? '' : world.core.readNamespacedPodLog({ namespace, name }).catch(() => '');
    };
    await vi.waitFor(async () => expect(await strangerLog()).toContain('failed authentication due to: SSL handshake failed'), {
      timeout: 60_000,
      interval: 200,
    });
    expect(await strangerLog()).toContain('PKIX path building failed');
    expect((await strangerPod())?.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');
  }, 200_000);

  it('never lets in nodes whose certificate is signed by another CA than the one their peers trust, and their logs say why', async () => {
    const namespace = 'foreign';
    const clusterCa = await createTestCa('cluster-ca');
    const otherCa = await createTestCa('other-ca');
    const names = [0, 1, 2].flatMap((id) => [
      `${CLUSTER}-${id}.${CLUSTER}-headless.${namespace}.svc.cluster.local`,
      `${CLUSTER}-headless.${namespace}.svc.cluster.local`,
    ]);
    // The server certificate is another CA's, while ca.crt (the truststore) names the cluster's.
    const server: IssuedCertificate = await otherCa.issue('kafka', names);
    const client = await clusterCa.issue('kafkaplane');
    await world.core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const [name, issued] of [
      ['foreign-server', server],
      ['client', client],
    ] as const) {
      await world.core.createNamespacedSecret({
        namespace,
        body: { metadata: { name }, type: 'kubernetes.io/tls', data: tlsSecretData(issued, clusterCa.cert) },
      });
    }
    const listener = { serverSSLCertSecret: { name: 'foreign-server' }, sslClientAuth: 'required' as const };
    await world.custom.createNamespacedCustomObject({
      ...api,
      namespace,
      body: {
        apiVersion: 'kafka.banzaicloud.io/v1beta1',
        kind: 'KafkaCluster',
        metadata: { name: CLUSTER },
        spec: kraftSpecInput({
          clientSSLCertSecret: { name: 'client' },
          listenersConfig: {
            internalListeners: [
              { type: 'ssl', name: 'internal', containerPort: 29092, usedForInnerBrokerCommunication: true, ...listener },
              { type: 'ssl', name: 'controller', containerPort: 29093, usedForControllerCommunication: true, ...listener },
            ],
          },
          brokerConfigGroups: { default: { storageConfigs: [storage('/kafka-logs')] } },
          brokers: [0, 1, 2].map((id) => ({ id, brokerConfigGroup: 'default', brokerConfig: { processRoles: ['broker', 'controller'] } })),
        }),
      },
    });
    // Each node reaches its own controller over the network, and its truststore does not lead to its certificate.
    await vi.waitFor(
      async () => {
        for (const id of [0, 1, 2]) {
          const log = await podLog(namespace, id);
          expect(log).toContain('failed authentication due to: SSL handshake failed (org.apache.kafka.clients.NetworkClient)');
          expect(log).toContain('PKIX path building failed');
        }
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(
      world.sandbox.world
        .model(namespace, CLUSTER)
        ?.brokers()
        .filter((b) => b.running) ?? [],
    ).toEqual([]);
    const ready = (await world.core.listNamespacedPod({ namespace, labelSelector: 'app=kafka' })).items.filter((p) =>
      p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    expect(ready).toEqual([]);
  }, 120_000);
});
