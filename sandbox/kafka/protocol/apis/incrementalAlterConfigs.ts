import { incrementalAlterConfigsRequest, incrementalAlterConfigsResponse } from '../messages/incrementalAlterConfigs.js';
import { ErrorCode, KafkaApiError, invalidRequest } from '../errors.js';
import { bool, nullableStr, num, str, structs } from '../fields.js';
import type { StructValue } from '../schema.js';
import { alteredBrokerConfig, OpType, type AlterableConfig } from './alterBrokerConfig.js';
import { ResourceType } from './brokerConfigs.js';
import type { ApiHandler, RequestContext } from './context.js';

/**
 * IncrementalAlterConfigs for BROKER resources, with the checks of ConfigAdminManager.preprocess
 * in its order: each resource once, no duplicate keys, no null value but for DELETE, a broker
 * resource addressed to this broker (or "" for the cluster default), then the config itself.
 * Each resource succeeds or fails alone; a valid change is stored in the cluster at once (the
 * controller's metadata log), so it outlives a restart of this broker's server.
 */
export const incrementalAlterConfigsApi: ApiHandler = {
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  forwardedToController: true,
  minVersion: 0,
  maxVersion: 1,
  request: incrementalAlterConfigsRequest,
  response: incrementalAlterConfigsResponse,
  handle(request, context) {
    const validateOnly = bool(request, 'validateOnly');
    const resources = structs(request, 'resources') ?? [];
    const seen = new Map<string, number>();
    for (const r of resources) {
      const id = `${num(r, 'resourceType')}/${str(r, 'resourceName')}`;
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    const responses = resources.map((resource): StructValue => {
      const resourceType = num(resource, 'resourceType');
      const resourceName = str(resource, 'resourceName');
      const answer = (errorCode: number, errorMessage: string | null): StructValue => ({ errorCode, errorMessage, resourceType, resourceName });
      try {
        if ((seen.get(`${resourceType}/${resourceName}`) ?? 0) > 1) throw invalidRequest('Each resource must appear at most once.');
        const configs = (structs(resource, 'configs') ?? []).map((c): AlterableConfig => ({
          name: str(c, 'name'),
          op: num(c, 'configOperation'),
          value: nullableStr(c, 'value'),
        }));
        alter(resourceType, resourceName, configs, validateOnly, context);
        return answer(ErrorCode.NONE, null);
      } catch (error) {
        if (!(error instanceof KafkaApiError)) throw error;
        return answer(error.errorCode, error.message);
      }
    });
    return { throttleTimeMs: 0, responses };
  },
  errorResponse: (request, errorCode, errorMessage) => ({
    throttleTimeMs: 0,
    responses: (structs(request, 'resources') ?? []).map((r) => ({
      errorCode,
      errorMessage,
      resourceType: num(r, 'resourceType'),
      resourceName: str(r, 'resourceName'),
    })),
  }),
};

function alter(
  resourceType: number,
  resourceName: string,
  configs: readonly AlterableConfig[],
  validateOnly: boolean,
  { backend, brokerId }: RequestContext,
): void {
  const names = configs.map((c) => c.name);
  if (new Set(names).size !== names.length) throw invalidRequest('Error due to duplicate config keys');
  const nullUpdates = configs.filter((c) => c.op !== OpType.DELETE && c.value === null).map((c) => c.name);
  if (nullUpdates.length > 0) throw invalidRequest(`Null value not supported for : ${nullUpdates.join(', ')}`);
  if (resourceType !== ResourceType.BROKER) throw invalidRequest(`Unknown resource type ${resourceType}`);
  let target: number | null = null;
  if (resourceName !== '') {
    if (!/^-?\d+$/.test(resourceName)) throw invalidRequest(`Node id must be an integer, but it is: ${resourceName}`);
    if (Number(resourceName) !== brokerId) throw invalidRequest(`Unexpected broker id, expected ${brokerId}, but received ${resourceName}`);
    target = brokerId;
  }
  const next = alteredBrokerConfig(backend, target, configs);
  if (!validateOnly) backend.replaceDynamicConfig(target, next);
}
