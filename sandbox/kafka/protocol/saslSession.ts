/**
 * The SASL state of one connection on a SASL listener, for the PLAIN mechanism
 * (RFC 4616; Kafka's PlainSaslServer). Kafka's order: optionally ApiVersions, then
 * SaslHandshake naming the mechanism, then SaslAuthenticate with the token; any other request
 * before that closes the connection (SaslServerAuthenticator).
 */
export class SaslSession {
  #state: 'handshake' | 'authenticate' | 'authenticated' = 'handshake';

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  get authenticated(): boolean {
    return this.#state === 'authenticated';
  }

  readonly mechanisms = ['PLAIN'];

  /** Returns false for a mechanism this listener does not enable (UNSUPPORTED_SASL_MECHANISM). */
  handshake(mechanism: string): boolean {
    if (this.#state !== 'handshake' || !this.mechanisms.includes(mechanism)) return false;
    this.#state = 'authenticate';
    return true;
  }

  get expectsToken(): boolean {
    return this.#state === 'authenticate';
  }

  /** Checks a PLAIN token "authzid NUL authcid NUL passwd"; returns PlainSaslServer's failure message, or null. */
  authenticate(token: Buffer): string | null {
    const parts = token.toString('utf8').split('\u0000');
    if (parts.length !== 3) return 'Invalid SASL/PLAIN response: expected 3 tokens, got ' + parts.length;
    const [authzid = '', username = '', password = ''] = parts;
    if (username === '') return 'Authentication failed: username not specified';
    if (password === '') return 'Authentication failed: password not specified';
    if (this.users.get(username) !== password) return 'Authentication failed: Invalid username or password';
    if (authzid !== '' && authzid !== username) return 'Authentication failed: Client requested an authorization id that is different from username';
    this.#state = 'authenticated';
    return null;
  }
}
