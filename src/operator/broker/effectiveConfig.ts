import type { Broker, BrokerConfig, KafkaClusterSpec, StorageConfig } from '../../k8s/crd/kafkaCluster.js';

/**
 * A broker's configuration after its `brokerConfigGroup` and its own `brokerConfig` are merged:
 * the broker's own values win; storage is the group's list followed by the broker's, where a
 * broker entry with the same mountPath replaces the group's (so one broker's disk can grow);
 * labels, annotations and node selectors merge key by key. A group that is not defined merges
 * as empty: validation refuses such a spec before it gets here.
 */
export function effectiveBrokerConfig(spec: KafkaClusterSpec, broker: Broker): BrokerConfig {
  const group: BrokerConfig = (broker.brokerConfigGroup !== undefined ? spec.brokerConfigGroups?.[broker.brokerConfigGroup] : undefined) ?? {};
  const own: BrokerConfig = broker.brokerConfig ?? {};
  const merged: BrokerConfig = { ...group };
  for (const [key, value] of Object.entries(own) as Array<[keyof BrokerConfig, unknown]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  merged.storageConfigs = mergeStorage(group.storageConfigs ?? [], own.storageConfigs ?? []);
  merged.brokerLabels = mergeMaps(group.brokerLabels, own.brokerLabels);
  merged.brokerAnnotations = mergeMaps(group.brokerAnnotations, own.brokerAnnotations);
  merged.nodeSelector = mergeMaps(group.nodeSelector, own.nodeSelector);
  merged.image = own.image ?? group.image ?? spec.clusterImage;
  return merged;
}

function mergeStorage(fromGroup: StorageConfig[], fromBroker: StorageConfig[]): StorageConfig[] {
  const brokerPaths = new Set(fromBroker.map((s) => s.mountPath));
  const result = fromGroup.map((s) => (brokerPaths.has(s.mountPath) ? (fromBroker.find((b) => b.mountPath === s.mountPath) ?? s) : s));
  const groupPaths = new Set(fromGroup.map((s) => s.mountPath));
  return [...result, ...fromBroker.filter((s) => !groupPaths.has(s.mountPath))];
}

function mergeMaps(a: Record<string, string> | undefined, b: Record<string, string> | undefined): Record<string, string> | undefined {
  if (a === undefined && b === undefined) return undefined;
  return { ...a, ...b };
}
