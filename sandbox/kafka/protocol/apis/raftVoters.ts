import { addRaftVoterRequest, addRaftVoterResponse, removeRaftVoterRequest, removeRaftVoterResponse } from '../messages/raftVoters.js';
import { ErrorCode } from '../errors.js';
import { nullableStr, num, str, structs, uuid } from '../fields.js';
import type { StructValue } from '../schema.js';
import type { ApiHandler, RequestContext } from './context.js';

/** A request naming another cluster is refused, as KafkaRaftClient does (RaftUtil: INCONSISTENT_CLUSTER_ID). */
function wrongCluster(request: StructValue, { backend }: RequestContext): StructValue | undefined {
  const clusterId = nullableStr(request, 'clusterId');
  if (clusterId === null || clusterId === backend.clusterId()) return undefined;
  return { throttleTimeMs: 0, errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, errorMessage: null };
}

/**
 * AddRaftVoter: a broker forwards it to the active controller (KafkaApis: forwardToController),
 * which answers as Kafka's AddVoterHandler does (the rules are in model/quorum.ts).
 */
export const addRaftVoterApi: ApiHandler = {
  apiKey: 80,
  name: 'AddRaftVoter',
  minVersion: 0,
  maxVersion: 1,
  request: addRaftVoterRequest,
  response: addRaftVoterResponse,
  handle(request, context) {
    const refused = wrongCluster(request, context);
    if (refused) return refused;
    const listeners = (structs(request, 'listeners') ?? []).map((l) => ({ name: str(l, 'name'), host: str(l, 'host'), port: num(l, 'port') }));
    const answer = context.backend.addVoter({ id: num(request, 'voterId'), directoryId: uuid(request, 'voterDirectoryId'), listeners });
    return { throttleTimeMs: 0, ...answer };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage }),
};

/** RemoveRaftVoter: forwarded like AddRaftVoter, answered as Kafka's RemoveVoterHandler does. */
export const removeRaftVoterApi: ApiHandler = {
  apiKey: 81,
  name: 'RemoveRaftVoter',
  minVersion: 0,
  maxVersion: 0,
  request: removeRaftVoterRequest,
  response: removeRaftVoterResponse,
  handle(request, context) {
    const refused = wrongCluster(request, context);
    if (refused) return refused;
    const answer = context.backend.removeVoter({ id: num(request, 'voterId'), directoryId: uuid(request, 'voterDirectoryId') });
    return { throttleTimeMs: 0, ...answer };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage }),
};
