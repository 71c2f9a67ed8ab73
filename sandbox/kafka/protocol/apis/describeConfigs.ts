import { configTypeIds, configKeyFor } from '../../dynamicConfigs.js';
import { describeConfigsRequest, describeConfigsResponse } from '../messages/describeConfigs.js';
import { ErrorCode, KafkaApiError, invalidRequest } from '../errors.js';
import { bool, num, str, strings, structs } from '../fields.js';
import type { StructValue } from '../schema.js';
import { brokerConfigEntries, clusterDefaultEntries, ConfigSource, ResourceType, type BrokerConfigEntry } from './brokerConfigs.js';
import type { ApiHandler, RequestContext } from './context.js';

/**
 * DescribeConfigs for BROKER resources, as ConfigHelper.describeConfigs answers it: a broker
 * describes itself ("<its id>") or the cluster-wide defaults (""), and refuses another broker's
 * id, which is why clients send a broker's describe to that broker. Other resource types are
 * not simulated and answered with INVALID_REQUEST.
 */
export const describeConfigsApi: ApiHandler = {
  apiKey: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 4,
  request: describeConfigsRequest,
  response: describeConfigsResponse,
  handle(request, context) {
    const includeSynonyms = bool(request, 'includeSynonyms');
    const results = (structs(request, 'resources') ?? []).map((resource) => {
      const resourceType = num(resource, 'resourceType');
      const resourceName = str(resource, 'resourceName');
      try {
        const keys = strings(resource, 'configurationKeys');
        const entries = describe(resourceType, resourceName, context).filter((e) => !keys || keys.length === 0 || keys.includes(e.name));
        return {
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          resourceType,
          resourceName,
          configs: entries.map((e) => configResult(e, includeSynonyms, context.version)),
        };
      } catch (error) {
        if (!(error instanceof KafkaApiError)) throw error;
        return { errorCode: error.errorCode, errorMessage: error.message, resourceType, resourceName, configs: [] };
      }
    });
    return { throttleTimeMs: 0, results };
  },
  errorResponse: (request, errorCode, errorMessage) => ({
    throttleTimeMs: 0,
    results: (structs(request, 'resources') ?? []).map((r) => ({
      errorCode,
      errorMessage,
      resourceType: num(r, 'resourceType'),
      resourceName: str(r, 'resourceName'),
      configs: [],
    })),
  }),
};

function describe(resourceType: number, resourceName: string, { backend, brokerId }: RequestContext): BrokerConfigEntry[] {
  if (resourceType !== ResourceType.BROKER) throw invalidRequest(`Unsupported resource type: ${resourceType}`);
  if (resourceName === '') return clusterDefaultEntries(backend);
  if (!/^-?\d+$/.test(resourceName)) throw invalidRequest(`Broker id must be an integer, but it is: ${resourceName}`);
  if (Number(resourceName) !== brokerId) {
    throw invalidRequest(`Unexpected broker id, expected ${brokerId} or empty string, but received ${resourceName}`);
  }
  return brokerConfigEntries(backend, brokerId);
}

function configResult(entry: BrokerConfigEntry, includeSynonyms: boolean, version: number): StructValue {
  const effective = entry.layers[0] ?? { source: ConfigSource.DEFAULT_CONFIG, value: null };
  const definition = configKeyFor(entry.name);
  return {
    name: entry.name,
    value: effective.value,
    readOnly: entry.readOnly,
    // v0 has no ConfigSource, only whether the value is Kafka's default.
    isDefault: effective.source === ConfigSource.DEFAULT_CONFIG,
    configSource: effective.source,
    isSensitive: entry.sensitive,
    synonyms: includeSynonyms && version >= 1 ? entry.layers.map((l) => ({ name: entry.name, value: l.value, source: l.source })) : [],
    configType: definition ? configTypeIds[definition.type] : 0,
    documentation: null,
  };
}
