import type { Registry } from 'prom-client';
import { CruiseControlClient, CruiseControlError, type AsyncOutcome } from '../cruisecontrol/index.js';
import { KafkaAdminError, KafkaAdminPool, type KafkaAdminClient } from '../kafka/index.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from '../domain/labels.js';
import { internalBootstrapServers } from '../domain/serverProperties.js';
import type { CruiseControlUrlResolver } from '../operator/kafkaHealth.js';
import type { LiveFetchers, LiveTarget } from './liveData.js';

export interface NetworkSourcesOptions {
  cruiseControlUrl: CruiseControlUrlResolver;
  /** Bootstrap addresses of each cluster's brokers (default: their Service names on the internal listener). */
  kafkaBootstrap?: ((cluster: ClusterRef) => string[] | undefined) | undefined;
  /** Where Cruise Control requests are counted (kafkaplane_cruise_control_requests_total). */
  registry?: Registry | undefined;
  logger?: Logger | undefined;
  /** Per call; a query never waits longer on a source. */
  timeoutMs: number;
}

export interface NetworkSources {
  fetchers: LiveFetchers;
  close(): Promise<void>;
}

/** The answer of an asynchronous endpoint that answered at once; a 202 means it is still working on it. */
function done<T>(endpoint: string, outcome: AsyncOutcome<T>): T {
  if (outcome.state === 'done') return outcome.result;
  throw new CruiseControlError({ code: 'CC_BAD_RESPONSE', endpoint, status: 202, errorMessage: 'Cruise Control is still computing the answer; ask again shortly' });
}

/** Cruise Control and Kafka as the API reads them: short timeouts, no retries (the next query asks again). */
export function networkSources(options: NetworkSourcesOptions): NetworkSources {
  const clients = new Map<string, CruiseControlClient>();
  const pool = new KafkaAdminPool({ connectTimeoutMs: Math.min(2_000, options.timeoutMs), requestTimeoutMs: options.timeoutMs, operationTimeoutMs: options.timeoutMs, retries: 0 });

  const cruiseControl = (cluster: LiveTarget): CruiseControlClient => {
    const url = options.cruiseControlUrl(cluster.ref, cluster.cruiseControlEndpoint);
    if (url === undefined) throw new CruiseControlError({ code: 'CC_UNAVAILABLE', endpoint: 'state', errorMessage: 'no Cruise Control address is known for this cluster' });
    let client = clients.get(url);
    if (client === undefined) {
      client = new CruiseControlClient({ url, timeoutMs: options.timeoutMs, retries: 0, registry: options.registry, logger: options.logger });
      clients.set(url, client);
    }
    return client;
  };

  const admin = (cluster: LiveTarget): KafkaAdminClient => {
    const { ref } = cluster;
    const bootstrap = options.kafkaBootstrap?.(ref) ?? (cluster.spec !== undefined ? internalBootstrapServers(ref.name, ref.namespace, cluster.spec) : undefined);
    if (bootstrap === undefined || bootstrap.length === 0) throw new KafkaAdminError('KAFKA_UNREACHABLE', 'connect', `${ref.namespace}/${ref.name}`, 'no bootstrap address is known for this cluster');
    return pool.get({ cluster: `${ref.namespace}/${ref.name}`, bootstrapServers: bootstrap });
  };

  const fetchers: LiveFetchers = {
    cruiseControlState: async (cluster, signal) =>
      done('state', await cruiseControl(cluster).state({ substates: ['monitor', 'analyzer', 'executor'], verbose: true, signal })),
    brokerLoad: async (cluster, signal) => done('load', await cruiseControl(cluster).load({ populateDiskInfo: true, allowCapacityEstimation: true, signal })),
    kafkaClusterState: (cluster, signal) => cruiseControl(cluster).kafkaClusterState({ signal }),
    quorum: async (cluster, signal) => admin(cluster).describeQuorum(signal),
    brokerConfigs: async (broker, signal) => {
      if (broker.brokerId === undefined) throw new Error('no broker named');
      return admin(broker).describeBrokerConfigs(broker.brokerId, signal);
    },
    clusterDefaultConfigs: async (cluster, signal) => admin(cluster).describeClusterDefaultConfigs(signal),
  };
  return { fetchers, close: () => pool.close() };
}
