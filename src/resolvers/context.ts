import type { CallerAccess } from '../auth/callerAccess.js';
import type { KubernetesConnection } from '../k8s/connection.js';
import type { Logger } from '../logging.js';
import type { OperationRequests } from '../operator/operations/requests.js';
import type { ClusterLifecycle } from '../operator/clusters/lifecycle.js';
import type { ClusterEditor } from '../operator/edits/index.js';
import type { ProposalPreviews } from '../operator/operations/preview.js';
import type { RequestLiveData } from '../readmodel/liveData.js';
import type { ReadModel } from '../readmodel/readModel.js';

/** What every resolver may use: the services, never a raw client. */
export interface GraphQLContext {
  /** How this server reaches Kubernetes, as serverInfo reports it (not its credentials). */
  kubernetes: Pick<KubernetesConnection, 'mode' | 'apiServerUrl'>;
  /** The client's network address (for logs; who asked is `access.caller`). */
  clientAddress: string;
  /** Who asked and what they may do (src/auth: the guard checks every root field with it). */
  access: CallerAccess;
  /** Aborted once the client is gone (its HTTP request or its socket closed): nothing waits for it then. */
  signal: AbortSignal;
  /** Clusters, brokers, disks, operations and events, from the informer cache. */
  readModel: ReadModel;
  /** Cruise Control and Kafka, read at most once per cluster for this request. */
  live: RequestLiveData;
  /** Operations asked for by hand (undefined without a Kubernetes connection). */
  operations: OperationRequests | undefined;
  /** Cruise Control's dry runs of operations. */
  previews: ProposalPreviews;
  /** Edits of a cluster's spec (undefined until Kubernetes is connected and the caches synced). */
  editor: () => ClusterEditor | undefined;
  /** Creating and deleting whole clusters (undefined as editor is). */
  clusters: () => ClusterLifecycle | undefined;
  log: Logger;
  /** Over graphql-ws only: closes the subscriber's socket (a subscriber too slow to keep up). */
  dropConnection?: (reason: string) => void;
}
