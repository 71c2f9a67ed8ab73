import type { BrokerConfigKey } from '../dynamicConfigs.js';

/**
 * Parses and checks one config value the way ConfigDef does (clients/.../config/ConfigDef.java:
 * parseType, Range.ensureValid, ValidString.ensureValid, ValidList.ensureValid), returning the
 * message of the ConfigException Kafka would throw, or null when the value is valid.
 * ConfigException's message reads "Invalid value <value> for configuration <name>: <reason>".
 */
export function configValueProblem(name: string, definition: BrokerConfigKey, value: string): string | null {
  const invalid = (shown: string, reason: string): string => `Invalid value ${shown} for configuration ${name}: ${reason}`;
  const trimmed = value.trim();
  switch (definition.type) {
    case 'BOOLEAN':
      return /^(true|false)$/i.test(trimmed) ? null : invalid(value, 'Expected value to be either true or false');
    case 'SHORT':
    case 'INT':
    case 'LONG': {
      const bits = definition.type === 'SHORT' ? 16n : definition.type === 'INT' ? 32n : 64n;
      const limit = 1n << (bits - 1n);
      if (!/^[+-]?\d+$/.test(trimmed)) return invalid(value, `Not a number of type ${definition.type}`);
      const parsed = BigInt(trimmed);
      if (parsed < -limit || parsed >= limit) return invalid(value, `Not a number of type ${definition.type}`);
      return rangeProblem(definition, Number(parsed), String(parsed), invalid);
    }
    case 'DOUBLE': {
      // Double.parseDouble accepts a trailing d/f and the words NaN and Infinity.
      const text = trimmed.replace(/[dDfF]$/, '');
      if (!/^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|NaN|Infinity)$/.test(text)) {
        return invalid(value, `Not a number of type ${definition.type}`);
      }
      const parsed = Number(text);
      return rangeProblem(definition, parsed, javaDouble(parsed), invalid);
    }
    case 'LIST': {
      const items = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      for (const item of items) {
        if (definition.oneOf && !definition.oneOf.includes(item)) {
          return invalid(item, `String must be one of: ${definition.oneOf.join(', ')}`);
        }
      }
      return null;
    }
    case 'STRING':
    case 'PASSWORD':
    case 'CLASS':
      if (definition.oneOf && !definition.oneOf.includes(trimmed)) {
        return invalid(trimmed, `String must be one of: ${definition.oneOf.join(', ')}`);
      }
      return null;
  }
}

function rangeProblem(definition: BrokerConfigKey, parsed: number, shown: string, invalid: (shown: string, reason: string) => string): string | null {
  if (definition.atLeast !== undefined && parsed < definition.atLeast) return invalid(shown, `Value must be at least ${definition.atLeast}`);
  if (definition.atMost !== undefined && parsed > definition.atMost) return invalid(shown, `Value must be no more than ${definition.atMost}`);
  return null;
}

/** Double.toString for the values configs hold: integral doubles keep a ".0". */
function javaDouble(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * How DescribeConfigs prints a valid value: ConfigDef.convertToString of the parsed value, so
 * " 3 " reads back as "3", "TRUE" as "true" and "a, b" as "a,b".
 */
export function canonicalConfigValue(definition: BrokerConfigKey, value: string): string {
  const trimmed = value.trim();
  switch (definition.type) {
    case 'BOOLEAN':
      return trimmed.toLowerCase();
    case 'SHORT':
    case 'INT':
    case 'LONG':
      return /^[+-]?\d+$/.test(trimmed) ? String(BigInt(trimmed)) : trimmed;
    case 'DOUBLE': {
      const parsed = Number(trimmed.replace(/[dDfF]$/, ''));
      return Number.isNaN(parsed) && trimmed !== 'NaN' ? trimmed : javaDouble(parsed);
    }
    case 'LIST':
      return trimmed === '' ? '' : trimmed.split(/\s*,\s*/).join(',');
    default:
      return trimmed;
  }
}
