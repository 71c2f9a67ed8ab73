/**
 * Global object ids: `kafkaplane://<Type>/<key>/<key>...`, base64url-encoded, so clients treat
 * them as opaque (the GitHub and Shopify APIs learned that clients decode readable ids and break
 * when they change). Key parts are URI-encoded, so they may hold any character.
 */
export type NodeTypeName = 'KafkaCluster' | 'Broker' | 'Disk' | 'Operation' | 'ClusterEvent' | 'Alert';

const NODE_TYPES: ReadonlySet<string> = new Set<NodeTypeName>(['KafkaCluster', 'Broker', 'Disk', 'Operation', 'ClusterEvent', 'Alert']);
const PREFIX = 'kafkaplane://';

export interface DecodedGlobalId {
  type: NodeTypeName;
  key: string[];
}

export function encodeGlobalId(type: NodeTypeName, ...key: string[]): string {
  const path = [type, ...key.map((part) => encodeURIComponent(part))].join('/');
  return Buffer.from(PREFIX + path, 'utf8').toString('base64url');
}

/** The type and key an id stands for, or undefined for anything that is not one of our ids. */
export function decodeGlobalId(id: string): DecodedGlobalId | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const [type, ...parts] = text.slice(PREFIX.length).split('/');
  if (type === undefined || !NODE_TYPES.has(type)) return undefined;
  try {
    return { type: type as NodeTypeName, key: parts.map((part) => decodeURIComponent(part)) };
  } catch {
    return undefined;
  }
}

/** The namespace and name an id of a namespaced `type` stands for, or undefined when it is no such id. */
export function namespacedKeyOf(id: string, type: 'KafkaCluster' | 'Operation'): { namespace: string; name: string } | undefined {
  const decoded = decodeGlobalId(id);
  const [namespace, name] = decoded?.key ?? [];
  if (decoded?.type !== type || decoded.key.length !== 2 || namespace === undefined || name === undefined) return undefined;
  return { namespace, name };
}
