import type { FieldSpec, MessageSpec } from '../schema.js';

/** DescribeQuorum (key 55), versions 0-2: DescribeQuorumRequest.json / DescribeQuorumResponse.json. */
export const describeQuorumRequest: MessageSpec = {
  name: 'DescribeQuorumRequest',
  apiKey: 55,
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'TopicData',
        fields: [
          { name: 'TopicName', type: 'string', versions: '0+' },
          {
            name: 'Partitions',
            type: { arrayOfStruct: 'PartitionData', fields: [{ name: 'PartitionIndex', type: 'int32', versions: '0+' }] },
            versions: '0+',
          },
        ],
      },
      versions: '0+',
    },
  ],
};

/** The definition's common struct ReplicaState, shared by CurrentVoters and Observers. */
const replicaState: readonly FieldSpec[] = [
  { name: 'ReplicaId', type: 'int32', versions: '0+' },
  { name: 'ReplicaDirectoryId', type: 'uuid', versions: '2+' },
  { name: 'LogEndOffset', type: 'int64', versions: '0+' },
  { name: 'LastFetchTimestamp', type: 'int64', versions: '1+', default: -1n },
  { name: 'LastCaughtUpTimestamp', type: 'int64', versions: '1+', default: -1n },
];

export const describeQuorumResponse: MessageSpec = {
  name: 'DescribeQuorumResponse',
  apiKey: 55,
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '2+', nullableVersions: '2+' },
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'TopicData',
        fields: [
          { name: 'TopicName', type: 'string', versions: '0+' },
          {
            name: 'Partitions',
            type: {
              arrayOfStruct: 'PartitionData',
              fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'ErrorCode', type: 'int16', versions: '0+' },
                { name: 'ErrorMessage', type: 'string', versions: '2+', nullableVersions: '2+' },
                { name: 'LeaderId', type: 'int32', versions: '0+' },
                { name: 'LeaderEpoch', type: 'int32', versions: '0+' },
                { name: 'HighWatermark', type: 'int64', versions: '0+' },
                { name: 'CurrentVoters', type: { arrayOfStruct: 'ReplicaState', fields: replicaState }, versions: '0+' },
                { name: 'Observers', type: { arrayOfStruct: 'ReplicaState', fields: replicaState }, versions: '0+' },
              ],
            },
            versions: '0+',
          },
        ],
      },
      versions: '0+',
    },
    {
      name: 'Nodes',
      type: {
        arrayOfStruct: 'Node',
        fields: [
          { name: 'NodeId', type: 'int32', versions: '2+' },
          {
            name: 'Listeners',
            type: {
              arrayOfStruct: 'Listener',
              fields: [
                { name: 'Name', type: 'string', versions: '2+' },
                { name: 'Host', type: 'string', versions: '2+' },
                { name: 'Port', type: 'uint16', versions: '2+' },
              ],
            },
            versions: '2+',
          },
        ],
      },
      versions: '2+',
    },
  ],
};
