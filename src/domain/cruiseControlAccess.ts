/**
 * How kafkaplane reaches a cluster's Cruise Control: the endpoint its spec names (Koperator's
 * field) and the Secret holding the basic credentials Cruise Control asks for, named by an
 * annotation of the KafkaCluster (a kafkaplane extension: Koperator has no such setting).
 */

/** On a KafkaCluster: the name of a Secret in its namespace with Cruise Control's credentials. */
export const ANNOTATION_CRUISE_CONTROL_CREDENTIALS = 'kafkaplane.io/cruise-control-credentials';

/** The keys of that Secret: who kafkaplane is to Cruise Control, and the file Cruise Control reads. */
export const CREDENTIALS_KEYS = {
  /** The user kafkaplane sends (it needs Cruise Control's ADMIN role to ask for executions). */
  username: 'username',
  password: 'password',
  /** webserver.auth.credentials.file of a Cruise Control kafkaplane deploys: `user: password,ROLE` lines. */
  file: 'credentials',
} as const;

export interface CruiseControlTarget {
  /** spec.cruiseControlConfig.cruiseControlEndpoint, when set. */
  readonly endpoint: string | undefined;
  /** The Secret named by ANNOTATION_CRUISE_CONTROL_CREDENTIALS, when set. */
  readonly credentialsSecret: string | undefined;
}

/** A KafkaCluster as stored (its spec not checked yet). */
interface ClusterLike {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> | undefined } | undefined;
  readonly spec?: unknown;
}

/** The Secret named by the KafkaCluster's annotation, or undefined (Cruise Control without security). */
export function credentialsSecretOf(cluster: ClusterLike | undefined): string | undefined {
  const name = cluster?.metadata?.annotations?.[ANNOTATION_CRUISE_CONTROL_CREDENTIALS]?.trim();
  return name === undefined || name === '' ? undefined : name;
}

export function cruiseControlTargetOf(cluster: ClusterLike | undefined): CruiseControlTarget {
  const spec = cluster?.spec as { cruiseControlConfig?: { cruiseControlEndpoint?: unknown } } | undefined;
  const endpoint = spec?.cruiseControlConfig?.cruiseControlEndpoint;
  return { endpoint: typeof endpoint === 'string' ? endpoint : undefined, credentialsSecret: credentialsSecretOf(cluster) };
}
