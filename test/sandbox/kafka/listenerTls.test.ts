import { describe, expect, it } from 'vitest';
import { loadListenerTls } from '../../../sandbox/kafka/listenerTls.js';
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
