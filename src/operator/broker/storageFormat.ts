import { randomBytes } from 'node:crypto';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { brokerHost, controllerListener, rolesOf } from '../../domain/serverProperties.js';
import { ALL_SCRAM_USERS, INTER_BROKER_SASL_MECHANISM } from '../../domain/scramUsers.js';

/** Where the apache/kafka image keeps Kafka's scripts. */
export const KAFKA_BIN = '/opt/kafka/bin';
export const FORMAT_CONTAINER = 'format-storage';

/**
 * The `--initial-controllers` value a new cluster's KRaft quorum starts from (KIP-853): every
 * controller of the spec as `id@host:port:directoryId`. The directory ids, Kafka Uuids in base64url,
 * are chosen here once and kept in status, as each controller's metadata log dir must be formatted
 * with its own (Kafka's StorageTool `format`, option --initial-controllers).
 */
export function initialControllers(clusterName: string, namespace: string, spec: KafkaClusterSpec): string | undefined {
  const listener = controllerListener(spec);
  if (listener === undefined) return undefined;
  const controllers = spec.brokers.filter((b) => rolesOf(spec, b).includes('controller'));
  if (controllers.length === 0) return undefined;
  return controllers
    .map((c) => `${c.id}@${brokerHost(clusterName, namespace, spec, c.id)}:${listener.containerPort}:${randomBytes(16).toString('base64url')}`)
    .join(',');
}

/** The node ids `initialControllers` names. */
export function initialControllerIds(value: string | undefined): Set<number> {
  return new Set(
    (value ?? '')
      .split(',')
      .filter((e) => e !== '')
      .map((e) => Number(e.split('@')[0])),
  );
}

/**
 * The init container that formats the broker's log dirs before Kafka starts: Kafka in KRaft mode
 * refuses a log dir without meta.properties, so each new disk is formatted on the Pod's next
 * start. `--ignore-formatted` leaves the formatted dirs alone and formats only the new ones.
 * A controller of the first quorum formats with it (`--initial-controllers`) while that quorum
 * forms; afterwards (status.initialControllers is dropped once the cluster first runs) every
 * controller formats with `--no-initial-controllers` and joins as a new voter, so a controller
 * whose disk was lost never claims the directory id of the voter it replaces (KIP-853). Kafka asks
 * for one of the two whenever `controller.quorum.voters` is not set. Brokers need neither.
 */
export function formatStorageContainer(options: {
  image: string;
  clusterId: string;
  configPath: string;
  mounts: IVolumeMount[];
  isController: boolean;
  brokerId: number;
  initialControllers: string | undefined;
  /** The Secret of kafkaplane's SCRAM users, when the inter-broker listener is SASL (scramUsers.ts). */
  scramSecret?: string | undefined;
}): IContainer {
  const quorum = !options.isController
    ? []
    : initialControllerIds(options.initialControllers).has(options.brokerId)
      ? ['--initial-controllers', options.initialControllers ?? '']
      : ['--no-initial-controllers'];
  // KIP-900: the SCRAM users go into the bootstrap metadata a controller of a new cluster starts
  // its log from, so brokers authenticate to each other before any AlterUserScramCredentials is
  // possible. The password reaches the tool through the kubelet's $(VAR) expansion of an env var
  // read from the Secret: the Pod spec names the Secret, never the password.
  const scram = options.isController && options.scramSecret !== undefined ? ALL_SCRAM_USERS : [];
  return {
    name: FORMAT_CONTAINER,
    image: options.image,
    command: [
      `${KAFKA_BIN}/kafka-storage.sh`,
      'format',
      '--cluster-id',
      options.clusterId,
      '--config',
      options.configPath,
      '--ignore-formatted',
      ...quorum,
      ...scram.flatMap((u) => ['--add-scram', `${INTER_BROKER_SASL_MECHANISM}=[name=${u.username},password=$(${u.env})]`]),
    ],
    ...(scram.length > 0
      ? { env: scram.map((u) => ({ name: u.env, valueFrom: { secretKeyRef: { name: options.scramSecret ?? '', key: u.passwordKey } } })) }
      : {}),
    volumeMounts: options.mounts,
  };
}
