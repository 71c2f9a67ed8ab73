import { apiVersionsRequest, apiVersionsResponse } from '../messages/apiVersions.js';
import { ErrorCode } from '../errors.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler } from './context.js';

/** The ApiVersions versions a broker answers; clients negotiate every other API from its answer. */
export const API_VERSIONS_MIN = 0;
export const API_VERSIONS_MAX = 4;

/** The ApiKeys array: one entry per API this broker answers, with the versions it serves. */
export function apiKeysOf(apis: readonly ApiHandler[]): StructValue[] {
  return apis.map((api) => ({ apiKey: api.apiKey, minVersion: api.minVersion, maxVersion: api.maxVersion }));
}

/**
 * ApiVersions. A request of a version the broker does not know is still answered, in v0, with
 * UNSUPPORTED_VERSION and the supported versions, so an older or newer client can retry
 * (KIP-511; KafkaApis.handleApiVersionsRequest); brokerServer.ts handles that case.
 */
export function apiVersionsApi(all: () => readonly ApiHandler[]): ApiHandler {
  return {
    apiKey: 18,
    name: 'ApiVersions',
    minVersion: API_VERSIONS_MIN,
    maxVersion: API_VERSIONS_MAX,
    request: apiVersionsRequest,
    response: apiVersionsResponse,
    handle() {
      return { errorCode: ErrorCode.NONE, apiKeys: apiKeysOf(all()), throttleTimeMs: 0 };
    },
  };
}

export function unsupportedApiVersionsResponse(apis: readonly ApiHandler[]): StructValue {
  return { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: apiKeysOf(apis), throttleTimeMs: 0 };
}
