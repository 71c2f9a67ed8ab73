import type { MessageSpec } from '../schema.js';

/** DescribeConfigs (key 32), versions 0-4: DescribeConfigsRequest.json / DescribeConfigsResponse.json. */
export const describeConfigsRequest: MessageSpec = {
  name: 'DescribeConfigsRequest',
  apiKey: 32,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Resources',
      type: {
        arrayOfStruct: 'DescribeConfigsResource',
        fields: [
          { name: 'ResourceType', type: 'int8', versions: '0+' },
          { name: 'ResourceName', type: 'string', versions: '0+' },
          { name: 'ConfigurationKeys', type: { arrayOf: 'string' }, versions: '0+', nullableVersions: '0+' },
        ],
      },
      versions: '0+',
    },
    { name: 'IncludeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'IncludeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
};

export const describeConfigsResponse: MessageSpec = {
  name: 'DescribeConfigsResponse',
  apiKey: 32,
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results',
      type: {
        arrayOfStruct: 'DescribeConfigsResult',
        fields: [
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          { name: 'ResourceType', type: 'int8', versions: '0+' },
          { name: 'ResourceName', type: 'string', versions: '0+' },
          {
            name: 'Configs',
            type: {
              arrayOfStruct: 'DescribeConfigsResourceResult',
              fields: [
                { name: 'Name', type: 'string', versions: '0+' },
                { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
                { name: 'ReadOnly', type: 'bool', versions: '0+' },
                { name: 'IsDefault', type: 'bool', versions: '0' },
                { name: 'ConfigSource', type: 'int8', versions: '1+', default: -1 },
                { name: 'IsSensitive', type: 'bool', versions: '0+' },
                {
                  name: 'Synonyms',
                  type: {
                    arrayOfStruct: 'DescribeConfigsSynonym',
                    fields: [
                      { name: 'Name', type: 'string', versions: '1+' },
                      { name: 'Value', type: 'string', versions: '1+', nullableVersions: '0+' },
                      { name: 'Source', type: 'int8', versions: '1+' },
                    ],
                  },
                  versions: '1+',
                },
                { name: 'ConfigType', type: 'int8', versions: '3+', default: 0 },
                { name: 'Documentation', type: 'string', versions: '3+', nullableVersions: '0+' },
              ],
            },
            versions: '0+',
          },
        ],
      },
      versions: '0+',
    },
  ],
};
