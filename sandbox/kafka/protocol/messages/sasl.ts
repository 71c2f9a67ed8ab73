import type { MessageSpec } from '../schema.js';

/** SaslHandshake (key 17), versions 0-1, never flexible: SaslHandshakeRequest.json / SaslHandshakeResponse.json. */
export const saslHandshakeRequest: MessageSpec = {
  name: 'SaslHandshakeRequest',
  apiKey: 17,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [{ name: 'Mechanism', type: 'string', versions: '0+' }],
};

export const saslHandshakeResponse: MessageSpec = {
  name: 'SaslHandshakeResponse',
  apiKey: 17,
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Mechanisms', type: { arrayOf: 'string' }, versions: '0+' },
  ],
};

/** SaslAuthenticate (key 36), versions 0-2: SaslAuthenticateRequest.json / SaslAuthenticateResponse.json. */
export const saslAuthenticateRequest: MessageSpec = {
  name: 'SaslAuthenticateRequest',
  apiKey: 36,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'AuthBytes', type: 'bytes', versions: '0+' }],
};

export const saslAuthenticateResponse: MessageSpec = {
  name: 'SaslAuthenticateResponse',
  apiKey: 36,
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'AuthBytes', type: 'bytes', versions: '0+' },
    { name: 'SessionLifetimeMs', type: 'int64', versions: '1+', default: 0n },
  ],
};
