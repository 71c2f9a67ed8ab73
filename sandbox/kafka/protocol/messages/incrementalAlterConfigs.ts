import type { MessageSpec } from '../schema.js';

/** IncrementalAlterConfigs (key 44), versions 0-1: IncrementalAlterConfigsRequest.json / ...Response.json. */
export const incrementalAlterConfigsRequest: MessageSpec = {
  name: 'IncrementalAlterConfigsRequest',
  apiKey: 44,
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'Resources',
      type: {
        arrayOfStruct: 'AlterConfigsResource',
        fields: [
          { name: 'ResourceType', type: 'int8', versions: '0+' },
          { name: 'ResourceName', type: 'string', versions: '0+' },
          {
            name: 'Configs',
            type: {
              arrayOfStruct: 'AlterableConfig',
              fields: [
                { name: 'Name', type: 'string', versions: '0+' },
                { name: 'ConfigOperation', type: 'int8', versions: '0+' },
                { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
              ],
            },
            versions: '0+',
          },
        ],
      },
      versions: '0+',
    },
    { name: 'ValidateOnly', type: 'bool', versions: '0+' },
  ],
};

export const incrementalAlterConfigsResponse: MessageSpec = {
  name: 'IncrementalAlterConfigsResponse',
  apiKey: 44,
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Responses',
      type: {
        arrayOfStruct: 'AlterConfigsResourceResponse',
        fields: [
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'ResourceType', type: 'int8', versions: '0+' },
          { name: 'ResourceName', type: 'string', versions: '0+' },
        ],
      },
      versions: '0+',
    },
  ],
};
