import type { KafkaClusterSpec } from '../k8s/crd/kafkaCluster.js';
import type { ClusterKey } from './labels.js';
import { commonName, generatesCertificates } from './generatedCertificates.js';

/**
 * The client certificate kafkaplane's admin client and Cruise Control present on an ssl
 * inter-broker listener. Koperator's field `clientSSLCertSecret` names one (PEM `tls.crt`,
 * `tls.key`, `ca.crt`); without it, with sslSecrets, kafkaplane (or cert-manager, for
 * `pkiBackend: cert-manager`) issues one into the Secret Koperator names its own client certificate
 * (`BrokerControllerTemplate`, `<cluster>-crd-controller`, adobe/koperator `pkg/util/pki/common.go`).
 */

/** The Secret kafkaplane issues its client certificate into. */
export const issuedClientCertificateSecretName = (cluster: Pick<ClusterKey, 'name'>): string => `${cluster.name}-crd-controller`;

/** Its common name: Koperator's `BrokerControllerFQDNTemplate`, `<cluster>-controller.<namespace>.mgt.<domain>`. */
export const clientCertificateCommonName = (cluster: ClusterKey, spec: KafkaClusterSpec): string =>
  commonName(`${cluster.name}-controller.${cluster.namespace}.mgt.${spec.kubernetesClusterDomain ?? 'cluster.local'}`);

/** The listener kafkaplane's admin client and Cruise Control connect to: the inter-broker one. */
export function adminListener(spec: KafkaClusterSpec): KafkaClusterSpec['listenersConfig']['internalListeners'][number] | undefined {
  return spec.listenersConfig.internalListeners.find((l) => l.usedForInnerBrokerCommunication === true);
}

/** Whether that listener speaks TLS, so its clients need the client certificate. */
export function adminListenerUsesTls(spec: KafkaClusterSpec): boolean {
  return adminListener(spec)?.type === 'ssl';
}

/** Whether the client certificate is issued from sslSecrets: the admin listener is ssl, sslSecrets is set, and clientSSLCertSecret names none. */
export function issuesClientCertificate(spec: KafkaClusterSpec): boolean {
  return adminListenerUsesTls(spec) && generatesCertificates(spec) && (spec.clientSSLCertSecret?.name ?? '') === '';
}

/** The Secret holding the client certificate, or undefined when the admin listener needs none. */
export function clientCertificateSecretName(cluster: Pick<ClusterKey, 'name'>, spec: KafkaClusterSpec): string | undefined {
  if (!adminListenerUsesTls(spec)) return undefined;
  const named = spec.clientSSLCertSecret?.name ?? '';
  if (named !== '') return named;
  return generatesCertificates(spec) ? issuedClientCertificateSecretName(cluster) : undefined;
}
