import { jaasOptions } from './listenerSasl.js';
import type { SaslListenerConfig } from './protocol/saslSession.js';
import { isScramMechanism, passwordMatches } from './scram.js';

/** How a Kafka client logs in over SASL: its mechanism, and the username and password of its JAAS entry. */
export interface ClientSaslLogin {
  readonly mechanism: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
}

/**
 * A client's login from its mechanism and JAAS entry, the password's config-provider references
 * resolved by `resolve` (as AbstractConfig resolves them before the login module reads them).
 */
export function clientSaslLogin(mechanism: string, jaas: string | undefined, resolve: (value: string) => string): ClientSaslLogin {
  const options = jaas === undefined ? undefined : jaasOptions(resolve(jaas));
  return { mechanism, username: options?.get('username'), password: options?.get('password') };
}

/**
 * A broker's login to the others on its inter-broker listener: `sasl.mechanism.inter.broker.protocol`
 * (Kafka's default GSSAPI), with the listener's JAAS entry for that mechanism
 * (`listener.name.<listener>.<mechanism>.sasl.jaas.config`, which holds the client's username and
 * password too). Undefined when that listener is not SASL.
 */
export function interBrokerSaslLogin(config: Readonly<Record<string, string>>, resolve: (value: string) => string): ClientSaslLogin | undefined {
  const listener = config['inter.broker.listener.name']?.trim();
  if (listener === undefined) return undefined;
  const protocol = (config['listener.security.protocol.map'] ?? '')
    .split(',')
    .map((e) => e.trim().split(':'))
    .find(([name]) => name?.toUpperCase() === listener.toUpperCase())?.[1]
    ?.toUpperCase();
  if (protocol !== 'SASL_PLAINTEXT' && protocol !== 'SASL_SSL') return undefined;
  const mechanism = (config['sasl.mechanism.inter.broker.protocol'] ?? 'GSSAPI').trim();
  return clientSaslLogin(mechanism, config[`listener.name.${listener.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`], resolve);
}

/**
 * Why a SASL listener refuses a client's login, in the words the client's
 * SaslAuthenticationException carries (SaslClientAuthenticator, SaslServerAuthenticator), or
 * undefined when it succeeds. A client without SASL gets no answer at all: that is a closed
 * connection, decided elsewhere.
 */
export function saslAuthenticationFailure(login: ClientSaslLogin | undefined, listener: SaslListenerConfig): string | undefined {
  if (login === undefined) return 'Connection closed during SASL authentication';
  if (!listener.mechanisms.includes(login.mechanism))
    return `Client SASL mechanism '${login.mechanism}' not enabled in the server, enabled mechanisms are [${listener.mechanisms.join(', ')}]`;
  if (isScramMechanism(login.mechanism)) {
    const credential = login.username === undefined ? undefined : listener.scram?.get(login.username, login.mechanism);
    if (credential === undefined || login.password === undefined || !passwordMatches(login.mechanism, credential, login.password))
      return `Authentication failed during authentication due to invalid credentials with SASL mechanism ${login.mechanism}`;
    return undefined;
  }
  if (login.mechanism === 'PLAIN') {
    if (login.username === undefined || listener.plainUsers?.get(login.username) !== login.password)
      return 'Authentication failed: Invalid username or password';
    return undefined;
  }
  return `Client SASL mechanism '${login.mechanism}' not enabled in the server, enabled mechanisms are [${listener.mechanisms.join(', ')}]`;
}
