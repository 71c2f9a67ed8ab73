import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ClusterKey } from './labels.js';
import { adminListener } from './clientCertificate.js';
import { caSecretName, generatesCertificates, importsCa, issuedByCertManager } from './generatedCertificates.js';

/**
 * The CA kafkaplane's admin client and Cruise Control trust on a sasl_ssl inter-broker listener:
 * they log in with SCRAM (scramUsers.ts) and present no certificate (KIP-684: such a listener asks
 * for none unless told), but must check the brokers' certificates against the CA they lead to.
 */

/** A Secret and the key of it that holds the CA certificate (PEM); never its private key. */
export interface TrustedCaKey {
  readonly secretName: string;
  readonly key: string;
}

/** Whether the inter-broker listener is sasl_ssl: TLS for everyone, SCRAM for the login. */
export function adminListenerUsesSaslTls(spec: KafkaClusterSpec): boolean {
  return adminListener(spec)?.type === 'sasl_ssl';
}

/**
 * Where that CA is read: the listener's serverSSLCertSecret (`ca.crt`), else, when kafkaplane
 * issues the brokers' certificates, the cluster CA's Secret (`ca.crt` of one it or cert-manager
 * created, `caCert` of the user's: generatedCertificates.ts). Undefined when the listener is not sasl_ssl.
 */
export function interBrokerCa(cluster: Pick<ClusterKey, 'name'>, spec: KafkaClusterSpec): TrustedCaKey | undefined {
  const listener = adminListener(spec);
  if (listener?.type !== 'sasl_ssl') return undefined;
  const own = listener.serverSSLCertSecret?.name ?? '';
  if (own !== '') return { secretName: own, key: 'ca.crt' };
  // The CA of a cert-manager issuer the user names (issuerRef) is nowhere kafkaplane can name (k8s/crd/support.ts refuses it).
  if (!generatesCertificates(spec) || (issuedByCertManager(spec) && importsCa(spec))) return undefined;
  return { secretName: caSecretName(cluster, spec), key: importsCa(spec) ? 'caCert' : 'ca.crt' };
}
