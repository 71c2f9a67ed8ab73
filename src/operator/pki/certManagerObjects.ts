import { isIP } from 'node:net';
import type { KafkaClusterSpec } from '../../k8s/crd/kafkaCluster.js';
import { brokerCertificateSecretName, caCommonName, caSecretName, commonName } from '../../domain/generatedCertificates.js';
import { clientCertificateCommonName, issuedClientCertificateSecretName } from '../../domain/clientCertificate.js';
import { brokerLabels, clusterLabels, ownerReference, type ClusterRef } from '../../domain/labels.js';
import { brokerHost } from '../../domain/serverProperties.js';
import type { KubeObject } from '../reconcile/actions.js';
import { goDuration } from '../../domain/goDuration.js';

/**
 * The cert-manager objects kafkaplane keeps for a cluster with `sslSecrets.pkiBackend: cert-manager`
 * (pure). As Koperator's `pkg/pki/certmanagerpki/certmanager_pki.go` sets them up with create: true
 * and no issuerRef: a self-signed issuer `<cluster>-self-signer`, the CA Certificate
 * `<cluster>-ca-certificate` issued from it into the CA Secret, and an issuer of that CA; with
 * issuerRef, the user's issuer. Koperator makes the two issuers ClusterIssuers and keeps the CA in
 * cert-manager's namespace; kafkaplane makes them Issuers in the cluster's namespace, owned by the
 * KafkaCluster like its other objects, so deleting the cluster takes them along and nothing
 * outside its namespace is written. The certificates are the ones kafkaplane issues itself
 * (generatedCertificates.ts): one per broker, into `<cluster>-<id>-server-certificate`, and its own
 * client certificate into `<cluster>-crd-controller`, with the same names and Secrets.
 */

export const CERT_MANAGER_API_VERSION = 'cert-manager.io/v1';
export const CERT_MANAGER_GROUP = 'cert-manager.io';

export interface IssuerReference {
  name: string;
  kind: string;
  group: string;
}

/** A cert-manager object as kafkaplane writes it: its spec is what a pass compares. */
export interface CertManagerObject extends KubeObject {
  kind: 'Issuer' | 'Certificate';
  metadata: NonNullable<KubeObject['metadata']> & { name: string; namespace: string };
  spec: Record<string, unknown>;
}

/** Koperator's names (`pkg/util/pki/common.go`: BrokerSelfSignerTemplate, BrokerCACertTemplate, LegacyBrokerClusterIssuerTemplate). */
export const selfSignerName = (cluster: Pick<ClusterRef, 'name'>): string => `${cluster.name}-self-signer`;
export const caCertificateName = (cluster: Pick<ClusterRef, 'name'>): string => `${cluster.name}-ca-certificate`;
export const caIssuerName = (cluster: Pick<ClusterRef, 'name'>): string => `${cluster.name}-issuer`;

/** Keys Kafka's PEM keystore reads (PKCS#8, apache/kafka `DefaultSslEngineFactory.PemStore`), quick to make, new at every issuance. */
const PRIVATE_KEY = { algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' };

/** The issuer the brokers' Certificates name: the user's issuerRef, else the CA issuer kafkaplane sets up. */
export function brokerIssuer(cluster: Pick<ClusterRef, 'name'>, spec: KafkaClusterSpec): IssuerReference {
  const ref = spec.listenersConfig.sslSecrets?.issuerRef;
  if (ref !== undefined) return { name: ref.name, kind: ref.kind ?? 'Issuer', group: ref.group ?? CERT_MANAGER_GROUP };
  return { name: caIssuerName(cluster), kind: 'Issuer', group: CERT_MANAGER_GROUP };
}

function object(
  cluster: ClusterRef,
  kind: CertManagerObject['kind'],
  name: string,
  labels: Record<string, string>,
  spec: Record<string, unknown>,
): CertManagerObject {
  return {
    apiVersion: CERT_MANAGER_API_VERSION,
    kind,
    metadata: { name, namespace: cluster.namespace, labels, ownerReferences: [ownerReference(cluster)] } as CertManagerObject['metadata'],
    spec,
  };
}

/** The self-signed issuer, the CA Certificate and the CA issuer: only with create: true and no issuerRef. */
export function caObjects(cluster: ClusterRef, spec: KafkaClusterSpec, caValidityMs: number): CertManagerObject[] {
  const ssl = spec.listenersConfig.sslSecrets;
  if (ssl?.create !== true || ssl.issuerRef !== undefined) return [];
  const labels = clusterLabels(cluster);
  const caSecret = caSecretName(cluster, spec);
  return [
    object(cluster, 'Issuer', selfSignerName(cluster), labels, { selfSigned: {} }),
    object(cluster, 'Certificate', caCertificateName(cluster), labels, {
      isCA: true,
      commonName: caCommonName(cluster),
      secretName: caSecret,
      duration: goDuration(caValidityMs),
      privateKey: PRIVATE_KEY,
      issuerRef: { name: selfSignerName(cluster), kind: 'Issuer', group: CERT_MANAGER_GROUP },
      secretTemplate: { labels },
    }),
    object(cluster, 'Issuer', caIssuerName(cluster), labels, { ca: { secretName: caSecret } }),
  ];
}

/** One broker's server Certificate: its names split into DNS names and IP addresses, usable as a server and a client. */
export function brokerCertificate(
  cluster: ClusterRef,
  spec: KafkaClusterSpec,
  brokerId: number,
  names: readonly string[],
  validityMs: number,
): CertManagerObject {
  const labels = brokerLabels(cluster, brokerId);
  const ip = (n: string): boolean => isIP(n) !== 0;
  return object(cluster, 'Certificate', brokerCertificateSecretName(cluster, brokerId), labels, {
    secretName: brokerCertificateSecretName(cluster, brokerId),
    commonName: commonName(brokerHost(cluster.name, cluster.namespace, spec, brokerId)),
    dnsNames: names.filter((n) => !ip(n)),
    ...(names.some(ip) ? { ipAddresses: names.filter(ip) } : {}),
    usages: ['digital signature', 'server auth', 'client auth'],
    duration: goDuration(validityMs),
    privateKey: PRIVATE_KEY,
    issuerRef: brokerIssuer(cluster, spec),
    secretTemplate: { labels },
  });
}

/** kafkaplane's own client certificate on an ssl inter-broker listener (clientCertificate.ts). */
export function clientCertificate(cluster: ClusterRef, spec: KafkaClusterSpec, validityMs: number): CertManagerObject {
  const labels = clusterLabels(cluster);
  return object(cluster, 'Certificate', issuedClientCertificateSecretName(cluster), labels, {
    secretName: issuedClientCertificateSecretName(cluster),
    commonName: clientCertificateCommonName(cluster, spec),
    usages: ['digital signature', 'client auth'],
    duration: goDuration(validityMs),
    privateKey: PRIVATE_KEY,
    issuerRef: brokerIssuer(cluster, spec),
    secretTemplate: { labels },
  });
}
