import type { FieldSpec, MessageSpec } from '../schema.js';

/**
 * AddRaftVoter (key 80, versions 0-1) and RemoveRaftVoter (key 81, version 0), KIP-853:
 * AddRaftVoterRequest.json / AddRaftVoterResponse.json, RemoveRaftVoterRequest.json /
 * RemoveRaftVoterResponse.json. Both responses have the same three fields.
 */
export const addRaftVoterRequest: MessageSpec = {
  name: 'AddRaftVoterRequest',
  apiKey: 80,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ClusterId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    { name: 'VoterId', type: 'int32', versions: '0+' },
    { name: 'VoterDirectoryId', type: 'uuid', versions: '0+' },
    {
      name: 'Listeners',
      type: {
        arrayOfStruct: 'Listener',
        fields: [
          { name: 'Name', type: 'string', versions: '0+' },
          { name: 'Host', type: 'string', versions: '0+' },
          { name: 'Port', type: 'uint16', versions: '0+' },
        ],
      },
      versions: '0+',
    },
    { name: 'AckWhenCommitted', type: 'bool', versions: '1+', default: true },
  ],
};

const voterChangeResponse: readonly FieldSpec[] = [
  { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
  { name: 'ErrorCode', type: 'int16', versions: '0+' },
  { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
];

export const addRaftVoterResponse: MessageSpec = {
  name: 'AddRaftVoterResponse',
  apiKey: 80,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: voterChangeResponse,
};

export const removeRaftVoterRequest: MessageSpec = {
  name: 'RemoveRaftVoterRequest',
  apiKey: 81,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ClusterId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'VoterId', type: 'int32', versions: '0+' },
    { name: 'VoterDirectoryId', type: 'uuid', versions: '0+' },
  ],
};

export const removeRaftVoterResponse: MessageSpec = {
  name: 'RemoveRaftVoterResponse',
  apiKey: 81,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: voterChangeResponse,
};
