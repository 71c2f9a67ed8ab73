import { parse } from 'yaml';
import type { MBeanAttribute } from './mbeans.js';

/** One rule of a JMX exporter config (prometheus/jmx_exporter, the `rules` list). */
interface Rule {
  pattern: RegExp | undefined;
  name: string | undefined;
  type: 'gauge' | 'counter' | 'untyped';
  help: string | undefined;
  labels: ReadonlyArray<readonly [string, string]>;
  valueFactor: number;
  value: number | undefined;
}

export interface ExporterConfig {
  lowercaseOutputName: boolean;
  lowercaseOutputLabelNames: boolean;
  rules: readonly Rule[];
}

export class ExporterConfigError extends Error {}

/**
 * Reads a JMX exporter config as the javaagent does at start: YAML, with its rules compiled. A
 * config that does not parse is an error: the agent, and with it the JVM, fails to start.
 */
export function parseExporterConfig(text: string): ExporterConfig {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new ExporterConfigError(`Invalid YAML in JMX exporter configuration: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ExporterConfigError('JMX exporter configuration must be a YAML map');
  const config = raw as Record<string, unknown>;
  const rules = Array.isArray(config.rules) ? config.rules : [];
  return {
    lowercaseOutputName: config.lowercaseOutputName === true,
    lowercaseOutputLabelNames: config.lowercaseOutputLabelNames === true,
    // No rules at all: the exporter's default rule exports every attribute under a derived name.
    rules: rules.length > 0 ? rules.map(compileRule) : [{ ...DEFAULT_RULE }],
  };
}

const DEFAULT_RULE: Rule = { pattern: undefined, name: undefined, type: 'untyped', help: undefined, labels: [], valueFactor: 1, value: undefined };

function compileRule(raw: unknown): Rule {
  const rule = (raw ?? {}) as Record<string, unknown>;
  let pattern: RegExp | undefined;
  if (typeof rule.pattern === 'string') {
    try {
      // The agent anchors a rule's pattern as "^.*(?:" + pattern + ").*$" (JmxCollector.Rule).
      pattern = new RegExp(`^.*(?:${rule.pattern}).*$`);
    } catch (error) {
      throw new ExporterConfigError(`Invalid pattern ${rule.pattern}: ${(error as Error).message}`);
    }
  }
  const type = typeof rule.type === 'string' ? rule.type.toLowerCase() : 'untyped';
  const labels =
    rule.labels !== null && typeof rule.labels === 'object'
      ? Object.entries(rule.labels as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const)
      : [];
  if (labels.length > 0 && rule.name === undefined) throw new ExporterConfigError('Must provide name, if labels provided');
  return {
    pattern,
    name: typeof rule.name === 'string' ? rule.name : undefined,
    type: type === 'gauge' || type === 'counter' ? type : 'untyped',
    help: typeof rule.help === 'string' ? rule.help : undefined,
    labels,
    valueFactor: typeof rule.valueFactor === 'number' ? rule.valueFactor : 1,
    value: typeof rule.value === 'number' ? rule.value : undefined,
  };
}

interface Sample {
  name: string;
  help: string;
  type: Rule['type'];
  labels: Array<[string, string]>;
  value: number;
}

/**
 * What the exporter's HTTP endpoint answers for these attributes: the Prometheus text format
 * (version 0.0.4), one family per metric name, the first matching rule deciding each attribute,
 * attributes no rule matches left out, plus the agent's own scrape metrics.
 */
export function renderExposition(config: ExporterConfig, beans: readonly MBeanAttribute[]): string {
  const families = new Map<string, Sample[]>();
  for (const bean of beans) {
    const sample = applyRules(config, bean);
    if (sample === undefined) continue;
    const family = families.get(sample.name) ?? [];
    if (!family.some((s) => sameLabels(s.labels, sample.labels))) family.push(sample);
    families.set(sample.name, family);
  }
  const lines: string[] = [];
  for (const [name, samples] of families) {
    const first = samples[0];
    if (first === undefined) continue;
    lines.push(`# HELP ${name} ${first.help}`, `# TYPE ${name} ${first.type}`);
    for (const s of samples) lines.push(`${name}${labelText(s.labels)} ${javaDouble(s.value)}`);
  }
  lines.push(
    '# HELP jmx_scrape_duration_seconds Time this JMX scrape took, in seconds.',
    '# TYPE jmx_scrape_duration_seconds gauge',
    'jmx_scrape_duration_seconds 0.001',
    '# HELP jmx_scrape_error Non-zero if this scrape failed.',
    '# TYPE jmx_scrape_error gauge',
    'jmx_scrape_error 0.0',
  );
  return `${lines.join('\n')}\n`;
}

/** The bean as the agent formats it for matching: `domain<k1=v1, k2=v2><>attribute`. */
export function beanString(bean: MBeanAttribute): string {
  return `${bean.domain}<${bean.properties.map(([k, v]) => `${k}=${v}`).join(', ')}><>${bean.attribute}`;
}

function applyRules(config: ExporterConfig, bean: MBeanAttribute): Sample | undefined {
  const text = beanString(bean);
  const objectName = `${bean.domain}:${bean.properties.map(([k, v]) => `${k}=${v}`).join(',')}`;
  const help = `Attribute exposed for management ${objectName},attribute=${bean.attribute}`;
  for (const rule of config.rules) {
    const match = rule.pattern?.exec(text);
    if (rule.pattern !== undefined && match === null) continue;
    const groups = match ?? [text];
    if (rule.name === undefined) {
      // The default naming: domain, the key values in order, then the attribute.
      const derived = [bean.domain, ...bean.properties.map(([, v]) => v), bean.attribute].join('_');
      return { name: outputName(config, derived), help, type: rule.type, labels: [], value: bean.value * rule.valueFactor };
    }
    const name = outputName(config, substitute(rule.name, groups));
    if (name === '') return undefined;
    const labels = rule.labels.map(([k, v]): [string, string] => {
      const key = safeName(substitute(k, groups));
      return [config.lowercaseOutputLabelNames ? key.toLowerCase() : key, substitute(v, groups)];
    });
    const value = rule.value ?? bean.value;
    return { name, help: rule.help !== undefined ? substitute(rule.help, groups) : help, type: rule.type, labels, value: value * rule.valueFactor };
  }
  return undefined;
}

function outputName(config: ExporterConfig, raw: string): string {
  const safe = safeName(raw);
  return config.lowercaseOutputName ? safe.toLowerCase() : safe;
}

/** `$1`…`$9` replaced by the match's groups, as Java's Matcher.replaceAll does over a whole-string match. */
function substitute(template: string, groups: ArrayLike<string | undefined>): string {
  return template.replace(/\$(\d)/g, (_, d: string) => groups[Number(d)] ?? '');
}

/** Characters a Prometheus name cannot hold become `_`, and runs of `_` one (JmxCollector.safeName). */
function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9:_]/g, '_').replace(/__+/g, '_');
}

function sameLabels(a: ReadonlyArray<readonly [string, string]>, b: ReadonlyArray<readonly [string, string]>): boolean {
  return a.length === b.length && a.every(([k, v], i) => b[i]?.[0] === k && b[i]?.[1] === v);
}

function labelText(labels: ReadonlyArray<readonly [string, string]>): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

/** A number as Java's Double.toString prints it (the agent's sample values): 3.0, 0.25, 1.5E9. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e7 || magnitude < 1e-3)) {
    const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}
