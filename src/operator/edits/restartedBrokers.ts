import { effectiveBrokerConfig, type KafkaClusterSpec } from '../../k8s/crd/index.js';
import { isDynamicPerBroker } from '../../kafka/index.js';
import { ANNOTATION_RESTART_HASH, restartRequests } from '../../domain/labels.js';
import { brokerPod } from '../broker/objects.js';
import { BrokerConfigError, renderBrokerConfig } from '../../domain/serverProperties.js';

/**
 * The brokers an edit restarts: those whose Pod, built as the reconciler builds it, gets another
 * restart hash from the spec after the edit than from the spec before, and those a restart is
 * asked for in the annotations the edit writes. New and removed brokers are not counted: they
 * start or drain, they do not restart.
 */
export function restartedBrokers(
  cluster: { namespace: string; name: string },
  before: KafkaClusterSpec,
  after: KafkaClusterSpec,
  annotations?: Readonly<Record<string, string>>,
): number[] {
  const hash = (spec: KafkaClusterSpec, id: number): string | undefined => {
    const broker = spec.brokers.find((b) => b.id === id);
    if (broker === undefined) return undefined;
    try {
      const serverProperties = renderBrokerConfig({
        clusterName: cluster.name,
        namespace: cluster.namespace,
        spec,
        broker,
        rack: undefined,
        isPerBrokerDynamic: isDynamicPerBroker,
      }).text;
      // The same stand-in claim name for a mount path on both sides: only what differs counts.
      const pvcNames = new Map(
        (effectiveBrokerConfig(spec, broker).storageConfigs ?? []).filter((s) => s.pvcSpec !== undefined).map((s) => [s.mountPath, s.mountPath]),
      );
      return brokerPod({ cluster: { ...cluster, uid: '' }, spec, broker, clusterId: '', serverProperties, pvcNames }).metadata?.annotations?.[
        ANNOTATION_RESTART_HASH
      ];
    } catch (err) {
      if (err instanceof BrokerConfigError) return undefined;
      throw err;
    }
  };
  const asked = restartRequests(annotations);
  return after.brokers
    .map((b) => b.id)
    .filter((id) => before.brokers.some((b) => b.id === id))
    .filter((id) => asked.has(id) || hash(before, id) !== hash(after, id))
    .sort((a, b) => a - b);
}
