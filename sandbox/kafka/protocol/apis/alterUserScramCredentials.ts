import { alterUserScramCredentialsRequest, alterUserScramCredentialsResponse } from '../messages/alterUserScramCredentials.js';
import { ErrorCode } from '../errors.js';
import { num, str, structs } from '../fields.js';
import { ProtocolDecodeError } from '../reader.js';
import type { StructValue } from '../schema.js';
import { SCRAM_MAX_ITERATIONS, SCRAM_MECHANISMS, scramCredential, scramMechanismOfType } from '../../scram.js';
import type { ApiHandler } from './context.js';

/** Errors.UNSUPPORTED_SASL_MECHANISM, RESOURCE_NOT_FOUND, DUPLICATE_RESOURCE, UNACCEPTABLE_CREDENTIAL */
const UNSUPPORTED_SASL_MECHANISM = 33;
const RESOURCE_NOT_FOUND = 91;
const DUPLICATE_RESOURCE = 92;
const UNACCEPTABLE_CREDENTIAL = 93;

type Result = {
  user: string;
  errorCode: number;
  errorMessage: string | null;
};

const failure = (user: string, errorCode: number, errorMessage: string): Result => ({ user, errorCode, errorMessage });

function bytes(struct: StructValue, name: string): Buffer {
  const value = struct[name];
  if (!Buffer.isBuffer(value)) throw new ProtocolDecodeError(`field ${name} is not bytes`);
  return value;
}

/**
 * AlterUserScramCredentials (KIP-554): a broker forwards it to the active controller, whose
 * ScramControlManager.alterCredentials checks each user in Kafka's order (a user named twice,
 * an empty name, an unknown mechanism, iterations outside 4096-16384, deleting what does not
 * exist) and stores what passes, the salted password turned into StoredKey and ServerKey.
 * Results list the deletions, then the upsertions, then the refusals.
 */
export const alterUserScramCredentialsApi: ApiHandler = {
  apiKey: 51,
  name: 'AlterUserScramCredentials',
  forwardedToController: true,
  minVersion: 0,
  maxVersion: 0,
  request: alterUserScramCredentialsRequest,
  response: alterUserScramCredentialsResponse,
  handle(request, { backend }) {
    const store = backend.scramCredentials();
    const deletions = new Map<string, StructValue>();
    const upsertions = new Map<string, StructValue>();
    const errors = new Map<string, Result>();
    const twice = (user: string) => failure(user, DUPLICATE_RESOURCE, 'A user credential cannot be altered twice in the same request');
    const checkName = (user: string, mechanismType: number): Result | undefined => {
      if (user === '') return failure(user, UNACCEPTABLE_CREDENTIAL, 'Username must not be empty');
      if (scramMechanismOfType(mechanismType) === undefined) return failure(user, UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism');
      return undefined;
    };
    for (const deletion of structs(request, 'deletions') ?? []) {
      const user = str(deletion, 'name');
      if (errors.has(user)) continue;
      if (deletions.delete(user)) {
        errors.set(user, twice(user));
        continue;
      }
      const mechanism = scramMechanismOfType(num(deletion, 'mechanism'));
      const error =
        checkName(user, num(deletion, 'mechanism')) ??
        (mechanism !== undefined && store.get(user, mechanism) === undefined
          ? failure(user, RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist')
          : undefined);
      if (error) errors.set(user, error);
      else deletions.set(user, deletion);
    }
    for (const upsertion of structs(request, 'upsertions') ?? []) {
      const user = str(upsertion, 'name');
      if (errors.has(user)) continue;
      if (deletions.delete(user) || upsertions.delete(user)) {
        errors.set(user, twice(user));
        continue;
      }
      const mechanism = scramMechanismOfType(num(upsertion, 'mechanism'));
      const iterations = num(upsertion, 'iterations');
      const error =
        checkName(user, num(upsertion, 'mechanism')) ??
        (mechanism !== undefined && iterations < SCRAM_MECHANISMS[mechanism].minIterations
          ? failure(user, UNACCEPTABLE_CREDENTIAL, 'Too few iterations')
          : iterations > SCRAM_MAX_ITERATIONS
            ? failure(user, UNACCEPTABLE_CREDENTIAL, 'Too many iterations')
            : undefined);
      if (error) errors.set(user, error);
      else upsertions.set(user, upsertion);
    }
    const results: Result[] = [];
    for (const [user, deletion] of deletions) {
      const mechanism = scramMechanismOfType(num(deletion, 'mechanism'));
      if (mechanism !== undefined) store.delete(user, mechanism);
      results.push({ user, errorCode: ErrorCode.NONE, errorMessage: null });
    }
    for (const [user, upsertion] of upsertions) {
      const mechanism = scramMechanismOfType(num(upsertion, 'mechanism'));
      if (mechanism === undefined) continue;
      store.set(user, mechanism, scramCredential(mechanism, bytes(upsertion, 'salt'), bytes(upsertion, 'saltedPassword'), num(upsertion, 'iterations')));
      results.push({ user, errorCode: ErrorCode.NONE, errorMessage: null });
    }
    results.push(...errors.values());
    return { throttleTimeMs: 0, results };
  },
  // AlterUserScramCredentialsRequest.getErrorResponse: every user of the request gets the error.
  errorResponse: (request, errorCode, errorMessage) => ({
    throttleTimeMs: 0,
    results: [...(structs(request, 'deletions') ?? []), ...(structs(request, 'upsertions') ?? [])].map((s) => ({
      user: str(s, 'name'),
      errorCode,
      errorMessage,
    })),
  }),
};
