import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { ImageFile } from '../kube/images.js';

/** What an SSL listener serves with, read from the files its broker's container sees. */
export interface ListenerTls {
  readonly key: string;
  /** The certificate chain, the broker's own first. */
  readonly cert: string;
  /** The trusted CA certificates (ssl.truststore.location); without them no client certificate verifies. */
  readonly ca?: string;
  readonly clientAuth: 'required' | 'requested' | 'none';
  /** ssl.endpoint.identification.algorithm=https (Kafka's default): as a client, the peer's certificate must name the host connected to. */
  readonly verifyHost?: boolean;
}

/** Why Kafka did not start: the exception line it exits with, as brokerConsoles.crashed prints it. */
export interface TlsStartFailure {
  readonly exception: string;
  readonly reason: string;
}

interface Files {
  file(path: string): ImageFile | undefined;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** A listener's SSL setting: `listener.name.<name>.ssl.*` before `ssl.*`, as Kafka's ListenerName.configPrefix lookups do. */
function sslConfig(config: Readonly<Record<string, string>>, listener: string, key: string): string | undefined {
  return config[`listener.name.${listener.toLowerCase()}.ssl.${key}`] ?? config[`ssl.${key}`];
}

/** The protocol of each listener of `listener.security.protocol.map`, upper case. */
function protocols(config: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(
    (config['listener.security.protocol.map'] ?? '')
      .split(',')
      .map((entry) => entry.trim().split(':'))
      .map(([name, protocol]) => [(name ?? '').trim().toUpperCase(), (protocol ?? '').trim().toUpperCase()]),
  );
}

/** The listeners that speak TLS: those whose `listener.security.protocol.map` entry is SSL or SASL_SSL. */
export function sslListeners(config: Readonly<Record<string, string>>): string[] {
  return [...protocols(config)].filter(([, protocol]) => protocol === 'SSL' || protocol === 'SASL_SSL').map(([name]) => name);
}

/**
 * Loads each SSL listener's PEM keystore and truststore as Kafka does at start (KIP-651;
 * apache/kafka clients `DefaultSslEngineFactory.FileBasedPemStore` and `PemStore`): the keystore
 * file holds one PKCS#8 `PRIVATE KEY` and its certificate chain. A file that is missing or does
 * not parse fails the broker with `Failed to load PEM SSL keystore <path>`, which
 * `SslChannelBuilder.configure` wraps in a KafkaException. A key that does not match the
 * certificate fails here too: Kafka would start and fail every handshake, the sandbox is stricter.
 * Only PEM stores are modelled; JKS and PKCS12 files are binary, which the sandbox's files are not.
 */
export function loadListenerTls(config: Readonly<Record<string, string>>, files: Files): Map<string, ListenerTls> | TlsStartFailure {
  const served = new Set((config.listeners ?? '').split(',').map((l) => l.trim().split(':')[0]?.toUpperCase() ?? ''));
  const loaded = new Map<string, ListenerTls>();
  for (const listener of sslListeners(config).filter((l) => served.has(l))) {
    const stores = loadStores(config, files, listener);
    if ('exception' in stores) return stores;
    loaded.set(listener, stores);
  }
  return loaded;
}

/**
 * The stores a node connects to the controller listener with when it does not serve it (a
 * broker-only node): Kafka builds that client channel from the listener's own
 * `listener.name.<controller>.ssl.*` settings as it starts (apache/kafka `ChannelBuilders.clientChannelBuilder`),
 * failing the same way on a store it cannot load. Undefined when the controller listener is not SSL.
 */
export function loadControllerClientTls(config: Readonly<Record<string, string>>, files: Files): ListenerTls | TlsStartFailure | undefined {
  const listener = (config['controller.listener.names'] ?? '').split(',')[0]?.trim().toUpperCase() ?? '';
  if (!sslListeners(config).includes(listener)) return undefined;
  return loadStores(config, files, listener);
}

/** One listener's keystore and truststore, as `DefaultSslEngineFactory` loads them. */
function loadStores(config: Readonly<Record<string, string>>, files: Files, listener: string): ListenerTls | TlsStartFailure {
  const type = (sslConfig(config, listener, 'keystore.type') ?? 'JKS').toUpperCase();
  const location = sslConfig(config, listener, 'keystore.location');
  if (type !== 'PEM' || location === undefined) {
    return {
      exception: 'org.apache.kafka.common.KafkaException',
      reason: `the sandbox serves SSL listeners only from PEM keystore files (ssl.keystore.type=PEM with ssl.keystore.location); listener ${listener} has type ${type}`,
    };
  }
  const failed = (cause: string): TlsStartFailure => ({
    exception: 'org.apache.kafka.common.KafkaException',
    reason: `org.apache.kafka.common.errors.InvalidConfigurationException: Failed to load PEM SSL keystore ${location}\nCaused by: ${cause}`,
  });
  const text = files.file(location)?.text;
  if (text === undefined) return failed(`java.nio.file.NoSuchFileException: ${location}`);
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const keys = blocks.filter((b) => b[1]?.endsWith('PRIVATE KEY'));
  const certs = blocks.filter((b) => b[1] === 'CERTIFICATE').map((b) => b[0]);
  if (keys.length !== 1) return failed(`org.apache.kafka.common.errors.InvalidConfigurationException: Expected one private key, found ${keys.length}`);
  if (certs.length === 0) return failed('org.apache.kafka.common.errors.InvalidConfigurationException: At least one certificate expected');
  // PemStore decodes the key as PKCS#8 only; PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") does not parse.
  if (keys[0]?.[1] !== 'PRIVATE KEY') return failed('java.security.InvalidKeyException: IOException : algid parse error, not a sequence');
  const key = keys[0][0];
  try {
    if (!new X509Certificate(certs[0] ?? '').checkPrivateKey(createPrivateKey(key))) {
      return failed('java.security.InvalidKeyException: the private key does not match the certificate');
    }
  } catch (error) {
    return failed(`java.security.cert.CertificateException: ${error instanceof Error ? error.message : String(error)}`);
  }
  const truststore = sslConfig(config, listener, 'truststore.location');
  const ca = truststore === undefined ? undefined : files.file(truststore)?.text;
  if (truststore !== undefined && ca === undefined) {
    return {
      exception: 'org.apache.kafka.common.KafkaException',
      reason: `org.apache.kafka.common.errors.InvalidConfigurationException: Failed to load PEM SSL keystore ${truststore}\nCaused by: java.nio.file.NoSuchFileException: ${truststore}`,
    };
  }
  // KIP-684: a SASL_SSL listener asks for client certificates only when its own prefixed ssl.client.auth says so.
  const clientAuth =
    (protocols(config).get(listener) === 'SASL_SSL'
      ? config[`listener.name.${listener.toLowerCase()}.ssl.client.auth`]
      : sslConfig(config, listener, 'client.auth')) ?? 'none';
  return {
    key,
    cert: certs.join('\n'),
    ...(ca !== undefined ? { ca } : {}),
    clientAuth: clientAuth === 'required' || clientAuth === 'requested' ? clientAuth : 'none',
    verifyHost: (sslConfig(config, listener, 'endpoint.identification.algorithm') ?? 'https').toLowerCase() === 'https',
  };
}

/** What a node's dynamic config update did to one SSL listener it serves. */
export type ListenerReload = { readonly reloaded: ListenerTls } | { readonly unchanged: true } | { readonly refused: string };

/**
 * One listener's stores after a per-node dynamic config update, as Kafka 4 applies it: every
 * ConfigRecord of the node, even one that sets a value it already has, makes the broker's
 * DynamicConfigPublisher call `reloadUpdatedFilesWithoutConfigChange` (apache/kafka
 * `DynamicConfigPublisher`; the controller writes the record anyway, KAFKA-14136), and
 * `SslFactory.reconfigure` builds a new engine factory only when `DefaultSslEngineFactory.shouldBeRebuilt`
 * finds the keystore or truststore file modified since it was loaded (`FileBasedStore.modified`:
 * the sandbox compares what the files hold). The new keystore is then validated as
 * `SslFactory.createNewSslEngineFactory` does: it must load, name the same subject and at least
 * the same SubjectAltNames (`CertificateEntries.ensureCompatible`, without `ssl.allow.dn.changes`
 * and `ssl.allow.san.changes`), and on the inter-broker listener (`keystoreVerifiableUsingTruststore`)
 * old and new stores must trust each other (`SslEngineValidator`). A refusal keeps the stores in use.
 */
export function reloadListenerTls(
  config: Readonly<Record<string, string>>,
  files: Files,
  listener: string,
  loaded: ListenerTls,
  interBroker: boolean,
  now: Date,
): ListenerReload {
  const refused = (cause: string): ListenerReload => ({ refused: `Validation of dynamic config update of SSLFactory failed: ${cause}` });
  const next = loadStores(config, files, listener);
  if ('exception' in next) return refused(next.reason.split('\n')[0] ?? next.reason);
  if (next.key === loaded.key && next.cert === loaded.cert && next.ca === loaded.ca) return { unchanged: true };
  const [oldCert, newCert] = [firstCertificate(loaded.cert), firstCertificate(next.cert)];
  if (oldCert === undefined || newCert === undefined) return refused('java.security.cert.CertificateException: no certificate');
  if (javaName(newCert.subject) !== javaName(oldCert.subject)) {
    return refused(
      `org.apache.kafka.common.config.ConfigException: Keystore DistinguishedName does not match:  existing={alias=kafka, DN=${javaName(oldCert.subject)}}, new={alias=kafka, DN=${javaName(newCert.subject)}}`,
    );
  }
  const [oldNames, newNames] = [altNames(oldCert), altNames(newCert)];
  if (!oldNames.every((n) => newNames.includes(n))) {
    return refused(
      `org.apache.kafka.common.config.ConfigException: Keystore SubjectAltNames do not match:  existing={alias=kafka, SAN=${javaNames(oldNames)}}, new={alias=kafka, SAN=${javaNames(newNames)}}`,
    );
  }
  if (interBroker && !(trusts(loaded.ca, newCert, now) && trusts(next.ca, oldCert, now))) {
    return refused(
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    );
  }
  return { reloaded: next };
}

function firstCertificate(chain: string): X509Certificate | undefined {
  const first = [...chain.matchAll(PEM_BLOCK)].find((b) => b[1] === 'CERTIFICATE')?.[0];
  return first === undefined ? undefined : new X509Certificate(first);
}

/** A subject as Java's X500Principal prints it: the most specific attribute first, comma-separated. */
const javaName = (subject: string): string => subject.split('\n').reverse().join(', ');

/** The SubjectAltNames in Java's form, `[2, name]` for DNS and `[7, address]` for IP (X509Certificate.getSubjectAlternativeNames). */
function altNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .filter((n) => n !== '')
    .map((n) => (n.startsWith('DNS:') ? `[2, ${n.slice(4)}]` : n.startsWith('IP Address:') ? `[7, ${n.slice(11)}]` : `[0, ${n}]`));
}
const javaNames = (names: readonly string[]): string => `[${names.join(', ')}]`;

/** Whether a truststore's CA certificates verify `cert`, and it is within its validity (the PKIX check of a handshake). */
function trusts(truststore: string | undefined, cert: X509Certificate, now: Date): boolean {
  if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return false;
  return [...(truststore ?? '').matchAll(PEM_BLOCK)]
    .filter((b) => b[1] === 'CERTIFICATE')
    .some((b) => {
      const ca = new X509Certificate(b[0]);
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    });
}
