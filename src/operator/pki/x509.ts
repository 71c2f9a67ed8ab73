import { createPrivateKey, createPublicKey, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/**
 * Making and reading the certificates kafkaplane issues: keys and signatures through Node's
 * WebCrypto, certificates through @peculiar/x509, and Node's own X509Certificate to read one back.
 * Keys are ECDSA P-256 (quick to make; Kafka's PEM keystore reads EC keys, apache/kafka
 * `DefaultSslEngineFactory.PemStore`), written PKCS#8 as that keystore wants them.
 */

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A certificate with its private key, both PEM. */
export interface KeyAndCertificate {
  cert: string;
  key: string;
}

/** What the operator needs to know of a certificate it finds. */
export interface CertificateFacts {
  notBefore: Date;
  notAfter: Date;
  /** DNS names and IP addresses of its subjectAltName. */
  names: string[];
  /** SHA-256 of its DER, hex without separators. */
  fingerprint: string;
  /** Its subject, one attribute a line (Node's X509Certificate.subject). */
  subject: string;
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
}

async function pemOfKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A CA certificate and key, self-signed, valid from now for `validityMs`. */
export async function newCa(commonName: string, now: Date, validityMs: number): Promise<KeyAndCertificate> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: [{ CN: [commonName] }],
      notBefore: now,
      notAfter: new Date(now.getTime() + validityMs),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await pemOfKey(keys.privateKey) };
}

/** The CA's key as WebCrypto signs with it: EC (P-256, P-384) or RSA, in any PEM form OpenSSL reads. */
async function signerOf(caKeyPem: string): Promise<{ key: CryptoKey; algorithm: webcrypto.Algorithm | webcrypto.EcdsaParams }> {
  const key = createPrivateKey(caKeyPem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : undefined;
    if (namedCurve === undefined) throw new Error(`the CA key's curve ${curve ?? 'unknown'} is not supported (P-256 or P-384)`);
    return { key: await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']), algorithm: { name: 'ECDSA', hash: 'SHA-256' } };
  }
  if (key.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']), algorithm };
  }
  throw new Error(`the CA key's type ${key.asymmetricKeyType ?? 'unknown'} is not supported (EC or RSA)`);
}

/**
 * A server certificate for `names` (DNS names and IP addresses), signed by the CA, valid from
 * now for `validityMs`; usable by the broker as a server and as a client, as Koperator's are.
 */
export async function issueServerCertificate(
  ca: KeyAndCertificate,
  commonName: string,
  names: readonly string[],
  now: Date,
  validityMs: number,
): Promise<KeyAndCertificate> {
  const signer = await signerOf(ca.key);
  const issuer = new x509.X509Certificate(ca.cert);
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: [{ CN: [commonName] }],
      issuer: issuer.subject,
      notBefore: now,
      notAfter: new Date(now.getTime() + validityMs),
      signingAlgorithm: signer.algorithm,
      publicKey: keys.publicKey,
      signingKey: signer.key,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        // An EC key signs the handshake; it never enciphers a key (RFC 5480 section 3).
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension(names.map((n) => (isIP(n) !== 0 ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
        await x509.AuthorityKeyIdentifierExtension.create(issuer, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await pemOfKey(keys.privateKey) };
}

/** The first certificate of a PEM text, read; undefined when there is none that parses. */
export function readCertificate(pem: string): CertificateFacts | undefined {
  try {
    const cert = new X509Certificate(pem);
    return {
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      names: (cert.subjectAltName ?? '')
        .split(', ')
        .filter((entry) => entry.startsWith('DNS:') || entry.startsWith('IP Address:'))
        .map((entry) => entry.slice(entry.indexOf(':') + 1)),
      fingerprint: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
      subject: cert.subject,
    };
  } catch {
    return undefined;
  }
}

/** Whether `cert` was signed by the CA certificate `caCert` (both PEM). */
export function issuedBy(cert: string, caCert: string): boolean {
  try {
    const issued = new X509Certificate(cert);
    const ca = new X509Certificate(caCert);
    return issued.checkIssued(ca) && issued.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** Why a CA (certificate and key, PEM) cannot sign, or undefined when it can. */
export function caProblem(ca: KeyAndCertificate): string | undefined {
  try {
    const cert = new X509Certificate(ca.cert);
    if (!cert.ca) return 'its certificate is not a CA certificate (basicConstraints CA:FALSE)';
    const fromKey = createPublicKey(createPrivateKey(ca.key)).export({ type: 'spki', format: 'der' });
    if (!fromKey.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))) return 'its key does not match its certificate';
    return undefined;
  } catch (err) {
    return `its certificate or key cannot be read (${(err as Error).message})`;
  }
}
