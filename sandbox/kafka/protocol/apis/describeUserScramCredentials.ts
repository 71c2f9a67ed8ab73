import { describeUserScramCredentialsRequest, describeUserScramCredentialsResponse } from '../messages/describeUserScramCredentials.js';
import { ErrorCode } from '../errors.js';
import { str, structs } from '../fields.js';
import { SCRAM_MECHANISMS, type ScramMechanism } from '../../scram.js';
import type { ApiHandler } from './context.js';

/** Errors.RESOURCE_NOT_FOUND, DUPLICATE_RESOURCE */
const RESOURCE_NOT_FOUND = 91;
const DUPLICATE_RESOURCE = 92;

/**
 * DescribeUserScramCredentials (KIP-554), answered by the broker from its metadata image as
 * apache/kafka `ScramImage.describe` does: no users (null or empty) means every user; a user named
 * twice is DUPLICATE_RESOURCE, one without a credential RESOURCE_NOT_FOUND, each with the user's
 * name after Kafka's message. Only mechanisms and iteration counts are told, never a key or salt.
 */
export const describeUserScramCredentialsApi: ApiHandler = {
  apiKey: 50,
  name: 'DescribeUserScramCredentials',
  minVersion: 0,
  maxVersion: 0,
  request: describeUserScramCredentialsRequest,
  response: describeUserScramCredentialsResponse,
  handle(request, { backend }) {
    const store = backend.scramCredentials();
    const asked = (structs(request, 'users') ?? []).map((u) => str(u, 'name'));
    const twice = new Set(asked.filter((name, i) => asked.indexOf(name) !== i));
    const users = asked.length === 0 ? store.users() : [...new Set(asked)];
    const results = users.map((user) => {
      if (twice.has(user)) {
        return {
          user,
          errorCode: DUPLICATE_RESOURCE,
          errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`,
          credentialInfos: [],
        };
      }
      const credentialInfos = (Object.keys(SCRAM_MECHANISMS) as ScramMechanism[]).flatMap((mechanism) => {
        const credential = store.get(user, mechanism);
        return credential === undefined ? [] : [{ mechanism: SCRAM_MECHANISMS[mechanism].type, iterations: credential.iterations }];
      });
      if (credentialInfos.length === 0) {
        return { user, errorCode: RESOURCE_NOT_FOUND, errorMessage: `Attempt to describe a user credential that does not exist: ${user}`, credentialInfos };
      }
      return { user, errorCode: ErrorCode.NONE, errorMessage: null, credentialInfos };
    });
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, results };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage, results: [] }),
};
