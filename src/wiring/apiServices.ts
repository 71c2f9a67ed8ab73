import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CruiseControlClients } from '../cruisecontrol/index.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import { EventRecorder } from '../k8s/events.js';
import type { ObjectCache } from '../k8s/objectCache.js';
import type { KafkaClusterAdmins } from '../kafka/clusterAdmins.js';
import { isDynamicPerBroker } from '../kafka/index.js';
import type { Logger } from '../logging.js';
import { ClusterLifecycle } from '../operator/clusters/lifecycle.js';
import { ClusterEditor } from '../operator/edits/index.js';
import { ProposalPreviews } from '../operator/operations/preview.js';
import { OperationRequests } from '../operator/operations/requests.js';
import { RequestLiveData, SharedLiveCache } from '../readmodel/liveData.js';
import { networkSources } from '../readmodel/liveSources.js';
import { ReadModel } from '../readmodel/readModel.js';
import type { CallerAccess } from '../auth/callerAccess.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { cruiseControlTargetOf } from '../domain/cruiseControlAccess.js';

/** How long Cruise Control's and Kafka's answers are shared between requests, and a bound on each call. */
const LIVE_TTL_MS = 5_000;
const LIVE_TIMEOUT_MS = 3_000;

export interface ApiServicesOptions {
  kubernetes: KubernetesConnection;
  logger: Logger;
  /** The operator's informer cache, once it synced (the API reads it with --reconcile=false too). */
  cache: () => ObjectCache | undefined;
  cruiseControl: CruiseControlClients;
  kafka: KafkaClusterAdmins;
}

/**
 * What the resolvers use, built once: the read model over the cache, Cruise Control and Kafka
 * read at most once per cluster for each request, and the writes of the mutations. Answers the
 * context of one request.
 */
export function createApiServices(options: ApiServicesOptions): (clientAddress: string, signal: () => AbortSignal, access: CallerAccess) => GraphQLContext {
  const { kubernetes, logger, cache, cruiseControl, kafka } = options;
  const kubeConfig = kubernetes.kubeConfig;
  const readModel = new ReadModel({ cache, connected: kubeConfig !== undefined, isPerBrokerDynamic: isDynamicPerBroker });
  const live = new SharedLiveCache(networkSources(cruiseControl, kafka), { ttlMs: LIVE_TTL_MS, timeoutMs: LIVE_TIMEOUT_MS });
  // Who asked for each change is recorded on the cluster's Events, as this replica.
  const events = kubeConfig ? new EventRecorder(kubeConfig, 'kafkaplane-api', hostname(), logger) : undefined;
  // Edits check against the caches: they exist once Kubernetes is connected and the caches synced.
  const onceSynced = <T>(build: (kc: KubeConfig, synced: ObjectCache) => T): (() => T | undefined) => {
    let built: T | undefined;
    return () => {
      const synced = cache();
      if (kubeConfig === undefined || synced?.synced !== true) return undefined;
      built ??= build(kubeConfig, synced);
      return built;
    };
  };
  const editor = onceSynced((kc, synced) => new ClusterEditor({ kubeConfig: kc, cache: synced, logger, ...(events ? { events } : {}) }));
  // Kafka is asked what a cluster holds before the cluster may be deleted.
  const clusters = onceSynced(
    (kc, synced) => new ClusterLifecycle({ kubeConfig: kc, cache: synced, logger, events, kafkaAdmin: (ref, spec) => kafka.of(ref, spec) }),
  );
  const operations = kubeConfig ? new OperationRequests(kubeConfig, cache, events) : undefined;
  const previews = new ProposalPreviews((cluster) =>
    cruiseControl.of('preview', cluster, cruiseControlTargetOf(cache()?.get('KafkaCluster', cluster.namespace, cluster.name))),
  );

  return (clientAddress, signal, access) => ({
    kubernetes,
    clientAddress,
    access,
    // Asked for by the few resolvers that wait (mutations): made then, not for every request.
    get signal() {
      return signal();
    },
    readModel,
    live: new RequestLiveData(live),
    operations,
    previews,
    editor,
    clusters,
    log: logger,
  });
}
