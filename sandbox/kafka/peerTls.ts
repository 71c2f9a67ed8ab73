import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { ListenerTls } from './listenerTls.js';

/** The client side of a Kafka connection: PLAINTEXT (undefined), or SSL with its keystore and truststore. */
export interface ClientTls {
  /** The keystore's key and certificate chain, if any: what is presented when the server asks. */
  readonly key?: string;
  readonly cert?: string;
  /** The truststore: the CA certificates the server's chain must lead to. */
  readonly ca?: string;
  /** ssl.endpoint.identification.algorithm=https: the server's certificate must name the host. */
  readonly verifyHost?: boolean;
}

/** Why a handshake fails, as the connecting client's exception says it; undefined when it succeeds. */
export interface HandshakeFailure {
  /** The cause the client's SslAuthenticationException carries (javax.net.ssl wording). */
  readonly cause: string;
  /** What the server's Selector logs of the same connection, if it sees one. */
  readonly serverCause?: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function certificates(pem: string | undefined): X509Certificate[] {
  return [...(pem ?? '').matchAll(PEM_CERTIFICATE)].flatMap((m) => {
    try {
      return [new X509Certificate(m[0])];
    } catch {
      return [];
    }
  });
}

/**
 * Whether a chain (the first certificate the peer's own) leads to a CA of the truststore, each
 * link signed by the next and valid now: Java's PKIX trust manager, without revocation.
 */
function trusted(chainPem: string | undefined, truststorePem: string | undefined, now: Date): boolean {
  const chain = certificates(chainPem);
  const anchors = certificates(truststorePem);
  let current = chain[0];
  const within = (c: X509Certificate): boolean => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
  for (let depth = 0; current !== undefined && depth <= chain.length; depth += 1) {
    if (!within(current)) return false;
    const link = current;
    if (anchors.some((a) => within(a) && link.checkIssued(a) && link.verify(a.publicKey))) return true;
    current = chain.find((c) => c !== link && link.checkIssued(c) && link.verify(c.publicKey));
  }
  return false;
}

/**
 * The TLS handshake of a Kafka client with a listener, decided from both sides' stores as
 * Java's SSLEngine decides it (apache/kafka `SslTransportLayer`, `DefaultSslEngineFactory`;
 * JDK `X509TrustManagerImpl`, `HostnameChecker`): the server's chain must lead to the client's
 * truststore and, with https endpoint identification, name the host the client connected to;
 * a server that requires a client certificate refuses a client without one, and one that
 * requests or requires it refuses a certificate its truststore does not lead to. A PLAINTEXT
 * client on an SSL listener, or an SSL client on a PLAINTEXT one, fails too.
 */
export function handshakeFailure(client: ClientTls | undefined, server: ListenerTls | undefined, host: string, now = new Date()): HandshakeFailure | undefined {
  if (server === undefined && client === undefined) return undefined;
  if (server === undefined) return { cause: 'javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake' };
  if (client === undefined) return { cause: 'java.io.EOFException', serverCause: 'SSL handshake failed' };
  if (!trusted(server.cert, client.ca, now)) {
    return {
      cause:
        'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      serverCause: 'SSL handshake failed',
    };
  }
  const own = certificates(server.cert)[0];
  if (client.verifyHost !== false && own !== undefined && (isIP(host) !== 0 ? own.checkIP(host) : own.checkHost(host)) === undefined) {
    return {
      cause:
        isIP(host) !== 0
          ? `javax.net.ssl.SSLHandshakeException: No subject alternative names matching IP address ${host} found`
          : `javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching ${host} found.`,
      serverCause: 'SSL handshake failed',
    };
  }
  const presented = client.cert !== undefined && client.key !== undefined;
  if (server.clientAuth === 'required' && !presented) {
    return { cause: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate', serverCause: 'SSL handshake failed' };
  }
  if (server.clientAuth !== 'none' && presented && !trusted(client.cert, server.ca, now)) {
    return { cause: 'javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown', serverCause: 'SSL handshake failed' };
  }
  return undefined;
}
