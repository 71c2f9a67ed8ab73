import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { call, startHarness, type Harness } from './fixtures.js';

/** Cruise Control's own OpenAPI description, vendored unchanged (vendor/cruise-control-openapi/README.md). */
const SPEC = fileURLToPath(new URL('../../../vendor/cruise-control-openapi', import.meta.url));

/** The section of the repository's docs that names and explains each allowed difference. */
const DIFFERENCES_DOC = fileURLToPath(new URL('../../../docs/sandbox-cruisecontrol.md', import.meta.url));
const DIFFERENCES_SECTION = 'Where the spec and the server differ';

/**
 * Where the real (Jetty servlet) server, and so the simulator, differs from the spec: each
 * allowance names the difference as docs/sandbox-cruisecontrol.md, "Where the spec and the server
 * differ", names it in bold, and matches the validation errors it explains. Any other error fails the test.
 */
const DOCUMENTED_DIFFERENCES: ReadonlyArray<{ readonly reference: string; readonly matches: (e: ErrorObject) => boolean }> = [
  {
    reference: 'Progress items carry no version.',
    matches: (e) => /^\/progress\/\d+$/.test(e.instancePath) && e.keyword === 'required' && e.params.missingProperty === 'version',
  },
  { reference: "A proposal's topicPartition is an object.", matches: (e) => /\/topicPartition$/.test(e.instancePath) && e.keyword === 'type' },
  {
    reference: 'Partition load values are fractional.',
    matches: (e) => /^\/records\/\d+\/(cpu|disk|networkInbound|networkOutbound|msg_in)$/.test(e.instancePath) && e.keyword === 'type',
  },
  {
    reference: 'Standard deviations are fractional.',
    matches: (e) => /^\/KafkaBrokerState\/Summary\/Std(Replicas|Leaders)PerBroker$/.test(e.instancePath) && e.keyword === 'type',
  },
  {
    reference: 'An execution task names its broker only when intra-broker.',
    matches: (e) => /\/(inProgress|pending)PartitionMovement\/\d+$/.test(e.instancePath) && e.keyword === 'required' && e.params.missingProperty === 'brokerId',
  },
];

interface Sample {
  readonly name: string;
  readonly endpointFile: string;
  readonly method: 'get' | 'post';
  readonly status: number;
  readonly body: unknown;
}

describe('Cruise Control simulator: JSON responses against the vendored OpenAPI spec', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const samples: Sample[] = [];
  let h: Harness | undefined;

  beforeAll(async () => {
    for (const file of readdirSync(join(SPEC, 'responses'))) {
      ajv.addSchema(parse(readFileSync(join(SPEC, 'responses', file), 'utf8')) as object, `https://spec/responses/${file}`);
    }
    h = await startHarness({ proposalComputeMs: 0, userTasks: { maxActiveTasks: 25 } }); // Koperator's setting
    const cc = h.cc;
    const take = async (name: string, endpointFile: string, method: 'GET' | 'POST', query: string): Promise<void> => {
      const reply = await call(cc, method, query);
      samples.push({ name, endpointFile, method: method === 'GET' ? 'get' : 'post', status: reply.status, body: reply.json() });
    };
    await take('state verbose', 'state.yaml', 'GET', 'state?json=true&verbose=true');
    await take('state', 'state.yaml', 'GET', 'state?json=true');
    await take('load', 'load.yaml', 'GET', 'load?json=true');
    await take('partition_load', 'partitionLoad.yaml', 'GET', 'partition_load?json=true&entries=5');
    await take('kafka_cluster_state', 'kafkaClusterState.yaml', 'GET', 'kafka_cluster_state?json=true&verbose=true');
    await take('proposals verbose', 'proposals.yaml', 'GET', 'proposals?json=true&verbose=true');
    await take('rebalance dry run', 'rebalance.yaml', 'POST', 'rebalance?json=true');
    await take('remove_disks dry run', 'removeDisks.yaml', 'POST', 'remove_disks?json=true&brokerid_and_logdirs=1-/kafka-logs/disk1/kafka');
    await take('remove_broker execution', 'removeBroker.yaml', 'POST', 'remove_broker?json=true&brokerid=1&dryrun=false');
    h.clock.advance(3000);
    await take('state during execution', 'state.yaml', 'GET', 'state?json=true&verbose=true');
    await take('user_tasks', 'userTasks.yaml', 'GET', 'user_tasks?json=true&fetch_completed_task=true');
    await take('stop', 'stopProposalExecution.yaml', 'POST', 'stop_proposal_execution?json=true');
    await take('state while stopping', 'state.yaml', 'GET', 'state?json=true');
    await take('pause', 'pauseSampling.yaml', 'POST', 'pause_sampling?json=true');
    await take('resume', 'resumeSampling.yaml', 'POST', 'resume_sampling?json=true');
    await take('error 400', 'addBroker.yaml', 'POST', 'add_broker?json=true');
    await take('error 500', 'removeBroker.yaml', 'POST', 'remove_broker?json=true&brokerid=9');
    const slow = await startHarness();
    const accepted = await call(slow.cc, 'POST', 'add_broker?brokerid=1&json=true');
    samples.push({ name: 'add_broker 202', endpointFile: 'addBroker.yaml', method: 'post', status: accepted.status, body: accepted.json() });
    await slow.close();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('collected a 200 from each endpoint, a 202 and errors', () => {
    expect(samples.filter((s) => s.status !== 200).map((s) => `${s.name} ${s.status}`)).toEqual(['error 400 400', 'error 500 500', 'add_broker 202 202']);
  });

  it('every JSON response matches its schema, apart from the documented differences', () => {
    const undocumented: string[] = [];
    const used = new Set<string>();
    for (const sample of samples) {
      const endpoint = parse(readFileSync(join(SPEC, 'endpoints', sample.endpointFile), 'utf8')) as Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> }>
      >;
      const operation = Object.values(endpoint)[0]?.[sample.method];
      const response = operation?.responses[String(sample.status)] ?? operation?.responses.default;
      const ref = response?.content['application/json']?.schema.$ref ?? '';
      const validate = ajv.getSchema(`https://spec/responses/${ref.replace('../responses/', '')}`);
      expect(validate, `${sample.name}: schema ${ref}`).toBeDefined();
      if (!validate || validate(sample.body)) continue;
      for (const error of validate.errors ?? []) {
        const allowance = DOCUMENTED_DIFFERENCES.find((d) => d.matches(error));
        if (allowance) used.add(allowance.reference);
        else undocumented.push(`${sample.name}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
      }
    }
    expect(undocumented).toEqual([]);
    // The allowances are real: the server differs in each of these ways in what was sampled.
    expect([...used].sort()).toEqual(DOCUMENTED_DIFFERENCES.map((d) => d.reference).sort());
  });

  it('allows only differences that docs/sandbox-cruisecontrol.md names and explains', () => {
    const doc = readFileSync(DIFFERENCES_DOC, 'utf8');
    const start = doc.indexOf(`## ${DIFFERENCES_SECTION}\n`);
    expect(start, `docs/sandbox-cruisecontrol.md has a section "${DIFFERENCES_SECTION}"`).toBeGreaterThanOrEqual(0);
    const end = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, end === -1 ? undefined : end);
    const named = [...section.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]);
    expect(DOCUMENTED_DIFFERENCES.map((d) => d.reference).filter((r) => !named.includes(r))).toEqual([]);
  });
});
