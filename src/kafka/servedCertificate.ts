import { connect } from 'node:tls';

/** The SHA-256 fingerprint (hex, no separators) of the certificate a TLS listener serves now; undefined when no handshake. */
export type ServedCertificateProbe = (host: string, port: number, signal: AbortSignal) => Promise<string | undefined>;

/**
 * A TLS handshake with a broker's listener, only to see the certificate it serves to a new
 * connection: nothing is sent, the chain is not checked (the fingerprint is compared with the one
 * kafkaplane issued, and the handshake proves the broker holds its key). A listener that asks for
 * a client certificate still shows its own first.
 */
export const probeServedCertificate: ServedCertificateProbe = (host, port, signal) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, servername: host, rejectUnauthorized: false });
    const done = (fingerprint: string | undefined): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      socket.destroy();
      resolve(fingerprint);
    };
    const timer = setTimeout(() => done(undefined), 5_000);
    socket.once('secureConnect', () => done(socket.getPeerCertificate().fingerprint256?.replaceAll(':', '').toLowerCase()));
    socket.once('error', () => done(undefined));
    const aborted = (): void => done(undefined);
    signal.addEventListener('abort', aborted, { once: true });
  });
