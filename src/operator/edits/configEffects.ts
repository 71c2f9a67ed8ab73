import { isDynamicPerBroker } from '../../kafka/index.js';
import { isSensitiveConfig } from '../../kafka/sensitiveConfigs.js';
import type { KafkaClusterSpec } from '../../k8s/crd/index.js';
import { BrokerConfigError, renderBrokerConfig, type RenderedBrokerConfig } from '../../domain/serverProperties.js';
import type { ConfigChangeInput } from './configInput.js';
import { hasProperty } from './configInput.js';

/** How one entry of a config mutation takes effect. */
export interface ConfigEffect {
  name: string;
  /** The value set; null for an unset entry and for a sensitive one. */
  value: string | null;
  unset: boolean;
  /** Kafka takes it at run time (a broker's or the cluster-default dynamic config). */
  live: boolean;
  /** Some broker's server.properties changes for it: that broker restarts. */
  restartRequired: boolean;
  /** Where the spec holds it (where it was held, for an unset entry). */
  specField: string;
}

export interface ConfigEffects {
  entries: ConfigEffect[];
  /** Brokers whose server.properties the change alters: the operator restarts them, one at a time. */
  restartedBrokers: number[];
}

/**
 * What a config edit does, from the spec before and after it: each broker's server.properties
 * and per-broker dynamic entries are rendered both ways, as the reconciler renders them (a
 * broker restarts exactly when its rendered server.properties changes). `brokerId` limits the
 * effects to one broker (setBrokerConfig); without it, every broker and the cluster default.
 */
export function configEffects(
  cluster: { namespace: string; name: string },
  before: KafkaClusterSpec,
  after: KafkaClusterSpec,
  input: ConfigChangeInput,
  brokerId?: number,
): ConfigEffects {
  const brokers = after.brokers.filter((b) => brokerId === undefined || b.id === brokerId);
  const render = (spec: KafkaClusterSpec, id: number): RenderedBrokerConfig | undefined => {
    const broker = spec.brokers.find((b) => b.id === id);
    if (broker === undefined) return undefined;
    try {
      return renderBrokerConfig({
        clusterName: cluster.name,
        namespace: cluster.namespace,
        spec,
        broker,
        rack: undefined,
        isPerBrokerDynamic: isDynamicPerBroker,
      });
    } catch (err) {
      if (err instanceof BrokerConfigError) return undefined;
      throw err;
    }
  };
  const rendered = brokers.map((b) => ({ id: b.id, before: render(before, b.id), after: render(after, b.id) }));
  const restartedBrokers = rendered.filter((r) => r.before?.text !== r.after?.text).map((r) => r.id);

  const effect = (name: string, value: string | null): ConfigEffect => {
    const unset = value === null;
    const spec = unset ? before : after;
    const wide = brokerId === undefined && hasProperty(spec.clusterWideConfig, name);
    const dynamic = rendered.some((r) => (unset ? r.before : r.after)?.dynamicEntries.has(name) === true);
    const restartRequired = rendered.some((r) => r.before?.staticEntries.get(name)?.value !== r.after?.staticEntries.get(name)?.value);
    return {
      name,
      value: value !== null && isSensitiveConfig(name) ? null : value,
      unset,
      live: wide || dynamic,
      restartRequired,
      specField: specField(spec, name, brokerId),
    };
  };
  return {
    entries: [...input.set.map((e) => effect(e.name, e.value)), ...input.unset.map((name) => effect(name, null))],
    restartedBrokers,
  };
}

function specField(spec: KafkaClusterSpec, name: string, brokerId: number | undefined): string {
  if (brokerId === undefined) return hasProperty(spec.clusterWideConfig, name) ? 'spec.clusterWideConfig' : 'spec.readOnlyConfig';
  const index = spec.brokers.findIndex((b) => b.id === brokerId);
  return hasProperty(spec.brokers[index]?.brokerConfig?.config, name) ? `spec.brokers[${index}].brokerConfig.config` : `spec.brokers[${index}].readOnlyConfig`;
}
