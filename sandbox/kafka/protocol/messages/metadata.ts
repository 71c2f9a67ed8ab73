import type { MessageSpec } from '../schema.js';

/** Metadata (key 3), versions 0-12: MetadataRequest.json / MetadataResponse.json. */
export const metadataRequest: MessageSpec = {
  name: 'MetadataRequest',
  apiKey: 3,
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'MetadataRequestTopic',
        fields: [
          { name: 'TopicId', type: 'uuid', versions: '10+' },
          { name: 'Name', type: 'string', versions: '0+', nullableVersions: '10+' },
        ],
      },
      versions: '0+',
      nullableVersions: '1+',
    },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
};

export const metadataResponse: MessageSpec = {
  name: 'MetadataResponse',
  apiKey: 3,
  validVersions: '0-12',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+' },
    {
      name: 'Brokers',
      type: {
        arrayOfStruct: 'MetadataResponseBroker',
        fields: [
          { name: 'NodeId', type: 'int32', versions: '0+' },
          { name: 'Host', type: 'string', versions: '0+' },
          { name: 'Port', type: 'int32', versions: '0+' },
          { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
        ],
      },
      versions: '0+',
    },
    { name: 'ClusterId', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: -1 },
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'MetadataResponseTopic',
        fields: [
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'Name', type: 'string', versions: '0+', nullableVersions: '12+' },
          { name: 'TopicId', type: 'uuid', versions: '10+' },
          { name: 'IsInternal', type: 'bool', versions: '1+', default: false },
          {
            name: 'Partitions',
            type: {
              arrayOfStruct: 'MetadataResponsePartition',
              fields: [
                { name: 'ErrorCode', type: 'int16', versions: '0+' },
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'LeaderId', type: 'int32', versions: '0+' },
                { name: 'LeaderEpoch', type: 'int32', versions: '7+', default: -1 },
                { name: 'ReplicaNodes', type: { arrayOf: 'int32' }, versions: '0+' },
                { name: 'IsrNodes', type: { arrayOf: 'int32' }, versions: '0+' },
                { name: 'OfflineReplicas', type: { arrayOf: 'int32' }, versions: '5+' },
              ],
            },
            versions: '0+',
          },
          { name: 'TopicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648 },
        ],
      },
      versions: '0+',
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648 },
  ],
};
