import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BrokerListenerAddressView, ListenerAccess as ListenerAccessName, ListenerAddressView, ListenerView } from '../readmodel/listenerView.js';

export enum ListenerAccess {
  INTERNAL = 'INTERNAL',
  NODE_PORT = 'NODE_PORT',
  LOAD_BALANCER = 'LOAD_BALANCER',
  CLUSTER_IP = 'CLUSTER_IP',
}
registerEnumType(ListenerAccess, {
  name: 'ListenerAccess',
  description: "How clients reach a listener: the spec's internal listener, or an external one's accessMethod.",
  valuesConfig: {
    INTERNAL: { description: "From inside Kubernetes, at the brokers' DNS names." },
    NODE_PORT: { description: "From outside, at each broker's node address and node port (a NodePort Service per broker)." },
    LOAD_BALANCER: { description: "From outside, at each broker's load balancer, bootstrapping from the one in front of them all." },
    CLUSTER_IP: { description: 'Through an ingress controller (Koperator only: kafkaplane refuses it).' },
  },
});
const _accessMatch: Record<ListenerAccessName, ListenerAccess> = ListenerAccess;

@ObjectType({ description: "A broker's address on one listener.", simpleResolvers: true })
export class ListenerAddress implements ListenerAddressView {
  @Field(() => Int)
  brokerId!: number;

  @Field(() => String, { description: 'host:port, as the broker advertises it.' })
  address!: string;
}

@ObjectType({
  description:
    'A listener of the cluster and the addresses clients connect to on it (status.listenerStatuses): what a portal shows as "how to connect". External addresses appear once known (a node chosen, a load balancer address given).',
  simpleResolvers: true,
})
export class Listener implements ListenerView {
  @Field(() => String, { description: 'The listener name of the spec.' })
  name!: string;

  @Field(() => Boolean, { description: 'An external listener (spec.listenersConfig.externalListeners), reached from outside Kubernetes.' })
  external!: boolean;

  @Field(() => ListenerAccess, { nullable: true, description: 'Null for a listener the status names and the spec no longer does.' })
  access!: ListenerAccessName | null;

  @Field(() => String, { nullable: true, description: 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, from the spec.' })
  securityProtocol!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The address to bootstrap from (any-broker): the headless Service, or the LoadBalancer in front of all brokers; null for NodePort.',
  })
  bootstrapAddress!: string | null;

  @Field(() => [ListenerAddress], { description: 'Each broker with the broker role, by id (broker-<id>).' })
  brokerAddresses!: ListenerAddress[];
}

@ObjectType({ description: "One of a broker's addresses: where a client reaches it on a listener.", simpleResolvers: true })
export class BrokerListenerAddress implements BrokerListenerAddressView {
  @Field(() => String)
  listener!: string;

  @Field(() => Boolean)
  external!: boolean;

  @Field(() => String, { description: 'host:port.' })
  address!: string;
}
