import { createHash } from 'node:crypto';
import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ClusterKey } from './labels.js';
import { brokerServiceName, headlessServiceName } from './objectNames.js';

/**
 * The certificates kafkaplane issues itself when `spec.listenersConfig.sslSecrets` is set: a server
 * certificate per broker for its ssl listeners that name no serverSSLCertSecret, from a CA it
 * creates (`create: true`) or the user's. Names and fields follow Koperator (adobe/koperator `pkg/util/pki/common.go`),
 * where they can: the CA's Secret and common name, the service names a certificate covers.
 */

/** The broker Pod's annotation naming the certificate it was started with (a SHA-256 fingerprint, never key material). */
export const ANNOTATION_SERVER_CERTIFICATE = 'kafkaplane.io/server-certificate';

/**
 * Whether the brokers' certificates come from sslSecrets: issued by kafkaplane itself (no
 * pkiBackend), from a CA it keeps (create: true) or the user's (caCert, caKey in tlsSecretName),
 * or by cert-manager (`pkiBackend: cert-manager`, certManagerCertificates.ts), into the same Secrets.
 */
export function generatesCertificates(spec: KafkaClusterSpec): boolean {
  return spec.listenersConfig.sslSecrets !== undefined;
}

/** Whether cert-manager issues them: `pkiBackend: cert-manager` (kafkaplane writes the Certificates and, with create: true, the Issuers). */
export function issuedByCertManager(spec: KafkaClusterSpec): boolean {
  return spec.listenersConfig.sslSecrets?.pkiBackend === 'cert-manager';
}

/** Whether the CA is the user's (sslSecrets without create), read from `caCert` and `caKey`, never created. */
export function importsCa(spec: KafkaClusterSpec): boolean {
  return spec.listenersConfig.sslSecrets?.create !== true;
}

/**
 * The Secret holding the cluster's CA: `sslSecrets.tlsSecretName`, else Koperator's name for it
 * (`BrokerCACertTemplate`, `<cluster>-ca-certificate`). One kafkaplane creates holds `ca.crt`,
 * `tls.crt` and `tls.key`; one the user provides, `caCert` and `caKey`.
 */
export function caSecretName(cluster: Pick<ClusterKey, 'name'>, spec: KafkaClusterSpec): string {
  const named = spec.listenersConfig.sslSecrets?.tlsSecretName ?? '';
  return named !== '' ? named : `${cluster.name}-ca-certificate`;
}

/**
 * One broker's server certificate Secret (`tls.crt`, `tls.key`, `ca.crt`, as serverSSLCertSecret
 * holds them). Koperator issues one certificate for every broker (`<cluster>-server-certificate`,
 * with wildcard names); kafkaplane issues one per broker, naming only that broker.
 */
export const brokerCertificateSecretName = (cluster: Pick<ClusterKey, 'name'>, brokerId: number): string => `${cluster.name}-${brokerId}-server-certificate`;

/** Koperator's common name of the CA (`CAFQDNTemplate`). */
export const caCommonName = (cluster: ClusterKey): string => commonName(`${cluster.name}-ca.${cluster.namespace}.cluster.local`);

/** A certificate's common name: Koperator's `EnsureValidCommonNameLen`, a name over 64 characters becomes its SHA-256 in hex. */
export function commonName(name: string): string {
  return name.length > 64 ? createHash('sha256').update(name).digest('hex') : name;
}

/**
 * The names one broker's certificate covers: its Pod through the headless Service (when the
 * cluster has one), the headless Service the cluster is bootstrapped from, the broker's own
 * Service, each in the FQDN, `.svc`, namespace and bare forms Koperator lists
 * (`clusterDNSNames`), then the hosts its external listeners advertise (names or addresses).
 */
export function brokerCertificateNames(cluster: ClusterKey, spec: KafkaClusterSpec, brokerId: number, externalHosts: readonly string[]): string[] {
  const domain = spec.kubernetesClusterDomain ?? 'cluster.local';
  const forms = (service: string): string[] => [
    `${service}.${cluster.namespace}.svc.${domain}`,
    `${service}.${cluster.namespace}.svc`,
    `${service}.${cluster.namespace}`,
  ];
  const ref = { ...cluster, uid: '' };
  const headless = headlessServiceName(ref);
  const own = brokerServiceName(ref, brokerId);
  const names = [...(spec.headlessServiceEnabled ? forms(`${own}.${headless}`) : []), ...forms(headless), headless, ...forms(own), own, ...externalHosts];
  return [...new Set(names)];
}
