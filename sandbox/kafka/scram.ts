import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SASL/SCRAM as Kafka serves it (RFC 5802, RFC 7677; KIP-84): the credentials a cluster keeps
 * in its metadata log, and the server side of one exchange (apache/kafka `ScramSaslServer`,
 * `ScramFormatter`, `ScramMessages`).
 */

/** Kafka's SCRAM mechanisms, with the type numbers of AlterUserScramCredentials (`ScramMechanism.type`). */
export const SCRAM_MECHANISMS = {
  'SCRAM-SHA-256': { type: 1, hash: 'sha256', minIterations: 4096 },
  'SCRAM-SHA-512': { type: 2, hash: 'sha512', minIterations: 4096 },
} as const;
export type ScramMechanism = keyof typeof SCRAM_MECHANISMS;

/** ScramControlManager.MAX_ITERATIONS. */
export const SCRAM_MAX_ITERATIONS = 16384;

export function scramMechanismOfType(type: number): ScramMechanism | undefined {
  return (Object.keys(SCRAM_MECHANISMS) as ScramMechanism[]).find((m) => SCRAM_MECHANISMS[m].type === type);
}

export function isScramMechanism(name: string): name is ScramMechanism {
  return Object.hasOwn(SCRAM_MECHANISMS, name);
}

/** What Kafka stores of a SCRAM credential (UserScramCredentialRecord): never the password. */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

const hmac = (mechanism: ScramMechanism, key: Buffer, data: string | Buffer): Buffer => createHmac(SCRAM_MECHANISMS[mechanism].hash, key).update(data).digest();

/**
 * The stored form of a salted password, as the controller derives it from an upsertion
 * (ScramControlManager.finishUpsertion): StoredKey = H(HMAC(SaltedPassword, "Client Key")),
 * ServerKey = HMAC(SaltedPassword, "Server Key").
 */
export function scramCredential(mechanism: ScramMechanism, salt: Buffer, saltedPassword: Buffer, iterations: number): ScramCredential {
  const clientKey = hmac(mechanism, saltedPassword, 'Client Key');
  return {
    salt,
    storedKey: createHash(SCRAM_MECHANISMS[mechanism].hash).update(clientKey).digest(),
    serverKey: hmac(mechanism, saltedPassword, 'Server Key'),
    iterations,
  };
}

/** Hi(password, salt, i) of RFC 5802, Kafka's ScramFormatter.saltedPassword: PBKDF2 with the mechanism's HMAC. */
export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const hash = SCRAM_MECHANISMS[mechanism].hash;
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, createHash(hash).digest().length, hash);
}

/**
 * Whether a client knowing `password` gets through an exchange with this credential: its proof is
 * checked against StoredKey (ScramSaslServer.verifyClientProof), so the two must derive alike.
 */
export function passwordMatches(mechanism: ScramMechanism, credential: ScramCredential, password: string): boolean {
  const derived = scramCredential(
    mechanism,
    credential.salt,
    saltedPassword(mechanism, password, credential.salt, credential.iterations),
    credential.iterations,
  );
  return derived.storedKey.length === credential.storedKey.length && timingSafeEqual(derived.storedKey, credential.storedKey);
}

/** The SCRAM credentials of one cluster, by user and mechanism, as its metadata log holds them. */
export class ScramCredentials {
  readonly #credentials = new Map<string, ScramCredential>();

  get(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.#credentials.get(`${mechanism}\u0000${user}`);
  }

  set(user: string, mechanism: ScramMechanism, credential: ScramCredential): void {
    this.#credentials.set(`${mechanism}\u0000${user}`, credential);
  }

  /** Every user with a credential, in the order they were first given one. */
  users(): string[] {
    return [...new Set([...this.#credentials.keys()].map((key) => key.slice(key.indexOf('\u0000') + 1)))];
  }

  /** Returns false when the user has no credential of that mechanism. */
  delete(user: string, mechanism: ScramMechanism): boolean {
    return this.#credentials.delete(`${mechanism}\u0000${user}`);
  }
}

/**
 * A SCRAM failure. `toClient` is false for what ScramSaslServer throws as a SaslException:
 * SaslServerAuthenticator then answers with its own generic message, so an unknown user and a
 * wrong password look the same from outside.
 */
export class ScramFailure extends Error {
  constructor(
    message: string,
    readonly toClient: boolean,
  ) {
    super(message);
  }
}

/** "a=b,c=d" attributes of a SCRAM message, in order. */
function attributes(text: string, what: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of text.split(',')) {
    const match = /^([a-zA-Z])=(.*)$/s.exec(part);
    if (!match) throw new ScramFailure(`Invalid SCRAM ${what} format: ${text}`, false);
    result.set(match[1] ?? '', match[2] ?? '');
  }
  return result;
}

/** saslname of RFC 5802 back to a user name (ScramFormatter.username): "=2C" is ",", "=3D" is "=". */
function username(saslName: string): string {
  return saslName.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** The server side of one SCRAM exchange: the client-first message, then the client-final one. */
export class ScramServer {
  #state: 'first' | 'final' | 'complete' | 'failed' = 'first';
  #clientFirstBare = '';
  #serverFirst = '';
  #nonce = '';
  #credential: ScramCredential | undefined;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly lookup: (user: string) => ScramCredential | undefined,
  ) {}

  get complete(): boolean {
    return this.#state === 'complete';
  }

  /** Answers one client message with the server's next one; throws ScramFailure. */
  evaluate(response: Buffer): Buffer {
    try {
      if (this.#state === 'first') return this.#first(response.toString('utf8'));
      if (this.#state === 'final') return this.#final(response.toString('utf8'));
      throw new ScramFailure(`Unexpected challenge in Sasl server state ${this.#state.toUpperCase()}`, true);
    } catch (error) {
      this.#state = 'failed';
      this.#credential = undefined;
      throw error;
    }
  }

  #first(message: string): Buffer {
    // gs2-header: no channel binding ("n" or "y"), an optional authzid "a=<name>".
    const gs2 = /^[ny],(a=[^,]*)?,(.*)$/s.exec(message);
    if (!gs2) throw new ScramFailure(`Invalid SCRAM client first message format: ${message}`, false);
    const authzid = gs2[1] === undefined ? '' : username(gs2[1].slice(2));
    this.#clientFirstBare = gs2[2] ?? '';
    const bare = attributes(this.#clientFirstBare, 'client first message');
    const saslName = bare.get('n');
    const clientNonce = bare.get('r');
    if (saslName === undefined || clientNonce === undefined) throw new ScramFailure(`Invalid SCRAM client first message format: ${message}`, false);
    const user = username(saslName);
    const credential = this.lookup(user);
    if (credential === undefined) throw new ScramFailure('Authentication failed: Invalid user credentials', false);
    if (authzid !== '' && authzid !== user)
      throw new ScramFailure('Authentication failed: Client requested an authorization id that is different from username', true);
    const min = SCRAM_MECHANISMS[this.mechanism].minIterations;
    if (credential.iterations < min) throw new ScramFailure(`Iterations ${credential.iterations} is less than the minimum ${min} for ${this.mechanism}`, false);
    this.#credential = credential;
    this.#nonce = clientNonce + randomBytes(24).toString('base64url');
    this.#serverFirst = `r=${this.#nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.#state = 'final';
    return Buffer.from(this.#serverFirst, 'utf8');
  }

  #final(message: string): Buffer {
    const final = attributes(message, 'client final message');
    const proof = final.get('p');
    if (final.get('c') === undefined || final.get('r') === undefined || proof === undefined)
      throw new ScramFailure(`Invalid SCRAM client final message format: ${message}`, false);
    if (final.get('r') !== this.#nonce) throw new ScramFailure('Invalid client nonce in the final client message.', false);
    const credential = this.#credential;
    if (credential === undefined) throw new ScramFailure('Invalid client credentials', false);
    const withoutProof = message.slice(0, message.lastIndexOf(',p='));
    const authMessage = `${this.#clientFirstBare},${this.#serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.mechanism, credential.storedKey, authMessage);
    const clientProof = Buffer.from(proof, 'base64');
    // ClientKey = ClientProof XOR ClientSignature; it is right when H(ClientKey) is the StoredKey.
    if (clientProof.length !== clientSignature.length) throw new ScramFailure('Invalid client credentials', false);
    const clientKey = Buffer.from(clientProof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    const computed = createHash(SCRAM_MECHANISMS[this.mechanism].hash).update(clientKey).digest();
    if (!timingSafeEqual(computed, credential.storedKey)) throw new ScramFailure('Invalid client credentials', false);
    const serverSignature = hmac(this.mechanism, credential.serverKey, authMessage);
    this.#state = 'complete';
    this.#credential = undefined;
    return Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8');
  }
}
