/**
 * How kafkaplane reaches a cluster's Cruise Control: the endpoint its spec names (Koperator's
 * field), the Secret holding the basic credentials Cruise Control asks for, and the Secret of
 * its web server's TLS, each named by an annotation of the KafkaCluster (kafkaplane extensions:
 * Koperator has no such settings).
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

/** On a KafkaCluster: the name of a Secret in its namespace with Cruise Control's HTTPS keystore and CA. */
export const ANNOTATION_CRUISE_CONTROL_TLS = 'kafkaplane.io/cruise-control-tls';

/**
 * The keys of that Secret. Cruise Control's web server is Jetty, which loads a Java KeyStore:
 * Java reads no PEM keystore, so the key and certificate come as PKCS#12 with its password.
 */
export const TLS_KEYS = {
  /** webserver.ssl.keystore.location: the server's key and certificate chain, PKCS#12. */
  keystore: 'keystore.p12',
  /** The password of that keystore and of its key, read by Cruise Control from the mounted file. */
  password: 'keystore.password',
  /** PEM: the CA kafkaplane verifies Cruise Control's certificate against. */
  ca: 'ca.crt',
} as const;

export interface CruiseControlTarget {
  /** spec.cruiseControlConfig.cruiseControlEndpoint, when set. */
  readonly endpoint: string | undefined;
  /** The Secret named by ANNOTATION_CRUISE_CONTROL_CREDENTIALS, when set. */
  readonly credentialsSecret: string | undefined;
  /** The Secret named by ANNOTATION_CRUISE_CONTROL_TLS, when set: Cruise Control then speaks HTTPS only. */
  readonly tlsSecret?: string | undefined;
}

/** A KafkaCluster as stored (its spec not checked yet). */
interface ClusterLike {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> | undefined } | undefined;
  readonly spec?: unknown;
}

function annotated(cluster: ClusterLike | undefined, annotation: string): string | undefined {
  const name = cluster?.metadata?.annotations?.[annotation]?.trim();
  return name === undefined || name === '' ? undefined : name;
}

/** The Secret named by the KafkaCluster's annotation, or undefined (Cruise Control without security). */
export function credentialsSecretOf(cluster: ClusterLike | undefined): string | undefined {
  return annotated(cluster, ANNOTATION_CRUISE_CONTROL_CREDENTIALS);
}

/** The Secret of Cruise Control's HTTPS the KafkaCluster's annotation names, or undefined (plain HTTP). */
export function tlsSecretOf(cluster: ClusterLike | undefined): string | undefined {
  return annotated(cluster, ANNOTATION_CRUISE_CONTROL_TLS);
}

export function cruiseControlTargetOf(cluster: ClusterLike | undefined): CruiseControlTarget {
  const spec = cluster?.spec as { cruiseControlConfig?: { cruiseControlEndpoint?: unknown } } | undefined;
  const endpoint = spec?.cruiseControlConfig?.cruiseControlEndpoint;
  return {
    endpoint: typeof endpoint === 'string' ? endpoint : undefined,
    credentialsSecret: credentialsSecretOf(cluster),
    tlsSecret: tlsSecretOf(cluster),
  };
}
