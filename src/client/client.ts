import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client } from 'graphql-ws';
import * as documents from './__generated__/graphql.js';
import { parseClusterRef, type ClusterRef } from './clusterRef.js';
import { KafkaplaneClientError } from './errors.js';
import { postOperation, type HttpOptions } from './http.js';
import { openSocket, subscribe } from './socket.js';
import type * as T from './types.js';

export interface ConnectOptions {
  /** The GraphQL endpoint; default KAFKAPLANE_SERVER, else http://localhost:4000/graphql. */
  server?: string;
  /** Sent as a bearer token; default KAFKAPLANE_TOKEN. */
  token?: string;
  /** Bound on each request, in milliseconds (default 30 s). */
  requestTimeoutMs?: number;
}

export const DEFAULT_SERVER = 'http://localhost:4000/graphql';

/** A client of one kafkaplane server: its typed queries, mutations and subscriptions. */
export function connect(options: ConnectOptions = {}): KafkaplaneClient {
  const server = options.server ?? process.env.KAFKAPLANE_SERVER ?? DEFAULT_SERVER;
  const token = options.token ?? process.env.KAFKAPLANE_TOKEN;
  return new KafkaplaneClient({ server, token: token === '' ? undefined : token, timeoutMs: options.requestTimeoutMs ?? 30_000 });
}

type Input<TInput> = Omit<TInput, 'clusterId'>;

export class KafkaplaneClient {
  private socket: Client | undefined;

  constructor(readonly http: HttpOptions) {}

  /** Any typed operation over HTTP: its data, or a KafkaplaneClientError. */
  request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, signal?: AbortSignal): Promise<TData> {
    return postOperation(this.http, document, variables, signal);
  }

  /** Every cluster the server sees, by namespace then name. */
  async clusters(filter: { namespace?: string; labelSelector?: string } = {}): Promise<T.ClusterSummary[]> {
    const clusters: T.ClusterSummary[] = [];
    for (let after: string | null | undefined = undefined; ;) {
      const page: documents.ClustersQuery = await this.request(documents.ClustersDocument, { ...filter, after });
      clusters.push(...page.clusters.nodes);
      if (!page.clusters.pageInfo.hasNextPage) return clusters;
      after = page.clusters.pageInfo.endCursor;
    }
  }

  /** The cluster's id, generation and state; NOT_FOUND when there is none. */
  async cluster(ref: ClusterRef): Promise<NonNullable<documents.ClusterRefQuery['cluster']>> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.ClusterRefDocument, at)).cluster, at);
  }

  async brokers(ref: ClusterRef): Promise<T.BrokerSummary[]> {
    const at = parseClusterRef(ref);
    const brokers: T.BrokerSummary[] = [];
    for (let after: string | null | undefined = undefined; ;) {
      const page: NonNullable<documents.BrokersQuery['cluster']>['brokers'] = found(
        (await this.request(documents.BrokersDocument, { ...at, after })).cluster,
        at,
      ).brokers;
      brokers.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return brokers;
      after = page.pageInfo.endCursor;
    }
  }

  async disks(ref: ClusterRef, filter: { brokerId?: number } = {}): Promise<T.DiskSummary[]> {
    const at = parseClusterRef(ref);
    const disks: T.DiskSummary[] = [];
    for (let after: string | null | undefined = undefined; ;) {
      const page: NonNullable<documents.DisksQuery['cluster']>['brokers'] = found(
        (await this.request(documents.DisksDocument, { ...at, after })).cluster,
        at,
      ).brokers;
      for (const broker of page.nodes) if (filter.brokerId === undefined || broker.brokerId === filter.brokerId) disks.push(...broker.disks);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    if (filter.brokerId !== undefined && disks.length === 0) brokerFound((await this.broker(ref, filter.brokerId)).broker, at, filter.brokerId);
    return disks;
  }

  /** The cluster's configs, or with `brokerId` that broker's (`all`: Kafka's defaults too). */
  async configs(ref: ClusterRef, filter: { brokerId?: number; all?: boolean } = {}): Promise<T.ConfigEntry[]> {
    const at = parseClusterRef(ref);
    if (filter.brokerId === undefined) return found((await this.request(documents.ClusterConfigsDocument, at)).cluster, at).configs;
    const data = await this.request(documents.BrokerConfigsDocument, { ...at, brokerId: filter.brokerId, onlyNonDefault: filter.all !== true });
    return brokerFound(found(data.cluster, at).broker, at, filter.brokerId).configs;
  }

  /** Operations, newest first. */
  async operations(ref: ClusterRef, filter: { first?: number; states?: T.OperationState[] } = {}): Promise<T.Operation[]> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.OperationsDocument, { ...at, first: filter.first ?? 20, states: filter.states })).cluster, at).operations.nodes;
  }

  /** Kubernetes Events about the cluster, newest first. */
  async events(ref: ClusterRef, filter: { first?: number; type?: T.EventType } = {}): Promise<T.ClusterEvent[]> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.EventsDocument, { ...at, first: filter.first ?? 20, type: filter.type })).cluster, at).events.nodes;
  }

  /** The cluster's state with the broker as it stands (null once it is gone: its Pod deleted). */
  async broker(ref: ClusterRef, brokerId: number): Promise<NonNullable<documents.BrokerPresenceQuery['cluster']>> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.BrokerPresenceDocument, { ...at, brokerId })).cluster, at);
  }

  /** The cluster's state, generations and each broker's state and Pod. */
  async progress(ref: ClusterRef): Promise<NonNullable<documents.ClusterProgressQuery['cluster']>> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.ClusterProgressDocument, at)).cluster, at);
  }

  /** Each broker's replicas, leaders and data now, from Cruise Control's load monitor. */
  async brokerLoads(ref: ClusterRef): Promise<Array<{ brokerId: number; load?: { replicas: number; leaders: number; diskUsedMB: number } | null }>> {
    const at = parseClusterRef(ref);
    return found((await this.request(documents.BrokerLoadsDocument, at)).cluster, at).brokers.nodes;
  }

  removeBroker(ref: ClusterRef, input: Input<T.RemoveBrokerInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.RemoveBrokerDocument, input).then((d) => d.removeBroker);
  }
  addBrokers(ref: ClusterRef, input: Input<T.AddBrokersInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.AddBrokersDocument, input).then((d) => d.addBrokers);
  }
  addBrokerVolume(ref: ClusterRef, input: Input<T.AddBrokerVolumeInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.AddBrokerVolumeDocument, input).then((d) => d.addBrokerVolume);
  }
  resizeBrokerVolume(ref: ClusterRef, input: Input<T.ResizeBrokerVolumeInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.ResizeBrokerVolumeDocument, input).then((d) => d.resizeBrokerVolume);
  }
  removeBrokerVolume(ref: ClusterRef, input: Input<T.RemoveBrokerVolumeInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.RemoveBrokerVolumeDocument, input).then((d) => d.removeBrokerVolume);
  }
  setBrokerResources(ref: ClusterRef, input: Input<T.SetBrokerResourcesInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.SetBrokerResourcesDocument, input).then((d) => d.setBrokerResources);
  }
  restartBroker(ref: ClusterRef, input: Input<T.RestartBrokerInput>): Promise<T.EditResult> {
    return this.edit(ref, documents.RestartBrokerDocument, input).then((d) => d.restartBroker);
  }
  setBrokerConfig(ref: ClusterRef, input: Input<T.SetBrokerConfigInput>): Promise<T.ConfigEditResult> {
    return this.edit(ref, documents.SetBrokerConfigDocument, input).then((d) => d.setBrokerConfig);
  }
  setClusterConfig(ref: ClusterRef, input: Input<T.SetClusterConfigInput>): Promise<T.ConfigEditResult> {
    return this.edit(ref, documents.SetClusterConfigDocument, input).then((d) => d.setClusterConfig);
  }
  rebalance(ref: ClusterRef, input: Input<T.RebalanceClusterInput> = {}): Promise<T.RebalanceResult> {
    return this.edit(ref, documents.RebalanceClusterDocument, input).then((d) => d.rebalanceCluster);
  }
  stopOperation(ref: ClusterRef, input: { dryRun?: boolean } = {}): Promise<T.StopResult> {
    return this.edit(ref, documents.StopOperationDocument, input).then((d) => d.stopOperation);
  }
  async retryOperation(operationId: string, input: { dryRun?: boolean } = {}): Promise<T.RetryResult> {
    return (await this.request(documents.RetryOperationDocument, { input: { operationId, ...input } })).retryOperation;
  }

  /** The operation each time its state or progress changes, its current state first, until it ends. */
  follow(operationId: string, signal?: AbortSignal): AsyncGenerator<T.Operation, void, undefined> {
    return this.mapped(documents.FollowOperationDocument, { id: operationId }, (d) => d.operationUpdated, signal);
  }

  /** Every operation of the cluster as it changes, from now on; never ends by itself. */
  async clusterOperations(ref: ClusterRef, signal?: AbortSignal): Promise<AsyncGenerator<T.Operation, void, undefined>> {
    const { id } = await this.cluster(ref);
    return this.mapped(documents.ClusterOperationsDocument, { clusterId: id }, (d) => d.operationUpdated, signal);
  }

  /** Every Kubernetes Event about the cluster as it is recorded, from now on; never ends by itself. */
  async followEvents(ref: ClusterRef, signal?: AbortSignal): Promise<AsyncGenerator<T.ClusterEvent, void, undefined>> {
    const { id } = await this.cluster(ref);
    return this.mapped(documents.FollowEventsDocument, { clusterId: id }, (d) => d.clusterEvents, signal);
  }

  /** Closes the subscriptions' socket, if one was opened. */
  async close(): Promise<void> {
    await this.socket?.dispose();
    this.socket = undefined;
  }

  private async edit<TData, TInput>(ref: ClusterRef, document: TypedDocumentNode<TData, { input: TInput }>, input: Omit<TInput, 'clusterId'>): Promise<TData> {
    const { id } = await this.cluster(ref);
    return this.request(document, { input: { ...input, clusterId: id } as TInput });
  }

  private async *mapped<TData, TVariables extends Record<string, unknown>, TItem>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    pick: (data: TData) => TItem,
    signal?: AbortSignal,
  ): AsyncGenerator<TItem, void, undefined> {
    this.socket ??= openSocket(this.http.server, this.http.token);
    for await (const data of subscribe(this.socket, this.http.server, document, variables, signal)) yield pick(data);
  }
}

function found<TCluster>(cluster: TCluster | null | undefined, at: { namespace: string; name: string }): TCluster {
  if (cluster === null || cluster === undefined) throw new KafkaplaneClientError('NOT_FOUND', `there is no KafkaCluster ${at.namespace}/${at.name}`);
  return cluster;
}

function brokerFound<TBroker>(broker: TBroker | null | undefined, at: { namespace: string; name: string }, brokerId: number): TBroker {
  if (broker === null || broker === undefined) throw new KafkaplaneClientError('NOT_FOUND', `cluster ${at.namespace}/${at.name} has no broker ${brokerId}`);
  return broker;
}
