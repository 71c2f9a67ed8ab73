import type { MessageSpec } from '../schema.js';

/** AlterUserScramCredentials (key 51), version 0 (KIP-554): AlterUserScramCredentialsRequest.json / AlterUserScramCredentialsResponse.json. */
export const alterUserScramCredentialsRequest: MessageSpec = {
  name: 'AlterUserScramCredentialsRequest',
  apiKey: 51,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'Deletions',
      type: {
        arrayOfStruct: 'ScramCredentialDeletion',
        fields: [
          { name: 'Name', type: 'string', versions: '0+' },
          { name: 'Mechanism', type: 'int8', versions: '0+' },
        ],
      },
      versions: '0+',
    },
    {
      name: 'Upsertions',
      type: {
        arrayOfStruct: 'ScramCredentialUpsertion',
        fields: [
          { name: 'Name', type: 'string', versions: '0+' },
          { name: 'Mechanism', type: 'int8', versions: '0+' },
          { name: 'Iterations', type: 'int32', versions: '0+' },
          { name: 'Salt', type: 'bytes', versions: '0+' },
          { name: 'SaltedPassword', type: 'bytes', versions: '0+' },
        ],
      },
      versions: '0+',
    },
  ],
};

export const alterUserScramCredentialsResponse: MessageSpec = {
  name: 'AlterUserScramCredentialsResponse',
  apiKey: 51,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results',
      type: {
        arrayOfStruct: 'AlterUserScramCredentialsResult',
        fields: [
          { name: 'User', type: 'string', versions: '0+' },
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        ],
      },
      versions: '0+',
    },
  ],
};
