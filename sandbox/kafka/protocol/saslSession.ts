import { isScramMechanism, ScramFailure, ScramServer, type ScramCredentials } from '../scram.js';

/** What a SASL listener accepts: its enabled mechanisms, and where each finds its users. */
export interface SaslListenerConfig {
  /** sasl.enabled.mechanisms of the listener: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512. */
  readonly mechanisms: readonly string[];
  /** PLAIN users and passwords (the `user_<name>` options of PlainLoginModule's JAAS entry). */
  readonly plainUsers?: ReadonlyMap<string, string>;
  /** SCRAM credentials, kept in the cluster's metadata (AlterUserScramCredentials). */
  readonly scram?: ScramCredentials;
}

/** What the connection does with a request before authentication completes. */
export type SaslGate =
  /** Serve it. */
  | { readonly kind: 'serve' }
  /** Close the connection without an answer (InvalidRequestException, IllegalStateException). */
  | { readonly kind: 'close' }
  /** Answer with ILLEGAL_SASL_STATE and this message, then close (IllegalSaslStateException). */
  | { readonly kind: 'illegal'; readonly message: string };

/** Kafka's ApiKeys names of the APIs the simulated brokers answer, for the messages that name them. */
const API_NAMES: Record<number, string> = {
  3: 'METADATA',
  17: 'SASL_HANDSHAKE',
  18: 'API_VERSIONS',
  19: 'CREATE_TOPICS',
  32: 'DESCRIBE_CONFIGS',
  35: 'DESCRIBE_LOG_DIRS',
  36: 'SASL_AUTHENTICATE',
  44: 'INCREMENTAL_ALTER_CONFIGS',
  50: 'DESCRIBE_USER_SCRAM_CREDENTIALS',
  51: 'ALTER_USER_SCRAM_CREDENTIALS',
  55: 'DESCRIBE_QUORUM',
  60: 'DESCRIBE_CLUSTER',
  64: 'UNREGISTER_BROKER',
  80: 'ADD_RAFT_VOTER',
  81: 'REMOVE_RAFT_VOTER',
};

/**
 * The SASL state of one connection on a SASL listener, as apache/kafka
 * `SaslServerAuthenticator` keeps it: optionally one ApiVersions, then SaslHandshake naming an
 * enabled mechanism, then SaslAuthenticate requests carrying the mechanism's tokens (PLAIN:
 * `PlainSaslServer`; SCRAM: `ScramSaslServer`) until it completes. Every refusal on the way
 * closes the connection, after an answer where Kafka sends one.
 */
export class SaslSession {
  #state: 'initial' | 'handshake' | 'authenticate' | 'complete' = 'initial';
  #scram: ScramServer | undefined;
  #mechanism = '';

  constructor(private readonly config: SaslListenerConfig) {}

  get authenticated(): boolean {
    return this.#state === 'complete';
  }

  get mechanisms(): readonly string[] {
    return this.config.mechanisms;
  }

  /** Whether a request of this API may go on: before authentication only the SASL exchange is read. */
  gate(apiKey: number): SaslGate {
    if (this.#state === 'complete') return { kind: 'serve' };
    if (this.#state === 'authenticate') {
      if (apiKey === 36) return { kind: 'serve' };
      return { kind: 'illegal', message: `Unexpected Kafka request of type ${API_NAMES[apiKey] ?? apiKey} during SASL authentication.` };
    }
    // handleKafkaRequest: anything but ApiVersions and SaslHandshake is an InvalidRequestException;
    // a second ApiVersions is an IllegalStateException. Both close the connection unanswered.
    if (apiKey === 17) return { kind: 'serve' };
    if (apiKey === 18 && this.#state === 'initial') {
      this.#state = 'handshake';
      return { kind: 'serve' };
    }
    return { kind: 'close' };
  }

  /** Returns false for a mechanism this listener does not enable (UNSUPPORTED_SASL_MECHANISM, then closed). */
  handshake(mechanism: string): boolean {
    if (!this.config.mechanisms.includes(mechanism)) return false;
    this.#mechanism = mechanism;
    if (isScramMechanism(mechanism)) this.#scram = new ScramServer(mechanism, (user) => this.config.scram?.get(user, mechanism));
    this.#state = 'authenticate';
    return true;
  }

  /**
   * Evaluates one SaslAuthenticate token: the server's answer, or the message of
   * SASL_AUTHENTICATION_FAILED (after which the connection is closed).
   */
  authenticate(token: Buffer): { readonly reply: Buffer } | { readonly failure: string } {
    if (this.#scram) {
      try {
        const reply = this.#scram.evaluate(token);
        if (this.#scram.complete) this.#state = 'complete';
        return { reply };
      } catch (error) {
        if (!(error instanceof ScramFailure)) throw error;
        // SaslServerAuthenticator.handleSaslToken keeps a SaslException's text from the client.
        return { failure: error.toClient ? error.message : this.#genericFailure() };
      }
    }
    const failure = this.#plain(token);
    if (failure !== null) return { failure };
    this.#state = 'complete';
    return { reply: Buffer.alloc(0) };
  }

  #genericFailure(): string {
    return `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.#mechanism}`;
  }

  /** Checks a PLAIN token "authzid NUL authcid NUL passwd" (RFC 4616); PlainSaslServer's failure message, or null. */
  #plain(token: Buffer): string | null {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) return this.#genericFailure();
    const [authzid = '', username = '', password = ''] = parts;
    if (username === '') return 'Authentication failed: username not specified';
    if (password === '') return 'Authentication failed: password not specified';
    if (this.config.plainUsers?.get(username) !== password) return 'Authentication failed: Invalid username or password';
    if (authzid !== '' && authzid !== username) return 'Authentication failed: Client requested an authorization id that is different from username';
    return null;
  }
}
