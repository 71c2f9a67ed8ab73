import type { ExternalListener, InternalListener, KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import { brokerCertificateSecretName, generatesCertificates, issuedByCertManager } from './generatedCertificates.js';

/** Where a TLS listener's Secret (PEM `tls.crt`, `tls.key`, `ca.crt`) is mounted, read-only. */
export const LISTENER_SECRET_ROOT = '/var/run/secrets/kafka/listeners';
/** Where the keystore made from that Secret is written: a memory-backed emptyDir, never a disk. */
export const LISTENER_KEYSTORE_ROOT = '/var/run/kafka/keystores';
/**
 * The key of a certificate Secret kafkaplane issues that holds the PEM keystore itself (the key,
 * then the chain): the broker reads it straight from the Secret volume, which the kubelet updates
 * in place when the Secret is renewed, so a renewed certificate can be loaded without a restart.
 */
export const ISSUED_KEYSTORE_KEY = 'keystore.pem';

/** One `ssl` or `sasl_ssl` listener, served with the user's certificate (serverSSLCertSecret) or the one kafkaplane issued the broker. */
export interface TlsListener {
  /** The listener name as server.properties writes it (upper case). */
  readonly name: string;
  readonly secretName: string;
  /** Served with the certificate kafkaplane issued the broker: its keystore is read from the Secret, not copied. */
  readonly issued: boolean;
  /** ssl.client.auth: Koperator's default is `required` on ssl; a sasl_ssl listener asks for none unless told (KIP-684). */
  readonly clientAuth: 'required' | 'requested' | 'none';
  /** The Pod volume of the Secret, and the directory it is mounted at. */
  readonly secretVolume: string;
  readonly secretDir: string;
  /** The keystore file (the key, then the certificate chain, in one PEM file). */
  readonly keystoreFile: string;
  /** The trusted CA certificates: the Secret's ca.crt, read in place. */
  readonly truststoreFile: string;
}

/**
 * Every listener of type ssl or sasl_ssl of one broker, internal and external, with the Secret it
 * is served with: its serverSSLCertSecret, else, when sslSecrets asks for it, the certificate
 * kafkaplane issued the broker (generatedCertificates.ts).
 */
export function tlsListeners(spec: KafkaClusterSpec, broker: { clusterName: string; brokerId: number }): TlsListener[] {
  const listeners: Array<InternalListener | ExternalListener> = [...spec.listenersConfig.internalListeners, ...(spec.listenersConfig.externalListeners ?? [])];
  const generated = generatesCertificates(spec) ? brokerCertificateSecretName({ name: broker.clusterName }, broker.brokerId) : undefined;
  return listeners.flatMap((l) => {
    const own = l.serverSSLCertSecret?.name ?? '';
    const secretName = own !== '' ? own : generated;
    // cert-manager writes no keystore into its Secrets: theirs is built by the init container, as a user's is.
    const issued = own === '' && !issuedByCertManager(spec);
    if ((l.type !== 'ssl' && l.type !== 'sasl_ssl') || secretName === undefined) return [];
    // Kafka's listener.name.<name> prefix is the lower-cased name; paths and the volume name need a DNS label.
    const lower = l.name.toLowerCase();
    const label = lower.replace(/[^a-z0-9-]/g, '-');
    const secretDir = `${LISTENER_SECRET_ROOT}/${label}`;
    return [
      {
        name: l.name.toUpperCase(),
        secretName,
        issued,
        clientAuth: l.sslClientAuth ?? (l.type === 'ssl' ? 'required' : 'none'),
        secretVolume: `listener-${label}`.slice(0, 63).replace(/-+$/, ''),
        secretDir,
        keystoreFile: issued ? `${secretDir}/${ISSUED_KEYSTORE_KEY}` : `${LISTENER_KEYSTORE_ROOT}/${label}.pem`,
        truststoreFile: `${secretDir}/ca.crt`,
      },
    ];
  });
}

/**
 * The listener's server.properties entries. Kafka reads PEM stores itself (KIP-651,
 * apache/kafka `DefaultSslEngineFactory.FileBasedPemStore`): the keystore file must hold the
 * PKCS#8 key and the certificate chain together, the truststore file the CA certificates.
 */
export function tlsListenerEntries(listener: TlsListener): Array<[string, string]> {
  const prefix = `listener.name.${listener.name.toLowerCase()}.`;
  return [
    [`${prefix}ssl.keystore.type`, 'PEM'],
    [`${prefix}ssl.keystore.location`, listener.keystoreFile],
    [`${prefix}ssl.truststore.type`, 'PEM'],
    [`${prefix}ssl.truststore.location`, listener.truststoreFile],
    [`${prefix}ssl.client.auth`, listener.clientAuth],
  ];
}

/**
 * The Cruise Control metrics reporter's own Kafka client, on an ssl inter-broker listener: it runs
 * in the broker and produces to the listener of cruise.control.metrics.reporter.bootstrap.servers
 * with that listener's keystore and truststore (its `cruise.control.metrics.reporter.` prefix on
 * the client's settings: linkedin/cruise-control `CruiseControlMetricsReporterConfig`, as Koperator's
 * `pkg/resources/kafka/configmap.go` sets them for an SSL internal listener).
 */
export function metricsReporterTlsEntries(listener: TlsListener): Array<[string, string]> {
  const prefix = 'cruise.control.metrics.reporter.';
  return [
    [`${prefix}security.protocol`, 'SSL'],
    [`${prefix}ssl.keystore.type`, 'PEM'],
    [`${prefix}ssl.keystore.location`, listener.keystoreFile],
    [`${prefix}ssl.truststore.type`, 'PEM'],
    [`${prefix}ssl.truststore.location`, listener.truststoreFile],
  ];
}

/**
 * The shell line of the init container that builds each keystore of a user's Secret: its key,
 * then its certificate, into one file, as FileBasedPemStore wants them. The sandbox runs the same
 * line. A Secret kafkaplane issues holds that file already (ISSUED_KEYSTORE_KEY).
 */
export function keystoreCommand(listeners: readonly TlsListener[]): string {
  return listeners
    .filter((l) => !l.issued)
    .map((l) => `cat ${l.secretDir}/tls.key ${l.secretDir}/tls.crt > ${l.keystoreFile}`)
    .join(' && ');
}
