import { isDynamicPerBroker } from '../../kafka/index.js';
import { isSaslListenerStartupKey } from '../../domain/listenerSasl.js';
import type { Broker } from '../../k8s/crd/index.js';
import { configInputProblems, editProperties, hasProperty, managedKeys, shownEntry, type ConfigChangeInput } from './configInput.js';
import { findBroker, withBroker, type ClusterEdit, type EditContext, type EditPlan } from './edit.js';
import { editError, type EditError } from './editError.js';
import { resultProblems } from './resultProblems.js';

export interface SetBrokerConfigInput extends ConfigChangeInput {
  brokerId: number;
}

/**
 * Sets and unsets config entries of one broker. A key Kafka can change for one broker at run
 * time goes to the broker's `brokerConfig.config`, which the operator applies through Kafka's
 * Admin API without a restart (Koperator's per-broker dynamic config); any other key goes to the
 * broker's `readOnlyConfig`, rendered into its server.properties, and restarts that broker
 * alone. A key lives in one of the two: setting it in one removes it from the other, so the
 * broker's readOnlyConfig (which wins) cannot shadow a live value. Unset removes the broker's
 * own value, so its group's or the cluster's applies again.
 */
export function setBrokerConfig(input: SetBrokerConfigInput): ClusterEdit {
  return { name: 'setBrokerConfig', plan: (context) => plan(input, context) };
}

function plan(input: SetBrokerConfigInput, { spec }: EditContext): EditPlan {
  const found = findBroker(spec, input.brokerId);
  if (found === undefined) return { ok: false, errors: [editError('brokerId', 'NOT_FOUND', `broker ${input.brokerId} is not in spec.brokers`)] };
  const { broker, index } = found;
  const errors: EditError[] = configInputProblems(input, managedKeys(spec.rackAwareness !== undefined));
  input.unset.forEach((name, i) => {
    if (errors.some((e) => e.field.join('.') === `unset.${i}`)) return;
    if (!hasProperty(broker.brokerConfig?.config, name) && !hasProperty(broker.readOnlyConfig, name)) {
      errors.push(
        editError(
          ['unset', String(i)],
          'NOT_FOUND',
          `broker ${input.brokerId} does not set ${name} itself (a value it has comes from its group or the cluster)`,
        ),
      );
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  // A SASL listener's mechanisms and JAAS entries are rendered into server.properties (listenerSasl.ts): static here too.
  const live = (name: string) => isDynamicPerBroker(name) && !isSaslListenerStartupKey(name);
  const dynamic = new Map(input.set.filter((e) => live(e.name)).map((e) => [e.name, e.value]));
  const static_ = new Map(input.set.filter((e) => !live(e.name)).map((e) => [e.name, e.value]));
  const unset = new Set(input.unset);
  const config = editProperties(broker.brokerConfig?.config, dynamic, new Set([...static_.keys(), ...unset]));
  const readOnlyConfig = editProperties(broker.readOnlyConfig, static_, new Set([...dynamic.keys(), ...unset]));
  const next = withBroker(spec, index, withConfigs(broker, config, readOnlyConfig));
  const problems = resultProblems(spec, next, []);
  if (problems.length > 0) return { ok: false, errors: problems };
  return {
    ok: true,
    spec: next,
    changes: [
      ...[...dynamic].map(([name, value]) => `set ${shownEntry(name, value)} in brokerConfig.config of broker ${input.brokerId} (applied without a restart)`),
      ...[...static_].map(
        ([name, value]) => `set ${shownEntry(name, value)} in readOnlyConfig of broker ${input.brokerId} (restarts broker ${input.brokerId})`,
      ),
      ...[...unset].map((name) => `unset ${name} on broker ${input.brokerId}`),
    ],
  };
}

/** The broker with its own config texts replaced, dropping what became empty. */
function withConfigs(broker: Broker, config: string | undefined, readOnlyConfig: string | undefined): Broker {
  const { brokerConfig: own = {}, readOnlyConfig: _old, ...rest } = broker;
  const { config: _config, ...ownRest } = own;
  const brokerConfig = config !== undefined ? { ...ownRest, config } : ownRest;
  return {
    ...rest,
    ...(Object.keys(brokerConfig).length > 0 ? { brokerConfig } : {}),
    ...(readOnlyConfig !== undefined ? { readOnlyConfig } : {}),
  };
}
