import type { MessageSpec } from '../schema.js';

/** DescribeUserScramCredentials (key 50), version 0 (KIP-554): DescribeUserScramCredentialsRequest.json / DescribeUserScramCredentialsResponse.json. */
export const describeUserScramCredentialsRequest: MessageSpec = {
  name: 'DescribeUserScramCredentialsRequest',
  apiKey: 50,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'Users',
      type: { arrayOfStruct: 'UserName', fields: [{ name: 'Name', type: 'string', versions: '0+' }] },
      versions: '0+',
      nullableVersions: '0+',
    },
  ],
};

export const describeUserScramCredentialsResponse: MessageSpec = {
  name: 'DescribeUserScramCredentialsResponse',
  apiKey: 50,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Results',
      type: {
        arrayOfStruct: 'DescribeUserScramCredentialsResult',
        fields: [
          { name: 'User', type: 'string', versions: '0+' },
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          {
            name: 'CredentialInfos',
            type: {
              arrayOfStruct: 'CredentialInfo',
              fields: [
                { name: 'Mechanism', type: 'int8', versions: '0+' },
                { name: 'Iterations', type: 'int32', versions: '0+' },
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
