import { CruiseControlError, type AsyncOutcome, type CruiseControlClient, type CruiseControlClients } from '../cruisecontrol/index.js';
import type { KafkaClusterAdmins } from '../kafka/clusterAdmins.js';
import { KafkaAdminError, type KafkaAdminClient } from '../kafka/index.js';
import type { LiveFetchers, LiveTarget } from './liveData.js';

/** The answer of an asynchronous endpoint that answered at once; a 202 means it is still working on it. */
function done<T>(endpoint: string, outcome: AsyncOutcome<T>): T {
  if (outcome.state === 'done') return outcome.result;
  throw new CruiseControlError({
    code: 'CC_BAD_RESPONSE',
    endpoint,
    status: 202,
    errorMessage: 'Cruise Control is still computing the answer; ask again shortly',
  });
}

/**
 * Cruise Control and Kafka as the API reads them, through the process's clients: Cruise Control
 * with short timeouts and no retries (the next query asks again), each call bounded by the
 * shared live cache's signal.
 */
export function networkSources(cruiseControlClients: CruiseControlClients, kafka: KafkaClusterAdmins): LiveFetchers {
  const cruiseControl = (cluster: LiveTarget): CruiseControlClient => {
    const client = cruiseControlClients.of('read', cluster.ref, cluster.cruiseControl);
    if (client === undefined)
      throw new CruiseControlError({ code: 'CC_UNAVAILABLE', endpoint: 'state', errorMessage: 'no Cruise Control address is known for this cluster' });
    return client;
  };

  const admin = async (cluster: LiveTarget): Promise<KafkaAdminClient> => {
    const { ref } = cluster;
    const client = await kafka.of(ref, cluster.spec);
    if (client === undefined)
      throw new KafkaAdminError('KAFKA_UNREACHABLE', 'connect', `${ref.namespace}/${ref.name}`, 'no bootstrap address is known for this cluster');
    return client;
  };

  return {
    cruiseControlState: async (cluster, signal) =>
      done('state', await cruiseControl(cluster).state({ substates: ['monitor', 'analyzer', 'executor'], verbose: true, signal })),
    brokerLoad: async (cluster, signal) => done('load', await cruiseControl(cluster).load({ populateDiskInfo: true, allowCapacityEstimation: true, signal })),
    kafkaClusterState: (cluster, signal) => cruiseControl(cluster).kafkaClusterState({ signal }),
    quorum: async (cluster, signal) => (await admin(cluster)).describeQuorum(signal),
    brokerConfigs: async (broker, signal) => {
      if (broker.brokerId === undefined) throw new Error('no broker named');
      return (await admin(broker)).describeBrokerConfigs(broker.brokerId, signal);
    },
    clusterDefaultConfigs: async (cluster, signal) => (await admin(cluster)).describeClusterDefaultConfigs(signal),
  };
}
