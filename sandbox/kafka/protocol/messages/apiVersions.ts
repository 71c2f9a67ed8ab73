import type { MessageSpec } from '../schema.js';

/** ApiVersions (key 18), versions 0-4: ApiVersionsRequest.json / ApiVersionsResponse.json. */
export const apiVersionsRequest: MessageSpec = {
  name: 'ApiVersionsRequest',
  apiKey: 18,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ClientSoftwareName', type: 'string', versions: '3+' },
    { name: 'ClientSoftwareVersion', type: 'string', versions: '3+' },
  ],
};

export const apiVersionsResponse: MessageSpec = {
  name: 'ApiVersionsResponse',
  apiKey: 18,
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'ApiKeys',
      type: {
        arrayOfStruct: 'ApiVersion',
        fields: [
          { name: 'ApiKey', type: 'int16', versions: '0+' },
          { name: 'MinVersion', type: 'int16', versions: '0+' },
          { name: 'MaxVersion', type: 'int16', versions: '0+' },
        ],
      },
      versions: '0+',
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+' },
    {
      name: 'SupportedFeatures',
      type: {
        arrayOfStruct: 'SupportedFeatureKey',
        fields: [
          { name: 'Name', type: 'string', versions: '3+' },
          { name: 'MinVersion', type: 'int16', versions: '3+' },
          { name: 'MaxVersion', type: 'int16', versions: '3+' },
        ],
      },
      versions: '3+',
      taggedVersions: '3+',
      tag: 0,
    },
    { name: 'FinalizedFeaturesEpoch', type: 'int64', versions: '3+', taggedVersions: '3+', tag: 1, default: -1n },
    {
      name: 'FinalizedFeatures',
      type: {
        arrayOfStruct: 'FinalizedFeatureKey',
        fields: [
          { name: 'Name', type: 'string', versions: '3+' },
          { name: 'MaxVersionLevel', type: 'int16', versions: '3+' },
          { name: 'MinVersionLevel', type: 'int16', versions: '3+' },
        ],
      },
      versions: '3+',
      taggedVersions: '3+',
      tag: 2,
    },
    { name: 'ZkMigrationReady', type: 'bool', versions: '3+', taggedVersions: '3+', tag: 3, default: false },
  ],
};
