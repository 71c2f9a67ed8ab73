import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { KubernetesMode } from '../k8s/connection.js';

export enum KubernetesModeEnum {
  KUBECONFIG = 'KUBECONFIG',
  IN_CLUSTER = 'IN_CLUSTER',
  SANDBOX = 'SANDBOX',
  NONE = 'NONE',
}
registerEnumType(KubernetesModeEnum, {
  name: 'KubernetesMode',
  description: 'How the server reaches Kubernetes.',
  valuesConfig: {
    KUBECONFIG: { description: 'Through a kubeconfig file (--kubeconfig or KUBECONFIG).' },
    IN_CLUSTER: { description: "Through the Pod's service account, inside a cluster." },
    SANDBOX: { description: 'Through the embedded sandbox that simulates Kubernetes, Kafka and Cruise Control.' },
    NONE: { description: 'Not connected to any Kubernetes API server.' },
  },
});

// Keeps the GraphQL enum and the domain type in step: a new mode fails to compile here.
const _modesMatch: Record<KubernetesMode, KubernetesModeEnum> = KubernetesModeEnum;

@ObjectType({ description: 'The Kubernetes API server this kafkaplane server manages.', simpleResolvers: true })
export class KubernetesInfo {
  @Field(() => KubernetesModeEnum)
  mode!: KubernetesModeEnum;

  @Field(() => String, { nullable: true, description: "The API server's URL; null when not connected." })
  apiServerUrl!: string | null;
}

@ObjectType({ description: 'This kafkaplane server.', simpleResolvers: true })
export class ServerInfo {
  @Field(() => String, { description: 'The kafkaplane version.' })
  version!: string;

  @Field(() => KubernetesInfo)
  kubernetes!: KubernetesInfo;
}
