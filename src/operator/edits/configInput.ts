import { isSensitiveConfig } from '../../kafka/sensitiveConfigs.js';
import { getProperties } from 'properties-file';
import { escapeKey, escapeValue } from 'properties-file/escape';
import { closestBrokerConfig, configValueProblem, isKnownBrokerConfig } from '../../kafka/index.js';
import { OPERATOR_KEYS } from '../../domain/serverProperties.js';
import { editError, type EditError } from './editError.js';

/** What a config mutation asks: entries to set and names to unset, as given. */
export interface ConfigChangeInput {
  /** `custom`: a name Kafka does not define, on purpose (a plugin's), taken as it is. */
  set: ReadonlyArray<{ name: string; value: string; custom?: boolean }>;
  unset: readonly string[];
}

/** A Kafka config name: dotted words (a properties key needs no escaping then). */
const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * Bounds of one change. Kafka's longest names (listener- and mechanism-prefixed ones) stay well
 * under 255 characters; a value may be long (a JAAS config) but not beyond 64Ki, and a change
 * names at most 200 keys: the spec is one Kubernetes object, whose whole size is bounded too.
 */
const LONGEST_CONFIG_NAME = 255;
const LONGEST_CONFIG_VALUE = 65_536;
const MOST_CONFIG_ENTRIES = 200;

/**
 * The problems of the input itself, each at its field (`['set', '0', 'name']`): empty or
 * malformed names, a name given twice, a name both set and unset, a key kafkaplane sets itself,
 * a name to set that Kafka's broker config does not define (unless marked custom), a value
 * Kafka's type for the key would refuse. Empty when the input can be planned.
 */
export function configInputProblems(input: ConfigChangeInput, managed: ReadonlySet<string>): EditError[] {
  const errors: EditError[] = [];
  if (input.set.length === 0 && input.unset.length === 0) errors.push(editError([], 'INVALID_INPUT', 'give at least one entry to set or one name to unset'));
  if (input.set.length + input.unset.length > MOST_CONFIG_ENTRIES) {
    return [editError([], 'INVALID_INPUT', `${input.set.length + input.unset.length} entries in one change; give at most ${MOST_CONFIG_ENTRIES}`)];
  }
  const seen = new Set<string>();
  const check = (name: string, field: string[]): boolean => {
    if (name.length > LONGEST_CONFIG_NAME) {
      errors.push(editError(field, 'INVALID_INPUT', `a config name of ${name.length} characters is not a Kafka config name (at most ${LONGEST_CONFIG_NAME})`));
      return false;
    }
    if (!CONFIG_NAME.test(name)) {
      errors.push(
        editError(field, 'INVALID_INPUT', name.trim() === '' ? 'a config name may not be empty' : `${JSON.stringify(name)} is not a Kafka config name`),
      );
      return false;
    }
    if (seen.has(name)) {
      errors.push(editError(field, 'INVALID_INPUT', `${name} is given more than once (set and unset count together)`));
      return false;
    }
    seen.add(name);
    if (managed.has(name)) {
      errors.push(
        editError(field, 'CONFIG_MANAGED', `${name} is set by kafkaplane itself (from the brokers, listeners and storage of the spec); change those instead`),
      );
      return false;
    }
    return true;
  };
  input.set.forEach(({ name, value, custom }, i) => {
    if (!check(name, ['set', String(i), 'name'])) return;
    if (custom !== true && !isKnownBrokerConfig(name)) {
      errors.push(editError(['set', String(i), 'name'], 'INVALID_INPUT', unknownConfigMessage(name)));
      return;
    }
    if (value.length > LONGEST_CONFIG_VALUE) {
      errors.push(editError(['set', String(i), 'value'], 'INVALID_INPUT', `a value of ${value.length} characters; at most ${LONGEST_CONFIG_VALUE}`));
      return;
    }
    const problem = configValueProblem(name, value);
    if (problem !== null) errors.push(editError(['set', String(i), 'value'], 'INVALID_INPUT', problem));
  });
  input.unset.forEach((name, i) => check(name, ['unset', String(i)]));
  return errors;
}

/**
 * A broker takes a name it does not define and only logs that it "was supplied but isn't a known
 * config" (AbstractConfig.logUnused): a typo would silently do nothing, so it is refused here.
 */
function unknownConfigMessage(name: string): string {
  const closest = closestBrokerConfig(name);
  const meant = closest === undefined ? '' : ` Did you mean ${closest}?`;
  return `${name} is not a config Kafka's brokers know, so it would do nothing.${meant} For a plugin's own config, set custom: true on the entry.`;
}

/** OPERATOR_KEYS, and broker.rack when rack awareness derives it from the broker's Node. */
export function managedKeys(rackAwareness: boolean): ReadonlySet<string> {
  return new Set([...OPERATOR_KEYS, ...(rackAwareness ? ['broker.rack'] : [])]);
}

/**
 * A properties text with entries set and names removed; undefined when nothing is left. Entries
 * keep their order, new ones are appended. Comments of the original text are not kept.
 */
export function editProperties(text: string | undefined, set: ReadonlyMap<string, string>, remove: ReadonlySet<string>): string | undefined {
  const entries = new Map(Object.entries(getProperties(text ?? '')));
  for (const name of remove) entries.delete(name);
  for (const [name, value] of set) entries.set(name, value);
  if (entries.size === 0) return undefined;
  return [...entries].map(([k, v]) => `${escapeKey(k)}=${escapeValue(v)}`).join('\n') + '\n';
}

/** Whether a properties text sets the name. */
export function hasProperty(text: string | undefined, name: string): boolean {
  return Object.hasOwn(getProperties(text ?? ''), name);
}

/** `name=value` for a change line, with the value of a sensitive entry hidden (changes go into Events and logs). */
export function shownEntry(name: string, value: string): string {
  return `${name}=${isSensitiveConfig(name) ? '(hidden)' : value}`;
}
