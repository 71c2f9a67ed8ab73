import { saslAuthenticateRequest, saslAuthenticateResponse, saslHandshakeRequest, saslHandshakeResponse } from '../messages/sasl.js';
import { ErrorCode } from '../errors.js';
import { str } from '../fields.js';
import { ProtocolDecodeError } from '../reader.js';
import type { ApiHandler } from './context.js';

/** Errors.ILLEGAL_SASL_STATE, UNSUPPORTED_SASL_MECHANISM, SASL_AUTHENTICATION_FAILED */
export const ILLEGAL_SASL_STATE = 34;
const UNSUPPORTED_SASL_MECHANISM = 33;
const SASL_AUTHENTICATION_FAILED = 58;

/**
 * SaslHandshake v1 (v0, where tokens follow raw on the wire, is gone since Kafka 4.0: KIP-896).
 * On a listener without SASL, and once authenticated, KafkaApis.handleSaslHandshakeRequest
 * answers ILLEGAL_SASL_STATE. A mechanism the listener does not enable is answered with
 * UNSUPPORTED_SASL_MECHANISM and the enabled ones, then the connection is closed
 * (SaslServerAuthenticator.handleHandshakeRequest).
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
    if (!sasl.handshake(str(request, 'mechanism'))) return { errorCode: UNSUPPORTED_SASL_MECHANISM, mechanisms: [...sasl.mechanisms] };
    return { errorCode: ErrorCode.NONE, mechanisms: [...sasl.mechanisms] };
  },
  errorResponse: (_request, errorCode) => ({ errorCode, mechanisms: [] }),
};

/**
 * SaslAuthenticate: one token of the mechanism chosen by the handshake, answered with the
 * server's next token. A failure is SASL_AUTHENTICATION_FAILED with the mechanism's message, then
 * the connection is closed. Outside an exchange it is ILLEGAL_SASL_STATE, as KafkaApis answers.
 */
export const saslAuthenticateApi: ApiHandler = {
  apiKey: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 2,
  request: saslAuthenticateRequest,
  response: saslAuthenticateResponse,
  handle(request, { sasl }) {
    if (!sasl || sasl.authenticated) {
      return {
        errorCode: ILLEGAL_SASL_STATE,
        errorMessage: 'SaslAuthenticate request received after successful authentication',
        authBytes: Buffer.alloc(0),
      };
    }
    const token = request.authBytes;
    if (!Buffer.isBuffer(token)) throw new ProtocolDecodeError('AuthBytes missing');
    const outcome = sasl.authenticate(token);
    if ('failure' in outcome) return { errorCode: SASL_AUTHENTICATION_FAILED, errorMessage: outcome.failure, authBytes: Buffer.alloc(0) };
    // connections.max.reauth.ms is 0 by default: no session lifetime (KIP-368).
    return { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: outcome.reply, sessionLifetimeMs: 0n };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ errorCode, errorMessage, authBytes: Buffer.alloc(0) }),
};
