import { describeClusterRequest, describeClusterResponse } from '../messages/describeCluster.js';
import { ErrorCode } from '../errors.js';
import { num } from '../fields.js';
import type { ApiHandler } from './context.js';
import { randomAliveBroker } from './metadata.js';

/** EndpointType ids (org.apache.kafka.common.requests.EndpointType). */
const EndpointType = { UNKNOWN: 0, BROKER: 1, CONTROLLER: 2 } as const;
const endpointTypeNames: Record<number, string> = { 1: 'BROKER', 2: 'CONTROLLER' };

/** Errors.MISMATCHED_ENDPOINT_TYPE, UNSUPPORTED_ENDPOINT_TYPE */
const MISMATCHED_ENDPOINT_TYPE = 114;
const UNSUPPORTED_ENDPOINT_TYPE = 115;

/**
 * DescribeCluster, as a KRaft broker answers it (KafkaApis.handleDescribeCluster,
 * AuthHelper.computeDescribeClusterResponse): the cluster id, the live brokers with their racks
 * and, as "controller", a random live broker, since clients cannot reach the controllers and
 * brokers forward controller requests for them (KIP-590). Only controllers describe the
 * CONTROLLER endpoint type; in v0 any endpoint problem is INVALID_REQUEST.
 */
export const describeClusterApi: ApiHandler = {
  apiKey: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  request: describeClusterRequest,
  response: describeClusterResponse,
  handle(request, { backend, version }) {
    const endpointType = num(request, 'endpointType');
    const refuse = (errorCode: number, errorMessage: string) => ({
      throttleTimeMs: 0,
      errorCode: version === 0 ? ErrorCode.INVALID_REQUEST : errorCode,
      errorMessage,
      clusterId: '',
      brokers: [],
    });
    if (endpointType !== EndpointType.BROKER && endpointType !== EndpointType.CONTROLLER) {
      return refuse(UNSUPPORTED_ENDPOINT_TYPE, `Unsupported endpoint type ${endpointType}`);
    }
    if (endpointType !== EndpointType.BROKER) {
      return refuse(
        MISMATCHED_ENDPOINT_TYPE,
        `The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type ${endpointTypeNames[endpointType] ?? endpointType}`,
      );
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType,
      clusterId: backend.clusterId(),
      controllerId: randomAliveBroker(backend),
      brokers: backend
        .brokers()
        .filter((b) => !b.fenced)
        .map((b) => ({ brokerId: b.id, host: b.host, port: b.port, rack: b.rack })),
    };
  },
  errorResponse: (_request, errorCode, errorMessage) => ({ throttleTimeMs: 0, errorCode, errorMessage, clusterId: '', brokers: [] }),
};
