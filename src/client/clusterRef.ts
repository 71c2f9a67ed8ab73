import { KafkaplaneClientError } from './errors.js';

/** A KafkaCluster by namespace and name: `'kafka/kafka'` or `{ namespace: 'kafka', name: 'kafka' }`. */
export type ClusterRef = string | { namespace: string; name: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parses `namespace/name`, both Kubernetes names (RFC 1123 labels), as kubectl takes them. */
export function parseClusterRef(ref: ClusterRef): { namespace: string; name: string } {
  if (typeof ref !== 'string') return ref;
  const parts = ref.split('/');
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined || !DNS_LABEL.test(namespace) || !DNS_LABEL.test(name)) {
    throw new KafkaplaneClientError('BAD_REFERENCE', `"${ref}" is not a cluster: give it as namespace/name, e.g. kafka/kafka`);
  }
  return { namespace, name };
}
