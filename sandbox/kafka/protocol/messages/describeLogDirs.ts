import type { MessageSpec } from '../schema.js';

/** DescribeLogDirs (key 35), versions 0-4: DescribeLogDirsRequest.json / DescribeLogDirsResponse.json. */
export const describeLogDirsRequest: MessageSpec = {
  name: 'DescribeLogDirsRequest',
  apiKey: 35,
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics',
      type: {
        arrayOfStruct: 'DescribableLogDirTopic',
        fields: [
          { name: 'Topic', type: 'string', versions: '0+' },
          { name: 'Partitions', type: { arrayOf: 'int32' }, versions: '0+' },
        ],
      },
      versions: '0+',
      nullableVersions: '0+',
    },
  ],
};

export const describeLogDirsResponse: MessageSpec = {
  name: 'DescribeLogDirsResponse',
  apiKey: 35,
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '3+' },
    {
      name: 'Results',
      type: {
        arrayOfStruct: 'DescribeLogDirsResult',
        fields: [
          { name: 'ErrorCode', type: 'int16', versions: '0+' },
          { name: 'LogDir', type: 'string', versions: '0+' },
          {
            name: 'Topics',
            type: {
              arrayOfStruct: 'DescribeLogDirsTopic',
              fields: [
                { name: 'Name', type: 'string', versions: '0+' },
                {
                  name: 'Partitions',
                  type: {
                    arrayOfStruct: 'DescribeLogDirsPartition',
                    fields: [
                      { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                      { name: 'PartitionSize', type: 'int64', versions: '0+' },
                      { name: 'OffsetLag', type: 'int64', versions: '0+' },
                      { name: 'IsFutureKey', type: 'bool', versions: '0+' },
                    ],
                  },
                  versions: '0+',
                },
              ],
            },
            versions: '0+',
          },
          { name: 'TotalBytes', type: 'int64', versions: '4+', default: -1n },
          { name: 'UsableBytes', type: 'int64', versions: '4+', default: -1n },
        ],
      },
      versions: '0+',
    },
  ],
};
