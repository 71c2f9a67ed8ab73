import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { Kubectl, kubectlPresent } from '../support/kubectl.js';

let sandbox: Sandbox;
let core: CoreV1Api;
let kubectl: Kubectl;

const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';
const VOTER = `0@kafka-0:29093:${'A'.repeat(21)}w`;
const mounts = [{ name: 'broker-config', mountPath: '/config' }];
const properties = (id: number, nodeId = id, roles = 'broker,controller'): string =>
  `node.id=${nodeId}\nprocess.roles=${roles}\ncontroller.quorum.bootstrap.servers=kafka-0:29093\nlog.dirs=/kafka-logs/kafka\nsasl.jaas.config=secret\n`;

/** A broker Pod as the operator makes it: storage formatted by an init container, then Kafka on the mounted config. */
async function brokerPod(id: number, config: string): Promise<void> {
  await core.createNamespacedConfigMap({ namespace: 'kafka', body: { metadata: { name: `kafka-config-${id}` }, data: { 'broker-config': config } } });
  await core.createNamespacedPod({
    namespace: 'kafka',
    body: {
      metadata: { name: `kafka-${id}`, labels: { app: 'kafka', kafka_cr: 'kafka', brokerId: String(id) } },
      spec: {
        initContainers: [
          {
            name: 'format-storage',
            image: 'apache/kafka:4.1.0',
            command: [
              '/opt/kafka/bin/kafka-storage.sh',
              'format',
              '--cluster-id',
              CLUSTER_ID,
              '--config',
              '/config/broker-config',
              '--ignore-formatted',
              '--initial-controllers',
              VOTER,
            ],
            volumeMounts: mounts,
          },
        ],
        containers: [
          { name: 'kafka', image: 'apache/kafka:4.1.0', command: ['/opt/kafka/bin/kafka-server-start.sh', '/config/broker-config'], volumeMounts: mounts },
        ],
        volumes: [{ name: 'broker-config', configMap: { name: `kafka-config-${id}` } }],
        terminationGracePeriodSeconds: 1,
      },
    },
  });
}

describe.skipIf(!kubectlPresent)('kubectl logs of Kafka Pods', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-logs-'));
    sandbox = await startSandbox({ dir });
    core = sandbox.kube.kubeConfig.makeApiClient(CoreV1Api);
    kubectl = new Kubectl(join(sandbox.dir, 'kubeconfig'), join(dir, 'cache'));
    await core.createNamespace({ body: { metadata: { name: 'kafka' } } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('shows a broker\'s startup: its config, the quorum, and "Kafka Server started"', async () => {
    await brokerPod(0, properties(0));
    expect(await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-0', '-n', 'kafka', '--timeout=20s')).toBe('pod/kafka-0 condition met\n');
    const log = await kubectl.out('logs', 'kafka-0', '-n', 'kafka');
    expect(log).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO KafkaConfig values: $/m);
    expect(log).toContain('\tnode.id = 0\n');
    expect(log).toContain('\tsasl.jaas.config = [hidden]\n');
    expect(log).toMatch(
      /INFO \[RaftManager id=0\] Completed transition to Leader\(localReplicaKey=ReplicaKey\(id=0\), epoch=1\) \(org.apache.kafka.raft.QuorumState\)/,
    );
    expect(await kubectl.out('logs', 'kafka-0', '-n', 'kafka', '-c', 'kafka', '--tail=1')).toMatch(
      /^\[[^\]]+\] INFO \[KafkaRaftServer nodeId=0\] Kafka Server started \(kafka.server.KafkaRaftServer\)\n$/,
    );
    expect(await kubectl.out('logs', 'kafka-0', '-n', 'kafka', '--tail=1', '--timestamps')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z \[/);
    expect(await kubectl.out('logs', 'kafka-0', '-n', 'kafka', '--since=1h')).toBe(log);
    const noPrevious = await kubectl.run('logs', 'kafka-0', '-n', 'kafka', '--previous');
    // kubectl says which container it chose (the Pod has an init container too), then the kubelet's answer.
    expect(noPrevious.stderr).toBe(
      'Defaulted container "kafka" out of: kafka, format-storage (init)\nError from server (BadRequest): previous terminated container "kafka" in pod "kafka-0" not found\n',
    );
    const wrong = await kubectl.run('logs', 'kafka-0', '-n', 'kafka', '-c', 'jmx');
    expect(wrong.stderr).toBe('error: container jmx is not valid for pod kafka-0\n');
  });

  it("follows a broker's log with -f while a replica moves onto it", async () => {
    await brokerPod(1, properties(1, 1, 'broker'));
    await kubectl.out('wait', '--for=condition=Ready', 'pod/kafka-1', '-n', 'kafka', '--timeout=20s');
    const follow = kubectl.start('logs', '-f', 'kafka-1', '-n', 'kafka');
    try {
      await follow.until((out) => out.includes('Kafka Server started'), 'the startup lines');
      const model = sandbox.world.model('kafka', 'kafka');
      model?.createTopic({ name: 'orders', partitions: 1, replicationFactor: 1, initialSizeBytes: 256 * 2 ** 20 });
      const from = model?.partition('orders', 0).leader ?? 0;
      model?.moveReplica({ topic: 'orders', partition: 0, fromBroker: from, toBroker: from === 0 ? 1 : 0 });
      // The move goes to broker 1 when the partition was on 0; else from 1 to 0, which broker 1 logs when it is done.
      await follow.until(
        (out) =>
          out.includes('[ReplicaFetcherManager on broker 1] Added fetcher to broker 0 for partitions HashMap(orders-0') ||
          out.includes('[ReplicaFetcherManager on broker 1] Removed fetcher for partitions Set(orders-0)'),
        'the reassignment',
      );
    } finally {
      follow.child.kill();
    }
  });

  it('keeps the error a crashed broker died with for logs --previous, restarting it with back-off', async () => {
    await brokerPod(2, properties(2, 7));
    const restarts = async (): Promise<number> => {
      const pod = await core.readNamespacedPod({ name: 'kafka-2', namespace: 'kafka' });
      return pod.status?.containerStatuses?.[0]?.restartCount ?? 0;
    };
    // The kubelet starts it again and again (restartPolicy Always): the count grows.
    await expect.poll(restarts, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const pod = await core.readNamespacedPod({ name: 'kafka-2', namespace: 'kafka' });
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    await expect
      .poll(async () => (await kubectl.out('get', 'pod', 'kafka-2', '-n', 'kafka', '--no-headers')).split(/\s+/).slice(1, 3), { timeout: 20_000 })
      .toEqual(['0/1', 'CrashLoopBackOff']);
    const previous = await kubectl.out('logs', 'kafka-2', '-n', 'kafka', '--previous');
    expect(previous).toMatch(
      /^\[[^\]]+\] ERROR Exiting Kafka due to fatal exception \(kafka.Kafka\$\)\njava.lang.RuntimeException: node.id 7 does not match broker 2\n/,
    );
    const events = await kubectl.out('get', 'events', '-n', 'kafka', '--field-selector', 'involvedObject.name=kafka-2', '-o', 'jsonpath={.items[*].message}');
    expect(events).toContain('Back-off restarting failed container kafka in pod kafka-2_kafka(');
  });
});
