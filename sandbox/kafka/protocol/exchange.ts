import type { BrokerBackend } from '../brokerBackend.js';
import { unsupportedApiVersionsResponse } from './apis/apiVersions.js';
import { brokerApis, type RequestContext } from './apis/index.js';
import { ILLEGAL_SASL_STATE } from './apis/sasl.js';
import { decodeMessage, encodeMessage, isFlexible, readStruct, writeStruct } from './codec.js';
import { nullableStr, num } from './fields.js';
import { apiVersionsResponse } from './messages/apiVersions.js';
import { requestHeader, responseHeader } from './messages/headers.js';
import { ProtocolDecodeError, Reader } from './reader.js';
import { ErrorCode } from './errors.js';
import type { SaslSession } from './saslSession.js';
import { Writer } from './writer.js';

const API_VERSIONS_KEY = 18;
const SASL_HANDSHAKE_KEY = 17;
const SASL_AUTHENTICATE_KEY = 36;

/** An error a test asked the broker to answer with instead of handling the request. */
export interface InjectedError {
  readonly errorCode: number;
  readonly message: string | null;
}

export interface Exchange {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly clientId: string | null;
  /** The whole response frame payload (header and body). */
  readonly response: Buffer;
  /** Close the connection once the response is sent: after a refused SASL handshake or authentication. */
  readonly closeAfter: boolean;
}

/**
 * Answers one request frame: reads the request header (v2 for flexible versions of the API,
 * else v1), runs the handler, and writes the response header (v1 for flexible versions, else
 * v0; ApiVersions always uses v0 so that any client can read it: KIP-511).
 * Throws ProtocolDecodeError for what Kafka answers by closing the connection: an unknown API,
 * an unsupported version (but of ApiVersions), or a malformed request.
 */
export function answer(payload: Buffer, brokerId: number, backend: BrokerBackend, fault?: InjectedError, sasl?: SaslSession): Exchange {
  if (payload.length < 4) throw new ProtocolDecodeError('request shorter than its header');
  const apiKey = payload.readInt16BE(0);
  const apiVersion = payload.readInt16BE(2);
  const api = brokerApis.find((a) => a.apiKey === apiKey);
  if (!api) throw new ProtocolDecodeError(`unknown API key ${apiKey}`);
  const supported = apiVersion >= api.minVersion && apiVersion <= api.maxVersion;
  if (!supported && apiKey !== API_VERSIONS_KEY) throw new ProtocolDecodeError(`${api.name} v${apiVersion} is not supported`);
  // SaslServerAuthenticator: before authentication only ApiVersions and the SASL requests are read.
  const gate = sasl?.gate(apiKey) ?? { kind: 'serve' };
  if (gate.kind === 'close' || (gate.kind === 'illegal' && !supported)) throw new ProtocolDecodeError(`${api.name} before SASL authentication`);
  const saslRefusal: InjectedError | undefined = gate.kind === 'illegal' ? { errorCode: ILLEGAL_SASL_STATE, message: gate.message } : undefined;

  const reader = new Reader(payload);
  // A too-new ApiVersions request is parsed with the newest header this broker knows.
  const headerVersion = supported && !isFlexible(api.request, apiVersion) ? 1 : 2;
  const header = readStruct(reader, requestHeader.fields, headerVersion, headerVersion >= 2);
  const correlationId = num(header, 'correlationId');
  const clientId = nullableStr(header, 'clientId');

  let body: Buffer;
  let responseVersion = apiVersion;
  if (!supported) {
    responseVersion = 0;
    body = encodeMessage(apiVersionsResponse, 0, unsupportedApiVersionsResponse(brokerApis));
  } else {
    const request = decodeMessage(api.request, apiVersion, reader.raw(reader.remaining));
    const context: RequestContext = { brokerId, backend, version: apiVersion, ...(sasl ? { sasl } : {}) };
    const refusal = saslRefusal ?? fault;
    // A request in the middle of a SASL exchange is refused with the API's error response, then the connection closed.
    if (saslRefusal && !api.errorResponse) throw new ProtocolDecodeError(`${api.name} during SASL authentication`);
    const response =
      refusal && api.errorResponse
        ? api.errorResponse(request, refusal.errorCode, refusal.message)
        : api.forwardedToController === true && api.errorResponse && !hasQuorumLeader(backend)
          ? // ForwardingManagerImpl answers a request the controller never took with the error's default message.
            api.errorResponse(request, ErrorCode.REQUEST_TIMED_OUT, 'The request timed out.')
          : api.handle(request, context);
    body = encodeMessage(api.response, apiVersion, response);
  }
  const flexibleHeader = apiKey !== API_VERSIONS_KEY && isFlexible(api.response, responseVersion);
  const head = new Writer();
  writeStruct(head, responseHeader.fields, flexibleHeader ? 1 : 0, flexibleHeader, { correlationId });
  const refusedSasl =
    sasl !== undefined && !sasl.authenticated && (apiKey === SASL_HANDSHAKE_KEY || apiKey === SASL_AUTHENTICATE_KEY) && body.readInt16BE(0) !== ErrorCode.NONE;
  const closeAfter = saslRefusal !== undefined || refusedSasl;
  return { apiKey, apiVersion, clientId, response: Buffer.concat([head.toBuffer(), body]), closeAfter };
}

/** Whether the KRaft quorum behind this broker has an active controller (a majority of its voters runs). */
function hasQuorumLeader(backend: BrokerBackend): boolean {
  const quorum = backend.quorum();
  return quorum.voters.length === 0 || quorum.leaderId !== -1;
}
