import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct operation names we label by; past this, names are counted as "other" (bounded cardinality). */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Durations kept for the histogram between two reads of /metrics, per set of labels: beyond, they are observed at once. */
const PENDING_DURATIONS = 4096;

export interface ServerMetrics {
  registry: Registry;
  apolloPlugin: ApolloServerPlugin;
  subscriptionStarted(operationName: string | null | undefined): void;
  subscriptionEnded(): void;
  /** A GraphQL request over HTTP was answered (Apollo's plugin counts those it answers; the known-query lane its own). */
  requestAnswered(operationName: string | null | undefined, type: string, outcome: 'success' | 'error', startedNs: bigint): void;
  /** A query was answered from the known-query cache, without Apollo Server's request pipeline (knownQueries.ts). */
  knownQueryAnswered(): void;
  /** An HTTP operation was answered by the read path (`read`) or the general execution (`general`). */
  executionAnswered(path: ExecutionPath): void;
  /** A subscription's event was executed once for a group of subscribers (`shared`) or for one (`subscriber`). */
  subscriptionExecuted(path: SubscriptionExecutionPath): void;
}

/** One set of labels of the requests counter, and its requests not yet added to it. */
interface AnsweredSeries {
  labels: { operation: string; type: string; outcome: string };
  durationLabels: { operation: string; type: string };
  count: number;
  /** Durations not yet observed by the histogram (seconds). */
  durations: number[];
}

export type SubscriptionExecutionPath = 'shared' | 'subscriber';

export type ExecutionPath = 'read' | 'general';

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const seenNames = new Set<string>();
  const label = (name: string | null | undefined): string => {
    if (name == null) return 'anonymous';
    if (seenNames.has(name)) return name;
    if (!OPERATION_NAME.test(name)) return 'anonymous';
    if (seenNames.size >= MAX_OPERATION_NAMES) return 'other';
    seenNames.add(name);
    return name;
  };

  // Requests are counted here per set of labels and added to the counter when it is read, and
  // their durations observed then: prom-client's inc and observe check and hash the labels on
  // every call, about a tenth of a small query's time over HTTP (docs/benchmarks.md).
  const answered = new Map<string, AnsweredSeries>();
  new Counter({
    name: 'kafkaplane_graphql_requests_total',
    help: 'GraphQL requests over HTTP, by operation name, type and outcome.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
    collect() {
      for (const series of answered.values()) {
        if (series.count === 0) continue;
        this.inc(series.labels, series.count);
        series.count = 0;
      }
    },
  });
  const duration = new Histogram({
    name: 'kafkaplane_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request over HTTP, by operation name and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
    collect() {
      for (const series of answered.values()) observeDurations(series);
    },
  });
  const observeDurations = (series: AnsweredSeries): void => {
    for (const seconds of series.durations) duration.observe(series.durationLabels, seconds);
    series.durations.length = 0;
  };
  const subscriptionsActive = new Gauge({
    name: 'kafkaplane_graphql_subscriptions_active',
    help: 'Subscriptions open over graphql-ws.',
    registers: [registry],
  });
  const subscriptionsTotal = new Counter({
    name: 'kafkaplane_graphql_subscriptions_total',
    help: 'Subscriptions started over graphql-ws, by operation name.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });

  const executions: Record<ExecutionPath, number> = { read: 0, general: 0 };
  new Counter({
    name: 'kafkaplane_graphql_executions_total',
    help: 'GraphQL operations over HTTP by how they ran: "read" (the generated read path of a query) or "general" (graphql-jit or graphql-js: mutations, errors, what the read path declines).',
    labelNames: ['path'] as const,
    registers: [registry],
    collect() {
      for (const path of ['read', 'general'] as const) {
        if (executions[path] === 0) continue;
        this.inc({ path }, executions[path]);
        executions[path] = 0;
      }
    },
  });

  const subscriptionExecutions = new Counter({
    name: 'kafkaplane_graphql_subscription_executions_total',
    help: 'Executions of subscription events over graphql-ws: "shared" (once per event for every subscriber with the same document, variables and authorization) or "subscriber" (once per event and subscriber).',
    labelNames: ['path'] as const,
    registers: [registry],
  });

  let knownAnswers = 0;
  new Counter({
    name: 'kafkaplane_graphql_known_query_answers_total',
    help: "GraphQL queries over HTTP answered from the known-query cache: a document Apollo Server validated and answered before, run again on its read path without Apollo Server's request pipeline.",
    registers: [registry],
    collect() {
      this.inc(knownAnswers);
      knownAnswers = 0;
    },
  });

  const requestAnswered = (operationName: string | null | undefined, type: string, outcome: 'success' | 'error', startedNs: bigint): void => {
    const operation = label(operationName);
    // Bounded as the labels are: the names above, the operation types, two outcomes.
    const key = `${operation} ${type} ${outcome}`;
    let series = answered.get(key);
    if (series === undefined) {
      series = { labels: { operation, type, outcome }, durationLabels: { operation, type }, count: 0, durations: [] };
      answered.set(key, series);
    }
    series.count += 1;
    series.durations.push(Number(process.hrtime.bigint() - startedNs) / 1e9);
    // Bounded between two reads of /metrics: beyond this many, observed at once.
    if (series.durations.length >= PENDING_DURATIONS) observeDurations(series);
  };

  const apolloPlugin: ApolloServerPlugin = {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse(ctx) {
          const outcome = ctx.errors && ctx.errors.length > 0 ? 'error' : 'success';
          requestAnswered(ctx.operationName ?? ctx.request.operationName, ctx.operation?.operation ?? 'unknown', outcome, started);
          return Promise.resolve();
        },
      });
    },
  };

  return {
    registry,
    apolloPlugin,
    subscriptionStarted(operationName) {
      subscriptionsTotal.inc({ operation: label(operationName) });
      subscriptionsActive.inc();
    },
    requestAnswered,
    knownQueryAnswered() {
      knownAnswers += 1;
    },
    subscriptionEnded() {
      subscriptionsActive.dec();
    },
    executionAnswered(path) {
      executions[path] += 1;
    },
    subscriptionExecuted(path) {
      subscriptionExecutions.inc({ path });
    },
  };
}
