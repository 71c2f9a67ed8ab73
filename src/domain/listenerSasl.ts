import type { ExternalListener, InternalListener, KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';

/** The mechanism a SASL listener enables when the cluster's config names none. */
export const DEFAULT_SASL_MECHANISM = 'SCRAM-SHA-512';

/**
 * The JAAS entry a SCRAM mechanism needs on a listener brokers do not connect through: the
 * login module alone, since users are checked against the credentials in the cluster's metadata
 * (KIP-554) and the broker logs in as nobody there. It holds no secret.
 */
export const SCRAM_SERVER_JAAS = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/** The names (upper case) of the listeners of type sasl_plaintext or sasl_ssl. */
export function saslListenerNames(spec: KafkaClusterSpec): string[] {
  const listeners: Array<InternalListener | ExternalListener> = [...spec.listenersConfig.internalListeners, ...(spec.listenersConfig.externalListeners ?? [])];
  return listeners.filter((l) => l.type === 'sasl_plaintext' || l.type === 'sasl_ssl').map((l) => l.name.toUpperCase());
}

/**
 * The server.properties entries a SASL listener needs and the user did not write
 * (`userKeys`): Kafka's own default, `sasl.enabled.mechanisms=GSSAPI`, needs Kerberos, so the
 * listener enables SCRAM-SHA-512 unless the cluster's config names its mechanisms
 * (`listener.name.<listener>.sasl.enabled.mechanisms`, or `sasl.enabled.mechanisms`); every SCRAM
 * mechanism enabled gets its JAAS entry (`listener.name.<listener>.<mechanism>.sasl.jaas.config`)
 * unless the config has one. PLAIN's entry lists users and passwords, so only the user writes it
 * (readOnlyConfig), as Koperator leaves every SASL setting to them.
 */
export function saslListenerEntries(listener: string, user: ReadonlyMap<string, string>): Array<[string, string]> {
  const prefix = `listener.name.${listener.toLowerCase()}.`;
  const entries: Array<[string, string]> = [];
  const configured = user.get(`${prefix}sasl.enabled.mechanisms`) ?? user.get('sasl.enabled.mechanisms');
  if (configured === undefined) entries.push([`${prefix}sasl.enabled.mechanisms`, DEFAULT_SASL_MECHANISM]);
  const mechanisms = (configured ?? DEFAULT_SASL_MECHANISM)
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.startsWith('SCRAM-SHA-'));
  for (const mechanism of mechanisms) {
    const key = `${prefix}${mechanism.toLowerCase()}.sasl.jaas.config`;
    if (!user.has(key)) entries.push([key, SCRAM_SERVER_JAAS]);
  }
  return entries;
}

/**
 * Whether a config is one a SASL listener reads when it opens: its mechanisms and their JAAS
 * entries. Kafka lets them change per broker at run time, but a listener without them does not
 * start, so they are rendered into server.properties rather than applied after the start.
 */
export function isSaslListenerStartupKey(key: string): boolean {
  return key === 'sasl.enabled.mechanisms' || /^listener\.name\.[^.]+\.(sasl\.enabled\.mechanisms|[^.]+\.sasl\.jaas\.config)$/.test(key);
}
