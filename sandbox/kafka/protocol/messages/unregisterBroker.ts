import type { MessageSpec } from '../schema.js';

/** UnregisterBroker (key 64), version 0: UnregisterBrokerRequest.json / UnregisterBrokerResponse.json. */
export const unregisterBrokerRequest: MessageSpec = {
  name: 'UnregisterBrokerRequest',
  apiKey: 64,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [{ name: 'BrokerId', type: 'int32', versions: '0+' }],
};

export const unregisterBrokerResponse: MessageSpec = {
  name: 'UnregisterBrokerResponse',
  apiKey: 64,
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
  ],
};
