import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS, isCommand } from '../../src/alerts/decision.js';
import { alertTarget } from '../../src/alerts/target.js';
import { isQuantity } from '../../src/k8s/crd/index.js';
import { DEFAULT_KAFKA_JMX_EXPORTER_CONFIG } from '../../src/operator/broker/monitoring.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const RULES = 'deploy/monitoring/prometheus-rules.yaml';
const ALERTMANAGER_CONFIG = 'deploy/monitoring/alertmanager-config.yaml';
const rules = parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> };
const alertmanager = parse(readFileSync(ALERTMANAGER_CONFIG, 'utf8')) as {
  route: { receiver: string; routes: Array<{ receiver: string; matchers: string[]; group_by: string[] }> };
  receivers: Array<{ name: string; webhook_configs?: Array<{ url: string; http_config?: { authorization?: { type: string } } }> }>;
};
const all = rules.groups.flatMap((g) => g.rules);

/** The labels an alert of this rule carries: the `by (...)` of its aggregation, else those of the kubelet's volume metrics. */
function outputLabels(rule: Rule): string[] {
  const by = /\bby\s*\(([^)]*)\)/.exec(rule.expr);
  if (by) return (by[1] ?? '').split(',').map((l) => l.trim());
  expect(rule.expr, `${rule.alert}: a rule without aggregation works on the kubelet's volume metrics`).toMatch(/^kubelet_volume_stats_/);
  return ['namespace', 'persistentvolumeclaim', 'node'];
}

describe('deploy/monitoring: example Prometheus rules for the alert commands', () => {
  it('is a rule file whose rules have an alert name, an expression, a duration and the route label', () => {
    expect(Object.keys(rules)).toEqual(['groups']);
    expect(all.length).toBeGreaterThan(0);
    for (const rule of all) {
      expect(rule.alert, JSON.stringify(rule)).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      expect(rule.expr.trim()).not.toBe('');
      expect(rule.for).toMatch(/^\d+[smhd]$/);
      expect(rule.labels?.alertGroup).toBe('kafka');
    }
  });

  it('covers the four commands, each with the annotations it needs and the labels that find its cluster', () => {
    expect(new Set(all.map((r) => r.annotations?.command))).toEqual(new Set(COMMANDS));
    for (const rule of all) {
      const a = rule.annotations ?? {};
      expect(isCommand(a.command), rule.alert).toBe(true);
      const labels = Object.fromEntries(outputLabels(rule).map((l) => [l, `some-${l}`]));
      const target = alertTarget({ ...rule.labels, ...labels });
      expect(target, `${rule.alert}: the labels kafkaplane finds the cluster by`).toBeDefined();
      if (a.command === 'addPvc') {
        expect(a.mountPathPrefix).toMatch(/^\//);
        expect(isQuantity(a.diskSize ?? '')).toBe(true);
        expect(target).toHaveProperty('pvc');
      }
      if (a.command === 'resizePvc') {
        expect(isQuantity(a.incrementBy ?? '')).toBe(true);
        expect(target).toHaveProperty('pvc');
      }
      if (a.command === 'upScale') expect(a.brokerConfigGroup ?? a.diskSize).toBeDefined();
      if (a.command === 'upScale' || a.command === 'downScale') expect(target).toHaveProperty('cluster');
    }
  });

  it('names broker metrics the default JMX exporter rules make of Kafka MBeans', () => {
    // The MBeans (as the exporter writes them: domain<keys><>attribute) the rules rely on.
    const mbeans = [
      'kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value',
      'kafka.server<type=ReplicaManager, name=PartitionCount><>Value',
      'kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate',
    ];
    const config = parse(DEFAULT_KAFKA_JMX_EXPORTER_CONFIG) as { lowercaseOutputName: boolean; rules: Array<{ pattern: string; name: string }> };
    // The exporter: the first rule whose pattern matches the whole bean names it, $n from its groups.
    const exported = mbeans.map((bean) => {
      for (const rule of config.rules) {
        const match = new RegExp(`^${rule.pattern}$`).exec(bean);
        if (match) {
          const name = rule.name.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '');
          return config.lowercaseOutputName ? name.toLowerCase() : name;
        }
      }
      return undefined;
    });
    const used = all.flatMap((r) => [...r.expr.matchAll(/\bkafka_[a-z0-9_]+/g)].map((m) => m[0]).filter((name) => name !== 'kafka_cr'));
    expect(used.length).toBeGreaterThan(0);
    for (const metric of used) expect(exported, metric).toContain(metric);
  });

  it('routes alertGroup="kafka" to the kafkaplane Service at /alertmanager with a bearer token', () => {
    const route = alertmanager.route.routes.find((r) => r.receiver === 'kafkaplane');
    expect(route?.matchers).toEqual(['alertGroup="kafka"']);
    expect(route?.group_by).toEqual(expect.arrayContaining(['namespace', 'kafka_cr', 'persistentvolumeclaim']));
    const receiver = alertmanager.receivers.find((r) => r.name === 'kafkaplane')?.webhook_configs?.[0];
    const service = parse(readFileSync('deploy/base/service.yaml', 'utf8')) as { metadata: { name: string }; spec: { ports: Array<{ port: number }> } };
    const url = new URL(receiver?.url ?? '');
    expect(url.hostname).toBe(`${service.metadata.name}.kafkaplane.svc`);
    expect(Number(url.port || 80)).toBe(service.spec.ports[0]?.port);
    expect(url.pathname).toBe('/alertmanager');
    expect(receiver?.http_config?.authorization?.type).toBe('Bearer');
  });
});

// Debian's prometheus and prometheus-alertmanager packages install these; .ci/run installs them.
const PROMTOOL = '/usr/bin/promtool';
const AMTOOL = '/usr/bin/amtool';

describe('deploy/monitoring: the files the real tools accept', () => {
  it.skipIf(!existsSync(PROMTOOL))(`promtool check rules accepts the rules${existsSync(PROMTOOL) ? '' : ` (skipped: ${PROMTOOL} is not installed)`}`, () => {
    const out = execFileSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(out).toContain(`SUCCESS: ${all.length} rules found`);
  });

  it.skipIf(!existsSync(AMTOOL))(
    `amtool check-config accepts the Alertmanager config${existsSync(AMTOOL) ? '' : ` (skipped: ${AMTOOL} is not installed)`}`,
    () => {
      const out = execFileSync(AMTOOL, ['check-config', ALERTMANAGER_CONFIG], { encoding: 'utf8' });
      expect(out).toContain('SUCCESS');
      expect(out).toContain('2 receivers');
    },
  );
});
