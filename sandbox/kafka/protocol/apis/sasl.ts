import { saslAuthenticateRequest, saslAuthenticateResponse, saslHandshakeRequest, saslHandshakeResponse } from '../messages/sasl.js';
import { ErrorCode } from '../errors.js';
import { str } from '../fields.js';
import { ProtocolDecodeError } from '../reader.js';
import type { ApiHandler } from './context.js';

/** Errors.ILLEGAL_SASL_STATE, UNSUPPORTED_SASL_MECHANISM, SASL_AUTHENTICATION_FAILED */
const ILLEGAL_SASL_STATE = 34;
const UNSUPPORTED_SASL_MECHANISM = 33;
const SASL_AUTHENTICATION_FAILED = 58;

/**
 * SaslHandshake v1 (v0, where tokens follow raw on the wire, is gone since Kafka 4.0: KIP-896).
 * On a listener without SASL, and once authenticated, it is ILLEGAL_SASL_STATE.
 */
export const saslHandshakeApi: ApiHandler = {
  apiKey: 17,
  name: 'SaslHandshake',
  minVersion: 1,
  maxVersion: 1,
  request: saslHandshakeRequest,
  response: saslHandshakeResponse,
  handle(request, { sasl }) {
    if (!sasl || sasl.authenticated) return { errorCode: ILLEGAL_SASL_STATE, mechanisms: [] };
    if (!sasl.handshake(str(request, 'mechanism'))) return { errorCode: UNSUPPORTED_SASL_MECHANISM, mechanisms: sasl.mechanisms };
    return { errorCode: ErrorCode.NONE, mechanisms: sasl.mechanisms };
  },
};

/** SaslAuthenticate: checks the PLAIN token; a failure is answered, then the connection closed. */
export const saslAuthenticateApi: ApiHandler = {
  apiKey: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 2,
  request: saslAuthenticateRequest,
  response: saslAuthenticateResponse,
  handle(request, { sasl }) {
    if (!sasl?.expectsToken) {
      return { errorCode: ILLEGAL_SASL_STATE, errorMessage: 'Unexpected SaslAuthenticate request', authBytes: Buffer.alloc(0) };
    }
    const token = request.authBytes;
    if (!Buffer.isBuffer(token)) throw new ProtocolDecodeError('AuthBytes missing');
    const failure = sasl.authenticate(token);
    if (failure) return { errorCode: SASL_AUTHENTICATION_FAILED, errorMessage: failure, authBytes: Buffer.alloc(0) };
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n };
  },
};
