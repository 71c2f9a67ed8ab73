import type { SaslListenerConfig } from './protocol/saslSession.js';
import { isScramMechanism, type ScramCredentials } from './scram.js';
import type { TlsStartFailure } from './listenerTls.js';

/** The listeners whose `listener.security.protocol.map` entry is SASL_PLAINTEXT or SASL_SSL, among those served. */
export function saslListeners(config: Readonly<Record<string, string>>): string[] {
  const served = new Set((config.listeners ?? '').split(',').map((l) => l.trim().split(':')[0]?.toUpperCase() ?? ''));
  return (config['listener.security.protocol.map'] ?? '')
    .split(',')
    .map((entry) => entry.trim().split(':'))
    .filter(([, protocol]) => ['SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol?.trim().toUpperCase() ?? ''))
    .map(([name]) => (name ?? '').trim().toUpperCase())
    .filter((name) => served.has(name));
}

/** The mechanisms the sandbox serves; GSSAPI and OAUTHBEARER need a KDC or a token issuer it does not model. */
const SERVED_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

/**
 * The options of a one-module JAAS entry, `<LoginModule> required key="value" ...;`
 * (apache/kafka `JaasConfig`); undefined when it does not read as one.
 */
export function jaasOptions(text: string): Map<string, string> | undefined {
  const match = /^\s*([\w.$]+)\s+(required|requisite|sufficient|optional)\s*(.*?)\s*;\s*$/s.exec(text);
  if (!match) return undefined;
  const options = new Map<string, string>();
  let rest = match[3] ?? '';
  while (rest !== '') {
    const option = /^([^\s=]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))\s*/s.exec(rest);
    if (!option) return undefined;
    options.set(option[1] ?? '', option[2] !== undefined ? option[2].replace(/\\(.)/g, '$1') : (option[3] ?? ''));
    rest = rest.slice(option[0].length);
  }
  return options;
}

/**
 * Reads each SASL listener's settings as Kafka does at start (SaslChannelBuilder.configure,
 * JaasContext.loadServerContext): its mechanisms from `listener.name.<listener>.sasl.enabled.mechanisms`
 * (else `sasl.enabled.mechanisms`, else Kafka's default GSSAPI), and for each mechanism a JAAS entry
 * from `listener.name.<listener>.<mechanism>.sasl.jaas.config`. A mechanism without one stops the
 * broker with JaasContext's message (the sandbox models no static JAAS file). PLAIN takes its users
 * from the entry's `user_<name>` options (PlainServerCallbackHandler); SCRAM takes them from the
 * cluster's metadata (`scram`), where AlterUserScramCredentials writes them.
 */
export function loadListenerSasl(config: Readonly<Record<string, string>>, scram: ScramCredentials): Map<string, SaslListenerConfig> | TlsStartFailure {
  const loaded = new Map<string, SaslListenerConfig>();
  for (const listener of saslListeners(config)) {
    const prefix = `listener.name.${listener.toLowerCase()}.`;
    const mechanisms = (config[`${prefix}sasl.enabled.mechanisms`] ?? config['sasl.enabled.mechanisms'] ?? 'GSSAPI')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (mechanisms.length === 0) {
      return { exception: 'org.apache.kafka.common.KafkaException', reason: 'java.lang.IllegalArgumentException: No SASL mechanisms are enabled' };
    }
    const plainUsers = new Map<string, string>();
    for (const mechanism of mechanisms) {
      const jaas = config[`${prefix}${mechanism.toLowerCase()}.sasl.jaas.config`];
      if (jaas === undefined) {
        return {
          exception: 'org.apache.kafka.common.KafkaException',
          reason:
            `java.lang.IllegalArgumentException: Could not find a 'KafkaServer' or '${listener.toLowerCase()}.KafkaServer' entry in the JAAS configuration. ` +
            "System property 'java.security.auth.login.config' is not set",
        };
      }
      const options = jaasOptions(jaas);
      if (options === undefined) {
        return {
          exception: 'org.apache.kafka.common.KafkaException',
          reason: `the sandbox reads a JAAS entry as one login module with quoted options ending in ";", which ${prefix}${mechanism.toLowerCase()}.sasl.jaas.config is not`,
        };
      }
      if (!SERVED_MECHANISMS.includes(mechanism)) {
        return {
          exception: 'org.apache.kafka.common.KafkaException',
          reason: `the sandbox serves the SASL mechanisms ${SERVED_MECHANISMS.join(', ')}; listener ${listener} enables ${mechanism}`,
        };
      }
      if (mechanism === 'PLAIN') for (const [key, value] of options) if (key.startsWith('user_')) plainUsers.set(key.slice('user_'.length), value);
    }
    loaded.set(listener, { mechanisms, ...(plainUsers.size > 0 ? { plainUsers } : {}), ...(mechanisms.some(isScramMechanism) ? { scram } : {}) });
  }
  return loaded;
}
