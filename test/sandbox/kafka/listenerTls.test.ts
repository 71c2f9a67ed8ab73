import { describe, expect, it } from 'vitest';
import { loadListenerTls, reloadListenerTls, type ListenerTls } from '../../../sandbox/kafka/listenerTls.js';
import { createTestCa } from '../../support/certificates.js';

const config = {
  listeners: 'INTERNAL://:29092,TLS://:9094',
  'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,TLS:SSL',
  'listener.name.tls.ssl.keystore.type': 'PEM',
  'listener.name.tls.ssl.keystore.location': '/keystores/tls.pem',
  'listener.name.tls.ssl.truststore.type': 'PEM',
  'listener.name.tls.ssl.truststore.location': '/secret/ca.crt',
  'listener.name.tls.ssl.client.auth': 'required',
};
const filesOf = (files: Record<string, string>) => ({ file: (path: string) => (files[path] === undefined ? undefined : { text: files[path] }) });

describe('loading SSL listeners at broker start', () => {
  it('loads the key and certificate of a PEM keystore, and the CA of its truststore', async () => {
    const ca = await createTestCa();
    const server = await ca.issue('kafka', ['localhost']);
    const loaded = loadListenerTls(config, filesOf({ '/keystores/tls.pem': server.key + server.cert, '/secret/ca.crt': ca.cert }));
    expect(loaded instanceof Map ? [...loaded.keys()] : loaded).toEqual(['TLS']);
    expect(loaded instanceof Map ? loaded.get('TLS')?.clientAuth : undefined).toBe('required');
  });

  it('fails the broker as Kafka does when the keystore file is missing', () => {
    expect(loadListenerTls(config, filesOf({}))).toEqual({
      exception: 'org.apache.kafka.common.KafkaException',
      reason:
        'org.apache.kafka.common.errors.InvalidConfigurationException: Failed to load PEM SSL keystore /keystores/tls.pem\n' +
        'Caused by: java.nio.file.NoSuchFileException: /keystores/tls.pem',
    });
  });

  it('fails the broker when the key does not match the certificate', async () => {
    const ca = await createTestCa();
    const [server, other] = [await ca.issue('kafka'), await ca.issue('other')];
    const failed = loadListenerTls(config, filesOf({ '/keystores/tls.pem': other.key + server.cert, '/secret/ca.crt': ca.cert }));
    expect(failed instanceof Map ? undefined : failed.reason).toMatch(
      /^org\.apache\.kafka\.common\.errors\.InvalidConfigurationException: Failed to load PEM SSL keystore \/keystores\/tls\.pem\nCaused by: java\.security\.InvalidKeyException/,
    );
  });

  it('refuses a key that is not PKCS#8, which PemStore cannot decode', async () => {
    const ca = await createTestCa();
    const server = await ca.issue('kafka');
    const sec1 = server.key.replaceAll('PRIVATE KEY', 'EC PRIVATE KEY');
    const failed = loadListenerTls(config, filesOf({ '/keystores/tls.pem': sec1 + server.cert, '/secret/ca.crt': ca.cert }));
    expect(failed instanceof Map ? undefined : failed.reason).toContain('algid parse error');
  });
});

describe("reloading an SSL listener's stores after a dynamic config update", () => {
  // A minute on: the certificates below are issued after this line runs, valid from when they are made.
  const now = new Date(Date.now() + 60_000);
  const loadedFrom = (files: Record<string, string>): ListenerTls => {
    const loaded = loadListenerTls(config, filesOf(files));
    if (!(loaded instanceof Map) || loaded.get('TLS') === undefined) throw new Error('the listener did not load');
    return loaded.get('TLS') as ListenerTls;
  };

  it('keeps the stores it loaded while the files have not changed', async () => {
    const ca = await createTestCa();
    const server = await ca.issue('kafka', ['kafka-0.kafka']);
    const files = { '/keystores/tls.pem': server.key + server.cert, '/secret/ca.crt': ca.cert };
    expect(reloadListenerTls(config, filesOf(files), 'TLS', loadedFrom(files), false, now)).toEqual({ unchanged: true });
  });

  it('serves a renewed certificate once the keystore file holds it, with at least the same names', async () => {
    const ca = await createTestCa();
    const [old, renewed] = [await ca.issue('kafka', ['kafka-0.kafka']), await ca.issue('kafka', ['kafka-0.kafka', 'kafka.example.com'])];
    const loaded = loadedFrom({ '/keystores/tls.pem': old.key + old.cert, '/secret/ca.crt': ca.cert });
    const reload = reloadListenerTls(
      config,
      filesOf({ '/keystores/tls.pem': renewed.key + renewed.cert, '/secret/ca.crt': ca.cert }),
      'TLS',
      loaded,
      true,
      now,
    );
    expect('reloaded' in reload ? reload.reloaded.cert : reload).toBe(renewed.cert);
  });

  it("refuses a keystore whose key does not match, keeping the old one, with Kafka's words", async () => {
    const ca = await createTestCa();
    const [old, renewed, other] = [await ca.issue('kafka', ['kafka-0.kafka']), await ca.issue('kafka', ['kafka-0.kafka']), await ca.issue('other')];
    const loaded = loadedFrom({ '/keystores/tls.pem': old.key + old.cert, '/secret/ca.crt': ca.cert });
    const reload = reloadListenerTls(config, filesOf({ '/keystores/tls.pem': other.key + renewed.cert, '/secret/ca.crt': ca.cert }), 'TLS', loaded, false, now);
    expect('refused' in reload ? reload.refused : reload).toMatch(
      /^Validation of dynamic config update of SSLFactory failed: org\.apache\.kafka\.common\.errors\.InvalidConfigurationException: Failed to load PEM SSL keystore \/keystores\/tls\.pem$/,
    );
  });

  it('refuses a certificate that drops a name or changes the subject', async () => {
    const ca = await createTestCa();
    const [old, fewer, renamed] = [
      await ca.issue('kafka', ['a.kafka', 'b.kafka']),
      await ca.issue('kafka', ['a.kafka']),
      await ca.issue('other', ['a.kafka', 'b.kafka']),
    ];
    const loaded = loadedFrom({ '/keystores/tls.pem': old.key + old.cert, '/secret/ca.crt': ca.cert });
    const fewerNames = reloadListenerTls(
      config,
      filesOf({ '/keystores/tls.pem': fewer.key + fewer.cert, '/secret/ca.crt': ca.cert }),
      'TLS',
      loaded,
      false,
      now,
    );
    expect('refused' in fewerNames ? fewerNames.refused : fewerNames).toContain(
      'Keystore SubjectAltNames do not match:  existing={alias=kafka, SAN=[[2, a.kafka], [2, b.kafka]]}',
    );
    const otherSubject = reloadListenerTls(
      config,
      filesOf({ '/keystores/tls.pem': renamed.key + renamed.cert, '/secret/ca.crt': ca.cert }),
      'TLS',
      loaded,
      false,
      now,
    );
    expect('refused' in otherSubject ? otherSubject.refused : otherSubject).toContain(
      'Keystore DistinguishedName does not match:  existing={alias=kafka, DN=CN=kafka}, new={alias=kafka, DN=CN=other}',
    );
  });

  it('on the inter-broker listener, refuses a certificate the truststore in use does not trust; elsewhere takes it', async () => {
    const [ca, otherCa] = [await createTestCa(), await createTestCa('another-ca')];
    const [old, foreign] = [await ca.issue('kafka', ['kafka-0.kafka']), await otherCa.issue('kafka', ['kafka-0.kafka'])];
    const loaded = loadedFrom({ '/keystores/tls.pem': old.key + old.cert, '/secret/ca.crt': ca.cert });
    const files = filesOf({ '/keystores/tls.pem': foreign.key + foreign.cert, '/secret/ca.crt': ca.cert });
    const interBroker = reloadListenerTls(config, files, 'TLS', loaded, true, now);
    expect('refused' in interBroker ? interBroker.refused : interBroker).toContain('javax.net.ssl.SSLHandshakeException: PKIX path building failed');
    expect('reloaded' in reloadListenerTls(config, files, 'TLS', loaded, false, now)).toBe(true);
  });
});
