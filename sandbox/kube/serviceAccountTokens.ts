import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { ApiError, badRequest } from './errors.js';
import { API_AUDIENCES, type UserInfo } from './reviews.js';
import type { ObjectStore, StoredObject } from './store.js';

/**
 * The TokenRequest API (`POST .../serviceaccounts/<name>/token`, what `kubectl create token`
 * calls) and the authenticator of the tokens it issues: signed JWTs bound to the
 * ServiceAccount's uid, good until they expire or the ServiceAccount is deleted, as the API
 * server's service-account token authenticator checks them (kubernetes/kubernetes
 * pkg/serviceaccount/jwt.go and claims.go, pkg/registry/core/serviceaccount/storage/token.go).
 */

/** The issuer of a default cluster (`--service-account-issuer`). */
const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** TokenRequestSpec.expirationSeconds defaults to one hour (pkg/apis/authentication/v1/defaults.go). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  iss: string;
  jti: string;
  sub: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

export interface Authenticated {
  user: UserInfo;
  /** The audiences the credential is good for. */
  audiences: string[];
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export class ServiceAccountTokens {
  private keys?: { privateKey: KeyObject; publicKey: KeyObject };

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The signing key, made on first use (an RSA key pair, as a default cluster's sa.key). */
  private signingKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
    if (!this.keys) {
      const pair = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      this.keys = { privateKey: createPrivateKey(pair.privateKey), publicKey: createPublicKey(pair.publicKey) };
    }
    return this.keys;
  }

  /** Answers a TokenRequest for the ServiceAccount `namespace/name` (201, the request with its status filled in). */
  issue(namespace: string, name: string, body: StoredObject): StoredObject {
    const account = this.store.get('/serviceaccounts', namespace, name);
    if (!account) throw new ApiError(404, 'NotFound', `serviceaccounts "${name}" not found`, { name, kind: 'serviceaccounts' });
    const spec = isMap(body.spec) ? body.spec : {};
    if (spec.boundObjectRef !== undefined && spec.boundObjectRef !== null) throw badRequest('the sandbox does not bind tokens to objects (boundObjectRef)');
    const requested = spec.expirationSeconds;
    const seconds = typeof requested === 'number' ? requested : DEFAULT_EXPIRATION_SECONDS;
    // pkg/apis/authentication/validation/validation.go, ValidateTokenRequest.
    const invalid = (detail: string): ApiError =>
      new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${seconds}: ${detail}`, {
        name,
        group: 'authentication.k8s.io',
        kind: 'TokenRequest',
        causes: [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${seconds}: ${detail}` }],
      });
    if (seconds < MIN_EXPIRATION_SECONDS) throw invalid('may not specify a duration less than 10 minutes');
    if (seconds > MAX_EXPIRATION_SECONDS) throw invalid('may not specify a duration larger than 2^32 seconds');
    const audiences =
      Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.filter((a): a is string => typeof a === 'string') : API_AUDIENCES;

    const issuedAt = Math.floor(this.now() / 1000);
    const claims: Claims = {
      aud: audiences,
      exp: issuedAt + seconds,
      iat: issuedAt,
      nbf: issuedAt,
      iss: ISSUER,
      jti: randomUUID(),
      sub: `system:serviceaccount:${namespace}:${name}`,
      'kubernetes.io': { namespace, serviceaccount: { name, uid: account.metadata.uid ?? '' } },
    };
    const unsigned = `${base64url(JSON.stringify({ alg: 'RS256', kid: 'sandbox' }))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(unsigned), this.signingKeys().privateKey);
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: new Date(issuedAt * 1000).toISOString() } as StoredObject['metadata'],
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: null },
      status: { token: `${unsigned}.${base64url(signature)}`, expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    };
  }

  /**
   * Who a token issued here is: undefined for anything else, a bad signature, an expired token,
   * or one whose ServiceAccount is gone or was re-created (another uid), as
   * pkg/serviceaccount/claims.go (validator.Validate) refuses them.
   */
  authenticate(token: string): Authenticated | undefined {
    if (!this.keys) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.keys.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
    const now = Math.floor(this.now() / 1000);
    if (claims.exp <= now || claims.nbf > now) return undefined;
    const { namespace, serviceaccount } = claims['kubernetes.io'];
    const account = this.store.get('/serviceaccounts', namespace, serviceaccount.name);
    if (!account || account.metadata.uid !== serviceaccount.uid) return undefined;
    return {
      user: {
        username: claims.sub,
        uid: serviceaccount.uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] },
      },
      audiences: claims.aud,
    };
  }
}
