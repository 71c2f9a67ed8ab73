import { describeClusterRequest, describeClusterResponse } from '../messages/describeCluster.js';
import { ErrorCode } from '../errors.js';
import { num } from '../fields.js';
import type { ApiHandler } from './context.js';

/** EndpointType 1 = brokers; 2 = controllers, which only controllers answer (KIP-919). */
const BROKERS = 1;
/** Errors.UNSUPPORTED_ENDPOINT_TYPE */
const UNSUPPORTED_ENDPOINT_TYPE = 119;

/** DescribeCluster: the cluster id, the active controller and the live brokers with their racks. */
export const describeClusterApi: ApiHandler = {
  apiKey: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  request: describeClusterRequest,
  response: describeClusterResponse,
  handle(request, { backend }) {
    const endpointType = num(request, 'endpointType');
    if (endpointType !== BROKERS) {
      // KafkaApis.handleDescribeCluster: a broker only describes broker endpoints.
      return {
        throttleTimeMs: 0,
        errorCode: UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: 'The broker only supports the BROKER endpoint type.',
        endpointType,
        clusterId: backend.clusterId(),
        controllerId: -1,
        brokers: [],
      };
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType,
      clusterId: backend.clusterId(),
      controllerId: backend.activeControllerId(),
      brokers: backend
        .brokers()
        .filter((b) => !b.fenced)
        .map((b) => ({ brokerId: b.id, host: b.host, port: b.port, rack: b.rack })),
    };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage, clusterId: '', brokers: [] }),
};
