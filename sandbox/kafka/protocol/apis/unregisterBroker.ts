import { unregisterBrokerRequest, unregisterBrokerResponse } from '../messages/unregisterBroker.js';
import { ErrorCode } from '../errors.js';
import { num } from '../fields.js';
import type { ApiHandler } from './context.js';

/**
 * UnregisterBroker: a broker forwards it to the controller, which drops the registration or,
 * for an unknown id, fails with BROKER_ID_NOT_REGISTERED and the message of
 * ReplicationControlManager.unregisterBroker.
 */
export const unregisterBrokerApi: ApiHandler = {
  apiKey: 64,
  name: 'UnregisterBroker',
  forwardedToController: true,
  minVersion: 0,
  maxVersion: 0,
  request: unregisterBrokerRequest,
  response: unregisterBrokerResponse,
  handle(request, { backend }) {
    const brokerId = num(request, 'brokerId');
    if (!backend.unregisterBroker(brokerId)) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.BROKER_ID_NOT_REGISTERED,
        errorMessage: `Broker ID ${brokerId} is not currently registered`,
      };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage }),
};
