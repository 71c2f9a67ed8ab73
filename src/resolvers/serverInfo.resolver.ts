import { Ctx, Query, Resolver } from 'type-graphql';
import { ServerInfo, type KubernetesModeEnum } from '../schema/serverInfo.type.js';
import { VERSION } from '../version.js';
import type { GraphQLContext } from './context.js';

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  @Query(() => ServerInfo, { description: 'This server: its version and how it reaches Kubernetes.' })
  serverInfo(@Ctx() ctx: GraphQLContext): ServerInfo {
    return {
      version: VERSION,
      kubernetes: {
        mode: ctx.kubernetes.mode as KubernetesModeEnum,
        apiServerUrl: ctx.kubernetes.apiServerUrl ?? null,
      },
    };
  }
}
