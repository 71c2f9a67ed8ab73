import type { MessageSpec } from '../schema.js';

/**
 * RequestHeader.json (v0-2, flexible from 2) and ResponseHeader.json (v0-1, flexible from 1).
 * ClientId stays a classic nullable string even in header v2 ("flexibleVersions": "none").
 */
export const requestHeader: MessageSpec = {
  name: 'RequestHeader',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'RequestApiKey', type: 'int16', versions: '0+' },
    { name: 'RequestApiVersion', type: 'int16', versions: '0+' },
    { name: 'CorrelationId', type: 'int32', versions: '0+' },
    { name: 'ClientId', type: 'string', versions: '1+', nullableVersions: '1+', flexibleVersions: 'none' },
  ],
};

export const responseHeader: MessageSpec = {
  name: 'ResponseHeader',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [{ name: 'CorrelationId', type: 'int32', versions: '0+' }],
};
