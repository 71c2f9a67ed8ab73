import { describe, expect, it } from 'vitest';
import { handshakeFailure } from '../../../sandbox/kafka/peerTls.js';
import type { ListenerTls } from '../../../sandbox/kafka/listenerTls.js';
import { createTestCa } from '../../support/certificates.js';

/** Handshakes between Kafka nodes and clients, decided as Java's SSLEngine decides them. */
describe('the SSL handshake of a Kafka client with a listener', () => {
  const host = 'kafka-0.kafka-headless.kafka.svc.cluster.local';

  it('succeeds with a trusted chain naming the host, and fails naming the cause otherwise', async () => {
    const ca = await createTestCa('cluster');
    const other = await createTestCa('other');
    const server = await ca.issue('kafka-0', [host]);
    const client = await ca.issue('client');
    const listener = (clientAuth: ListenerTls['clientAuth']): ListenerTls => ({ key: server.key, cert: server.cert, ca: ca.cert, clientAuth });

    expect(handshakeFailure({ ...client, ca: ca.cert }, listener('required'), host)).toBeUndefined();
    // The server's chain must lead to the client's truststore.
    expect(handshakeFailure({ ...client, ca: other.cert }, listener('none'), host)?.cause).toMatch(
      /^javax\.net\.ssl\.SSLHandshakeException: PKIX path building failed/,
    );
    // https endpoint identification: the certificate must name the host connected to, unless it is turned off.
    expect(handshakeFailure({ ca: ca.cert }, listener('none'), 'kafka-1.kafka-headless.kafka.svc.cluster.local')?.cause).toBe(
      'javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching kafka-1.kafka-headless.kafka.svc.cluster.local found.',
    );
    expect(handshakeFailure({ ca: ca.cert, verifyHost: false }, listener('none'), 'kafka-1.kafka-headless.kafka.svc.cluster.local')).toBeUndefined();
    // required: no certificate is refused; requested: none is fine, an untrusted one is refused.
    expect(handshakeFailure({ ca: ca.cert }, listener('required'), host)?.cause).toBe(
      'javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate',
    );
    expect(handshakeFailure({ ca: ca.cert }, listener('requested'), host)).toBeUndefined();
    const stranger = await other.issue('stranger');
    expect(handshakeFailure({ ...stranger, ca: ca.cert }, listener('requested'), host)?.cause).toBe(
      'javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown',
    );
    expect(handshakeFailure({ ...stranger, ca: ca.cert }, listener('none'), host)).toBeUndefined();
    // A PLAINTEXT client on an SSL listener, and an SSL client on a PLAINTEXT one.
    expect(handshakeFailure(undefined, listener('none'), host)).toBeDefined();
    expect(handshakeFailure({ ca: ca.cert }, undefined, host)?.cause).toBe('javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake');
    expect(handshakeFailure(undefined, undefined, host)).toBeUndefined();
  });
});
