import { createAPI, ResponseError, Writer, type API, type Reader } from '@platformatic/kafka';

/**
 * AddRaftVoter (key 80) and RemoveRaftVoter (key 81), which @platformatic/kafka does not ship:
 * built on its protocol layer from Kafka's message definitions
 * (clients/src/main/resources/common/message/AddRaftVoterRequest.json, AddRaftVoterResponse.json,
 * RemoveRaftVoterRequest.json, RemoveRaftVoterResponse.json; KIP-853). Every version is
 * flexible (compact strings and arrays, tagged fields, request header v2).
 */

export const ADD_RAFT_VOTER = 80;
export const REMOVE_RAFT_VOTER = 81;

export interface VoterListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface WireVoterResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** A Kafka Uuid (base64url, 22 characters) as the library writes a uuid field: hex with dashes. */
export function uuidHex(kafkaUuid: string): string {
  const hex = Buffer.from(kafkaUuid, 'base64url').toString('hex');
  if (hex.length !== 32) throw new RangeError(`not a Kafka Uuid: ${kafkaUuid}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A uuid field as the library reads it (hex with dashes), as Kafka prints a Uuid: base64url. */
export function kafkaUuid(hex: string): string {
  return Buffer.from(hex.replaceAll('-', ''), 'hex').toString('base64url');
}

/** Both responses share one shape: ThrottleTimeMs, ErrorCode, ErrorMessage (all versions). */
function parseVoterResponse(_correlationId: number, apiKey: number, apiVersion: number, reader: Reader): WireVoterResponse {
  const response = { throttleTimeMs: reader.readInt32(), errorCode: reader.readInt16(), errorMessage: reader.readNullableString() };
  reader.readTaggedFields();
  if (response.errorCode !== 0) throw new ResponseError(apiKey, apiVersion, { '/': [response.errorCode, response.errorMessage] }, response);
  return response;
}

type AddArgs = [clusterId: string | null, timeoutMs: number, voterId: number, directoryId: string, listeners: readonly VoterListener[]];
type RemoveArgs = [clusterId: string | null, voterId: number, directoryId: string];

function addRequest(version: number) {
  return (clusterId: string | null, timeoutMs: number, voterId: number, directoryId: string, listeners: readonly VoterListener[]): Writer => {
    const writer = Writer.create()
      .appendString(clusterId)
      .appendInt32(timeoutMs)
      .appendInt32(voterId)
      .appendUUID(uuidHex(directoryId))
      .appendArray([...listeners], (w, l) => {
        w.appendString(l.name).appendString(l.host).appendUnsignedInt16(l.port);
      });
    // v1 adds AckWhenCommitted: true (the default) answers once the new voter set is committed.
    if (version >= 1) writer.appendBoolean(true);
    return writer.appendTaggedFields();
  };
}

function removeRequest(clusterId: string | null, voterId: number, directoryId: string): Writer {
  return Writer.create().appendString(clusterId).appendInt32(voterId).appendUUID(uuidHex(directoryId)).appendTaggedFields();
}

/** The versions this client speaks, newest first. */
export const addRaftVoterApis: ReadonlyMap<number, API<AddArgs, WireVoterResponse>> = new Map([
  [1, createAPI<AddArgs, WireVoterResponse>(ADD_RAFT_VOTER, 1, addRequest(1), parseVoterResponse)],
  [0, createAPI<AddArgs, WireVoterResponse>(ADD_RAFT_VOTER, 0, addRequest(0), parseVoterResponse)],
]);

export const removeRaftVoterApis: ReadonlyMap<number, API<RemoveArgs, WireVoterResponse>> = new Map([
  [0, createAPI<RemoveArgs, WireVoterResponse>(REMOVE_RAFT_VOTER, 0, removeRequest, parseVoterResponse)],
]);
