import type { MessageSpec } from '../schema.js';

/** DescribeCluster (key 60), versions 0-1: DescribeClusterRequest.json / DescribeClusterResponse.json. */
export const describeClusterRequest: MessageSpec = {
  name: 'DescribeClusterRequest',
  apiKey: 60,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '0+' },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: 1 },
  ],
};

export const describeClusterResponse: MessageSpec = {
  name: 'DescribeClusterResponse',
  apiKey: 60,
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'EndpointType', type: 'int8', versions: '1+', default: 1 },
    { name: 'ClusterId', type: 'string', versions: '0+' },
    { name: 'ControllerId', type: 'int32', versions: '0+', default: -1 },
    {
      name: 'Brokers',
      type: {
        arrayOfStruct: 'DescribeClusterBroker',
        fields: [
          { name: 'BrokerId', type: 'int32', versions: '0+' },
          { name: 'Host', type: 'string', versions: '0+' },
          { name: 'Port', type: 'int32', versions: '0+' },
          { name: 'Rack', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
        ],
      },
      versions: '0+',
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
  ],
};
