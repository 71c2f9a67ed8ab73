import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../sandbox/clock.js';
import { beanString, ExporterConfigError, javaDouble, parseExporterConfig, renderExposition } from '../../../../sandbox/kafka/jmx/exporter.js';
import { nodeMBeans } from '../../../../sandbox/kafka/jmx/mbeans.js';
import { createDemoCluster } from '../../../../sandbox/kafka/model/index.js';

// Rules of the shape Koperator's samples and kafkaplane's default use.
const RULES = `lowercaseOutputName: true
lowercaseOutputLabelNames: true
rules:
  - pattern: 'kafka.(server|network|controller|log|cluster)<type=(.+), name=(.+), topic=(.+), partition=(.+)><>Value'
    name: kafka_$1_$2_$3
    type: GAUGE
    labels:
      topic: '$4'
      partition: '$5'
  - pattern: 'kafka.(server|network|controller|log)<type=(.+), name=(.+)><>Value'
    name: kafka_$1_$2_$3
    type: GAUGE
  - pattern: 'kafka.(server|network|controller|log)<type=(.+), name=(.+)><>(Count|OneMinuteRate)'
    name: kafka_$1_$2_$3_$4
`;

/** name{labels} → value, from the text format. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

describe("the sandbox's JMX exporter", () => {
  it('formats MBeans as the agent matches them, and names metrics by the first rule that matches', () => {
    const clock = new ManualClock();
    const model = createDemoCluster({ clock });
    const beans = nodeMBeans(model, 1);
    expect(beans.map(beanString)).toContain('kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value');
    const text = renderExposition(parseExporterConfig(RULES), beans);
    expect(text).toContain('# TYPE kafka_server_replicamanager_underreplicatedpartitions gauge\n');
    expect(text).toContain(
      '# HELP kafka_server_replicamanager_partitioncount Attribute exposed for management kafka.server:type=ReplicaManager,name=PartitionCount,attribute=Value\n',
    );
    const values = samples(text);
    const held = model.partitions().filter((p) => p.replicas.some((r) => r.broker === 1)).length;
    expect(values.get('kafka_server_replicamanager_partitioncount')).toBe(held);
    expect(values.get('kafka_server_replicamanager_underreplicatedpartitions')).toBe(0);
    // A meter's rate: the idle share of the request handlers, between 0 and 1.
    const idle = values.get('kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_oneminuterate') ?? -1;
    expect(idle).toBeGreaterThan(0);
    expect(idle).toBeLessThanOrEqual(1);
    // Log sizes carry topic and partition as labels; MeanRate matches no rule and is left out.
    const sized = [...values.keys()].filter((k) => k.startsWith('kafka_log_log_size{'));
    expect(sized.length).toBe(held);
    expect(sized[0]).toMatch(/^kafka_log_log_size\{topic="[^"]+",partition="\d+"\}$/);
    expect([...values.keys()].some((k) => k.includes('meanrate'))).toBe(false);
  });

  it('shows a stopped broker as under-replicated on the leaders of its partitions', () => {
    const clock = new ManualClock();
    const model = createDemoCluster({ clock });
    const config = parseExporterConfig(RULES);
    const underReplicated = (id: number) =>
      samples(renderExposition(config, nodeMBeans(model, id))).get('kafka_server_replicamanager_underreplicatedpartitions') ?? 0;
    const before = [0, 1, 2, 3, 4].reduce((sum, id) => sum + underReplicated(id), 0);
    model.stopBroker(5);
    const after = [0, 1, 2, 3, 4].reduce((sum, id) => sum + underReplicated(id), 0);
    expect(before).toBe(0);
    expect(after).toBe(model.partitions().filter((p) => p.replicas.some((r) => r.broker === 5) && p.leader !== -1).length);
    expect(nodeMBeans(model, 5)).toEqual([]);
  });

  it('exports every attribute under a derived name when the config has no rules, and refuses a config that does not parse', () => {
    const clock = new ManualClock();
    const model = createDemoCluster({ clock });
    const text = renderExposition(parseExporterConfig('lowercaseOutputName: true\n'), nodeMBeans(model, 0));
    expect(text).toContain('kafka_server_replicamanager_partitioncount_value ');
    expect(() => parseExporterConfig('rules: [')).toThrow(ExporterConfigError);
    expect(() => parseExporterConfig("rules:\n  - pattern: 'a'\n    labels: { x: y }\n")).toThrow(ExporterConfigError);
  });

  it('prints values as Java does', () => {
    expect([javaDouble(0), javaDouble(3), javaDouble(0.25), javaDouble(1.5e9), javaDouble(12_345_678), javaDouble(0.0001)]).toEqual([
      '0.0',
      '3.0',
      '0.25',
      '1.5E9',
      '1.2345678E7',
      '1.0E-4',
    ]);
  });
});
