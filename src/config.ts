import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Validated server configuration, from flags first, then the environment, then defaults. */
export interface Config {
  port: number;
  host: string;
  kubeconfig: string | undefined;
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty' | 'auto';
  shutdownTimeoutMs: number;
  maxQueryCost: number;
  alertmanagerTokenFile: string | undefined;
  alertmanagerBasicAuthFile: string | undefined;
  alertsPort: number | undefined;
  /** Namespaces to watch and manage; undefined means all. */
  namespaces: string[] | undefined;
  /** False serves the API over clusters another operator manages: nothing is written. */
  reconcile: boolean;
  /** Install or upgrade the CRDs at start; undefined means only on the embedded sandbox. */
  installCrds: boolean | undefined;
  leaderElectionNamespace: string;
  sandboxDir: string | undefined;
  /** With no kubeconfig and no in-cluster config, run on the embedded sandbox (else on nothing). */
  sandbox: boolean;
  /** Install cert-manager into the embedded sandbox (for sslSecrets.pkiBackend: cert-manager). */
  sandboxCertManager: boolean;
  /** Who may call: `kubernetes` (TokenReview + SubjectAccessReview) or `none`; undefined picks by connection (none only on the sandbox). */
  auth: 'kubernetes' | 'none' | undefined;
  /** How long a token's or a permission's answer is trusted. */
  authCacheMs: number;
  /** Origins a browser's WebSocket may come from besides the server's own; undefined means same-origin only. */
  allowedOrigins: string[] | undefined;
  /** Requests per second each caller may make (a token bucket twice as deep); 0 turns the limit off; undefined: 50 with authentication on. */
  rateLimit: number | undefined;
  /** Subscriptions one graphql-ws connection may hold at once. */
  maxSubscriptions: number;
  /** Call a KafkaCluster's cruiseControlEndpoint even when it is outside the cluster's network. */
  allowExternalCruiseControl: boolean;
  /** Answer __schema and __type, over HTTP and the socket alike. */
  introspection: boolean;
  /** How long a broker certificate kafkaplane issues (sslSecrets) is valid; renewed after two thirds of it. */
  certificateValidityMs: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** A configuration problem a user can fix; `main` prints it and exits 2. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

interface FlagSpec {
  flag: string;
  env?: string;
  value: string;
  description: string;
  defaultValue?: string;
}

/**
 * The default of --max-query-cost. A portal's fleet overview (100 clusters with a page of 30
 * brokers each, every broker's disks, load and config entries: bench/fleetQueries.ts) costs
 * 194,201 points now that every scalar counts (src/http/queryCost.ts), and a user expects that
 * dashboard to load from a server started with defaults. 200,000 admits it, and still refuses a
 * page of 100 clusters of 100 brokers each asked for as much (642,201).
 */
export const DEFAULT_MAX_QUERY_COST = 200_000;

const FLAGS: FlagSpec[] = [
  { flag: 'port', env: 'PORT', value: 'N', description: 'HTTP port for /graphql, /healthz, /readyz and /metrics (0 picks a free one)', defaultValue: '4000' },
  { flag: 'host', env: 'HOST', value: 'ADDR', description: 'address to listen on', defaultValue: '0.0.0.0' },
  {
    flag: 'kubeconfig',
    env: 'KUBECONFIG',
    value: 'PATH',
    description: 'kubeconfig file; without one, the in-cluster config is used when present, else the embedded sandbox',
  },
  { flag: 'namespace', env: 'WATCH_NAMESPACES', value: 'NS[,NS]', description: 'namespaces to watch and manage, comma-separated or repeated (default: all)' },
  {
    flag: 'reconcile',
    env: 'RECONCILE',
    value: 'BOOL',
    description: 'false serves the API over clusters another operator (Koperator) manages, writing nothing',
    defaultValue: 'true',
  },
  {
    flag: 'introspection',
    env: 'INTROSPECTION',
    value: 'BOOL',
    description: 'answer introspection (__schema, __type) over HTTP and WebSocket (default: true, false when NODE_ENV=production, as Apollo Server does)',
  },
  {
    flag: 'allow-external-cruise-control',
    env: 'ALLOW_EXTERNAL_CRUISE_CONTROL',
    value: 'BOOL',
    description: "call a KafkaCluster's cruiseControlEndpoint even when it is not a Service of the cluster's network",
    defaultValue: 'false',
  },
  {
    flag: 'install-crds',
    env: 'INSTALL_CRDS',
    value: 'BOOL',
    description: 'install or upgrade the CRDs at start (default: true on the embedded sandbox only)',
  },
  {
    flag: 'leader-election-namespace',
    env: 'POD_NAMESPACE',
    value: 'NS',
    description: 'namespace of the Lease replicas elect their leader with',
    defaultValue: 'default',
  },
  {
    flag: 'sandbox',
    env: 'SANDBOX',
    value: 'BOOL',
    description: 'with no kubeconfig and no in-cluster config, run on the embedded sandbox; false runs with no Kubernetes',
    defaultValue: 'true',
  },
  {
    flag: 'sandbox-dir',
    env: 'SANDBOX_DIR',
    value: 'DIR',
    description: 'where the embedded sandbox writes its kubeconfig and endpoints.json',
    defaultValue: '.sandbox',
  },
  {
    flag: 'sandbox-cert-manager',
    env: 'SANDBOX_CERT_MANAGER',
    value: 'BOOL',
    description: 'install cert-manager (its CRDs and controller) into the embedded sandbox, for sslSecrets.pkiBackend: cert-manager',
    defaultValue: 'false',
  },
  {
    flag: 'auth',
    env: 'AUTH_MODE',
    value: 'MODE',
    description:
      'kubernetes checks bearer tokens with TokenReview and each operation with SubjectAccessReview; none lets anyone do anything (default: kubernetes, none on the embedded sandbox)',
  },
  {
    flag: 'auth-cache',
    env: 'AUTH_CACHE_SECONDS',
    value: 'SECONDS',
    description: 'how long a TokenReview or SubjectAccessReview answer is reused',
    defaultValue: '10',
  },
  {
    flag: 'allowed-origins',
    env: 'ALLOWED_ORIGINS',
    value: 'URL[,URL]',
    description: 'browser origins allowed to open a WebSocket besides the server itself (default: same-origin only)',
  },
  {
    flag: 'rate-limit',
    env: 'RATE_LIMIT',
    value: 'N',
    description: 'requests per second per caller over HTTP (bursts of twice as many); 0 for no limit (default: 50 with --auth kubernetes, else 0)',
  },
  {
    flag: 'max-subscriptions',
    env: 'MAX_SUBSCRIPTIONS',
    value: 'N',
    description: 'subscriptions one WebSocket connection may hold at once',
    defaultValue: '100',
  },
  { flag: 'log-level', env: 'LOG_LEVEL', value: 'LEVEL', description: 'fatal, error, warn, info, debug, trace or silent', defaultValue: 'info' },
  { flag: 'log-format', env: 'LOG_FORMAT', value: 'FORMAT', description: 'json, pretty, or auto (pretty when stdout is a terminal)', defaultValue: 'auto' },
  {
    flag: 'max-query-cost',
    env: 'MAX_QUERY_COST',
    value: 'POINTS',
    description: 'GraphQL operations that cost more are refused before they run (objects 1, scalars 0, lists multiplied)',
    defaultValue: String(DEFAULT_MAX_QUERY_COST),
  },
  {
    flag: 'alertmanager-token-file',
    value: 'PATH',
    description: 'file holding the bearer token alert senders must present (or the token itself in ALERTMANAGER_WEBHOOK_TOKEN)',
  },
  { flag: 'alertmanager-basic-auth-file', value: 'PATH', description: 'file holding "username:password" that alert senders may present instead' },
  {
    flag: 'alerts-port',
    env: 'ALERTS_PORT',
    value: 'N',
    description: 'also accept Prometheus alerts (/api/v2/alerts) on this port, as Koperator does on 9001',
  },
  {
    flag: 'shutdown-timeout',
    env: 'SHUTDOWN_TIMEOUT_SECONDS',
    value: 'SECONDS',
    description: 'how long a graceful shutdown may take before the process exits anyway',
    defaultValue: '10',
  },
  {
    flag: 'certificate-validity',
    env: 'CERTIFICATE_VALIDITY_SECONDS',
    value: 'SECONDS',
    description: 'validity of the broker certificates, and of its own client certificate, kafkaplane issues (sslSecrets), renewed after two thirds of it',
    defaultValue: String(365 * 24 * 3600),
  },
];

const schema = z.object({
  port: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535'),
  host: z.string().min(1, 'must not be empty'),
  kubeconfig: z.string().min(1, 'must not be empty').optional(),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(,[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be namespace names (DNS-1123 labels), comma-separated')
    .optional(),
  reconcile: z.enum(['true', 'false'], { message: 'must be true or false' }),
  'install-crds': z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  'allow-external-cruise-control': z.enum(['true', 'false'], { message: 'must be true or false' }),
  introspection: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  'leader-election-namespace': z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name (a DNS-1123 label)'),
  sandbox: z.enum(['true', 'false'], { message: 'must be true or false' }),
  'sandbox-dir': z.string().min(1, 'must not be empty'),
  'sandbox-cert-manager': z.enum(['true', 'false'], { message: 'must be true or false' }),
  'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  'log-format': z.enum(['json', 'pretty', 'auto'], { message: 'must be json, pretty or auto' }),
  'max-query-cost': z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1'),
  'alertmanager-token-file': z.string().min(1, 'must not be empty').optional(),
  'alertmanager-basic-auth-file': z.string().min(1, 'must not be empty').optional(),
  'alerts-port': z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .optional(),
  auth: z.enum(['kubernetes', 'none'], { message: 'must be kubernetes or none' }).optional(),
  'auth-cache': z.coerce.number({ message: 'must be a number' }).min(0, 'must be at least 0').max(600, 'must be at most 600'),
  'allowed-origins': z
    .string()
    .regex(/^https?:\/\/[^,/\s]+(,https?:\/\/[^,/\s]+)*$/, 'must be origins (scheme://host[:port]), comma-separated')
    .optional(),
  'rate-limit': z.coerce.number({ message: 'must be a number' }).min(0, 'must be at least 0').optional(),
  'max-subscriptions': z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1'),
  'shutdown-timeout': z.coerce.number({ message: 'must be a number' }).positive('must be more than 0').max(300, 'must be at most 300'),
  'certificate-validity': z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(30, 'must be at least 30'),
});

export function helpText(): string {
  const lines = FLAGS.map((f) => {
    const left = `  --${f.flag} ${f.value}`.padEnd(32);
    const env = f.env ? ` [env ${f.env}]` : '';
    const def = f.defaultValue !== undefined ? ` (default ${f.defaultValue})` : '';
    return `${left}${f.description}${env}${def}`;
  });
  return [
    'Usage: kafkaplane [options]',
    '',
    'A GraphQL control plane for Apache Kafka on Kubernetes.',
    '',
    'Options:',
    ...lines,
    `  --help${' '.repeat(26)}show this help and exit`,
  ].join('\n');
}

export type ParsedArgs = { help: true } | { help: false; config: Config };

/** Parses flags and environment; throws ConfigError with every problem named. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const options = Object.fromEntries(FLAGS.map((f) => [f.flag, { type: 'string' as const, multiple: f.flag === 'namespace' }]));
    values = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}. Run with --help to see the options.`);
  }
  if (values.help === true) return { help: true };

  const raw: Record<string, string | undefined> = {};
  for (const f of FLAGS) {
    const given = values[f.flag];
    const fromFlag = Array.isArray(given) ? given.join(',') : given;
    const fromEnv = f.env ? env[f.env] : undefined;
    raw[f.flag] = typeof fromFlag === 'string' ? fromFlag : fromEnv !== '' ? (fromEnv ?? f.defaultValue) : f.defaultValue;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const spec = FLAGS.find((f) => f.flag === name);
      const source = spec?.env ? `--${name} (or ${spec.env})` : `--${name}`;
      return `${source}: ${issue.message}, got ${JSON.stringify(raw[name])}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const v = result.data;
  return {
    help: false,
    config: {
      port: v.port,
      host: v.host,
      kubeconfig: v.kubeconfig,
      logLevel: v['log-level'],
      logFormat: v['log-format'],
      shutdownTimeoutMs: Math.round(v['shutdown-timeout'] * 1000),
      maxQueryCost: v['max-query-cost'],
      alertmanagerTokenFile: v['alertmanager-token-file'],
      alertmanagerBasicAuthFile: v['alertmanager-basic-auth-file'],
      alertsPort: v['alerts-port'],
      namespaces: v.namespace === undefined ? undefined : [...new Set(v.namespace.split(','))],
      reconcile: v.reconcile === 'true',
      installCrds: v['install-crds'] === undefined ? undefined : v['install-crds'] === 'true',
      leaderElectionNamespace: v['leader-election-namespace'],
      sandboxDir: v['sandbox-dir'],
      sandbox: v.sandbox === 'true',
      sandboxCertManager: v['sandbox-cert-manager'] === 'true',
      auth: v.auth,
      authCacheMs: Math.round(v['auth-cache'] * 1000),
      allowedOrigins: v['allowed-origins']?.split(','),
      rateLimit: v['rate-limit'],
      maxSubscriptions: v['max-subscriptions'],
      allowExternalCruiseControl: v['allow-external-cruise-control'] === 'true',
      introspection: v.introspection === undefined ? env.NODE_ENV !== 'production' : v.introspection === 'true',
      certificateValidityMs: v['certificate-validity'] * 1000,
    },
  };
}
