/**
 * Cruise Control's web server over HTTPS, as `webserver.ssl.enable=true` sets it up: the checks
 * of `KafkaCruiseControlConfig.sanityCheckSecurity`, then Jetty 9.4's `SslContextFactory.Server`
 * loading `webserver.ssl.keystore.location` through `CertificateUtils.getKeyStore` and
 * `java.security.KeyStore` (linkedin/cruise-control `KafkaCruiseControlServletApp.setupHttpConnector`).
 * Java has no PEM KeyStore, so the keystore is PKCS#12; its passwords may be `${dir:…}` or
 * `${env:…}` references, resolved as Kafka's `AbstractConfig` resolves config providers.
 */
import { createSecureContext } from 'node:tls';
import type { ImageFile } from '../kube/images.js';

/** What the HTTPS server is made with. */
export interface WebServerTls {
  readonly pfx: Buffer;
  readonly passphrase: string;
}

interface Files {
  file(path: string): ImageFile | undefined;
}

const DIRECTORY_PROVIDER = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';
const ENV_PROVIDER = 'com.linkedin.kafka.cruisecontrol.metricsreporter.config.EnvConfigProvider';

/**
 * A property with its `${provider:[path:]key}` references replaced, for the providers that
 * `config.providers` names (`KafkaCruiseControlUtils.readConfig` registers `env` before the file
 * is read). A reference that does not resolve stays as written, as Kafka's ConfigTransformer leaves it.
 */
export function resolveConfigValue(
  value: string,
  properties: Readonly<Record<string, string>>,
  files: Files,
  env: ReadonlyArray<{ name: string; value?: string }>,
): string {
  const providers = new Map(
    (properties['config.providers'] ?? 'env')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => [p, (properties[`config.providers.${p}.class`] ?? (p === 'env' ? ENV_PROVIDER : '')).trim()]),
  );
  return value.replace(/\$\{([^:}]+):(?:([^:}]*):)?([^}]+)\}/g, (whole, provider: string, path: string | undefined, key: string) => {
    const kind = providers.get(provider);
    if (kind === DIRECTORY_PROVIDER && path !== undefined) return files.file(`${path.replace(/\/+$/, '')}/${key}`)?.text ?? whole;
    if (kind === ENV_PROVIDER && path === undefined) return env.find((e) => e.name === key)?.value ?? whole;
    return whole;
  });
}

/**
 * The web server's TLS as the properties set it: undefined without `webserver.ssl.enable`, else
 * the loaded keystore or the exception Cruise Control's start ends with. Only PKCS#12 keystore
 * files are modelled (JKS is a format of Java's own).
 */
export function loadWebServerTls(
  properties: Readonly<Record<string, string>>,
  files: Files,
  env: ReadonlyArray<{ name: string; value?: string }>,
): { tls: WebServerTls | undefined } | { failure: string } {
  if ((properties['webserver.ssl.enable'] ?? 'false').trim().toLowerCase() !== 'true') return { tls: undefined };
  const location = properties['webserver.ssl.keystore.location']?.trim();
  if (location === undefined || location === '')
    return { failure: 'org.apache.kafka.common.config.ConfigException: If webserver SSL is enabled, the keystore location must be set.' };
  const password = properties['webserver.ssl.keystore.password'];
  const keyPassword = properties['webserver.ssl.key.password'];
  // setupHttpConnector calls getPassword(…).value() on both: unset, the start ends there.
  if (password === undefined || keyPassword === undefined) return { failure: 'java.lang.NullPointerException' };
  // Jetty's default type is JKS in some 9.4 releases, PKCS12 in others; since Java 9 either type
  // reads a file of the other (keystore.type.compat), so both load a PKCS#12 file.
  const type = (properties['webserver.ssl.keystore.type'] ?? 'JKS').trim();
  if (type.toUpperCase() !== 'PKCS12' && type.toUpperCase() !== 'JKS') return { failure: `java.security.KeyStoreException: ${type} not found` };
  const file = files.file(location);
  if (file === undefined) return { failure: `java.lang.IllegalStateException: ${location} is not a valid keystore` };
  // A ConfigMap's file is text: Java reads its bytes all the same, and refuses them.
  const bytes = file.bytes ?? Buffer.from(file.text ?? '', 'utf8');
  // A JKS file (magic 0xFEEDFEED) is a format of Java's own, which the simulator does not read.
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xfeedfeed)
    return { failure: 'java.lang.UnsupportedOperationException: the sandbox simulates only PKCS12 keystore files, not JKS ones' };
  const passphrase = resolveConfigValue(password, properties, files, env);
  const keyPassphrase = resolveConfigValue(keyPassword, properties, files, env);
  try {
    createSecureContext({ pfx: bytes, passphrase });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A PKCS#12 file's integrity is checked with the store password first (PKCS12KeyStore.engineLoad).
    if (message.includes('mac verify failure')) return { failure: 'java.io.IOException: keystore password was incorrect' };
    return { failure: `java.io.IOException: toDerInputStream rejects tag type ${bytes[0] ?? 0}` };
  }
  // One password protects both the store and its key when openssl writes it; another key password cannot open the key.
  if (keyPassphrase !== passphrase)
    return {
      failure:
        'java.security.UnrecoverableKeyException: Get Key failed: Given final block not properly padded. Such issues can arise if a bad key is used during decryption.',
    };
  return { tls: { pfx: bytes, passphrase } };
}
