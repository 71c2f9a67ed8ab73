import type { MessageSpec } from '../schema.js';

/** CreateTopics (key 19), versions 2-7 (Kafka 4 serves no older): CreateTopicsRequest.json / CreateTopicsResponse.json. */
export const createTopicsRequest: MessageSpec = {
  name: 'CreateTopicsRequest',
  apiKey: 19,
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'CreatableTopic',
        fields: [
          { name: 'Name', type: 'string', versions: '0+' },
          { name: 'NumPartitions', type: 'int32', versions: '0+' },
          { name: 'ReplicationFactor', type: 'int16', versions: '0+' },
          {
            name: 'Assignments',
            type: {
              arrayOfStruct: 'CreatableReplicaAssignment',
              fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'BrokerIds', type: { arrayOf: 'int32' }, versions: '0+' },
              ],
            },
            versions: '0+',
          },
          {
            name: 'Configs',
            type: {
              arrayOfStruct: 'CreatableTopicConfig',
              fields: [
                { name: 'Name', type: 'string', versions: '0+' },
                { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
              ],
            },
            versions: '0+',
          },
        ],
      },
      versions: '0+',
    },
    { name: 'timeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'validateOnly', type: 'bool', versions: '1+', default: false },
  ],
};

export const createTopicsResponse: MessageSpec = {
  name: 'CreateTopicsResponse',
  apiKey: 19,
  validVersions: '0-7',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+' },
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'CreatableTopicResult',
        fields: [
          { name: 'Name', type: 'string', versions: '0+' },
          { name: 'TopicId', type: 'uuid', versions: '7+' },
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'ErrorMessage', type: 'string', versions: '1+', nullableVersions: '0+' },
          { name: 'TopicConfigErrorCode', type: 'int16', versions: '5+', taggedVersions: '5+', tag: 0 },
          { name: 'NumPartitions', type: 'int32', versions: '5+', default: -1 },
          { name: 'ReplicationFactor', type: 'int16', versions: '5+', default: -1 },
          {
            name: 'Configs',
            type: {
              arrayOfStruct: 'CreatableTopicConfigs',
              fields: [
                { name: 'Name', type: 'string', versions: '5+' },
                { name: 'Value', type: 'string', versions: '5+', nullableVersions: '5+' },
                { name: 'ReadOnly', type: 'bool', versions: '5+' },
                { name: 'ConfigSource', type: 'int8', versions: '5+', default: -1 },
                { name: 'IsSensitive', type: 'bool', versions: '5+' },
              ],
            },
            versions: '5+',
            nullableVersions: '5+',
          },
        ],
      },
      versions: '0+',
    },
  ],
};
