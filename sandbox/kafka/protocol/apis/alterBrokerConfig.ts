import type { BrokerBackend } from '../../brokerBackend.js';
import { brokerConfigKeys, configKeyFor, isListenerPrefixed, needsListenerPrefix } from '../../dynamicConfigs.js';
import { configValueProblem } from '../configValues.js';
import { invalidConfig, invalidRequest } from '../errors.js';

/** AlterConfigOp.OpType ids. */
export const OpType = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface AlterableConfig {
  readonly name: string;
  readonly op: number;
  readonly value: string | null;
}

/** The thread pools Kafka resizes at run time, at most halving or doubling them (DynamicThreadPool). */
const threadPools = new Set(['num.io.threads', 'num.replica.fetchers', 'num.recovery.threads.per.data.dir', 'background.threads', 'num.network.threads']);

/**
 * Applies the operations to the stored dynamic config of a broker (or of the cluster default
 * when brokerId is null) and validates the result as the broker does before forwarding the
 * change to the controller (ConfigAdminManager.preprocess / validateBrokerConfigChange, then
 * DynamicBrokerConfig.validate). Returns the new stored config; throws KafkaApiError.
 * DynamicBrokerConfig throws ConfigException, which ConfigAdminManager rethrows as
 * InvalidRequestException: so bad keys and bad values answer INVALID_REQUEST with Kafka's text.
 */
export function alteredBrokerConfig(backend: BrokerBackend, brokerId: number | null, configs: readonly AlterableConfig[]): Map<string, string> {
  const props = new Map(backend.dynamicConfig(brokerId));
  for (const { name, op, value } of configs) {
    switch (op) {
      case OpType.SET:
        props.set(name, value ?? '');
        break;
      case OpType.DELETE:
        props.delete(name);
        break;
      case OpType.APPEND:
      case OpType.SUBTRACT: {
        const verb = op === OpType.APPEND ? 'append' : 'subtract';
        const definition = brokerConfigKeys.get(name);
        // ConfigAdminManager.prepareIncrementalConfigs means this message for unknown names (its
        // Scala map lookup throws first, so Kafka answers UNKNOWN_SERVER_ERROR instead).
        if (!definition) throw invalidConfig(`Unknown config name: ${name}`);
        if (definition.type !== 'LIST') throw invalidConfig(`Config value ${verb} is not allowed for config key: ${name}`);
        const current = listOf(props.get(name) ?? definition.default ?? '');
        const given = listOf(value ?? '');
        const next = op === OpType.APPEND ? [...current, ...given.filter((v) => !current.includes(v))] : current.filter((v) => !given.includes(v));
        props.set(name, next.join(','));
        break;
      }
      default:
        throw invalidRequest(`Unknown operations type ${op}`);
    }
  }
  validateDynamicBrokerConfig(props, brokerId !== null);
  if (brokerId !== null) validateThreadPools(backend, brokerId, props);
  return props;
}

/** DynamicBrokerConfig.validateConfigs: which names may be dynamic at all, then each value's type and range. */
function validateDynamicBrokerConfig(props: ReadonlyMap<string, string>, perBroker: boolean): void {
  const names = [...props.keys()];
  const readOnly = names.filter((n) => brokerConfigKeys.get(n)?.mode === 'read-only');
  if (readOnly.length > 0) throw invalidRequest(`Cannot update these configs dynamically: ${scalaSet(readOnly)}`);
  const unprefixedSecurity = names.filter(needsListenerPrefix);
  if (unprefixedSecurity.length > 0) {
    throw invalidRequest(`These security configs can be dynamically updated only per-listener using the listener prefix: ${scalaSet(unprefixedSecurity)}`);
  }
  for (const [name, value] of props) {
    const definition = configKeyFor(name);
    const problem = definition ? configValueProblem(name, definition, value) : null;
    if (problem) throw invalidRequest(problem);
  }
  if (!perBroker) {
    const perBrokerOnly = names.filter((n) => brokerConfigKeys.get(n)?.mode === 'per-broker' || (isListenerPrefixed(n) && !isClusterLevelListenerConfig(n)));
    if (perBrokerOnly.length > 0) {
      throw invalidRequest(`Cannot update these configs at default cluster level, broker id must be specified: ${scalaSet(perBrokerOnly)}`);
    }
  }
}

function isClusterLevelListenerConfig(name: string): boolean {
  return /\.(max\.connections|max\.connection\.creation\.rate|num\.network\.threads)$/.test(name);
}

/**
 * DynamicThreadPool.validateReconfiguration: a pool may not shrink below half or grow past
 * double its current size; DynamicBrokerConfig wraps the failure as "Invalid dynamic configuration".
 */
function validateThreadPools(backend: BrokerBackend, brokerId: number, props: ReadonlyMap<string, string>): void {
  for (const name of threadPools) {
    const next = props.get(name);
    if (next === undefined) continue;
    const current = Number(
      backend.dynamicConfig(brokerId).get(name) ??
        backend.dynamicConfig(null).get(name) ??
        backend.staticConfig(brokerId).get(name) ??
        brokerConfigKeys.get(name)?.default ??
        '1',
    );
    const wanted = Number(next.trim());
    if (wanted < current / 2 || wanted > current * 2) throw invalidRequest('Invalid dynamic configuration');
  }
}

function listOf(value: string): string[] {
  return value.trim() === '' ? [] : value.split(',').map((v) => v.trim());
}

/** How Scala prints the Set of names in Kafka's messages: "Set(log.dirs, node.id)". */
function scalaSet(names: readonly string[]): string {
  return `Set(${names.join(', ')})`;
}
