import type { KubernetesConnection } from '../k8s/connection.js';

/** What every resolver may use: the services, never a raw client. */
export interface GraphQLContext {
  kubernetes: KubernetesConnection;
  /** Who asked: the client's address until authentication exists. */
  clientAddress: string;
}
