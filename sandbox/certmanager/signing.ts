import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/**
 * How the sandbox's cert-manager makes keys and signs certificates: what cert-manager's `pkg/util/pki`
 * does (`GenerateTemplate`, `BuildKeyUsages`, `EncodePrivateKey`), through WebCrypto and
 * @peculiar/x509. A new key at every issuance (`rotationPolicy: Always`, the default since
 * cert-manager 1.18); RSA 2048 unless `privateKey` says otherwise; the key PEM-encoded in
 * PKCS#1 (SEC 1 for EC keys) unless `encoding: PKCS8`.
 */

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;

export interface PrivateKeySpec {
  algorithm?: string;
  size?: number;
  encoding?: string;
}

export interface CertificateTemplate {
  commonName?: string | undefined;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
  isCA: boolean;
  usages: readonly string[];
  notBefore: Date;
  notAfter: Date;
}

/** A signer: the issuing certificate (absent when self-signing) and its key, PEM. */
export interface Signer {
  cert?: string;
  key: string;
}

/** The key of a PrivateKeySpec, or why cert-manager would refuse it (`ValidateCertificateSpec`). */
async function newKeys(spec: PrivateKeySpec): Promise<{ keys: webcrypto.CryptoKeyPair; ec: boolean }> {
  const algorithm = spec.algorithm ?? 'RSA';
  if (algorithm === 'ECDSA') {
    const size = spec.size ?? 256;
    const namedCurve = size === 256 ? 'P-256' : size === 384 ? 'P-384' : size === 521 ? 'P-521' : undefined;
    if (namedCurve === undefined) throw new Error(`unsupported ecdsa keysize specified: ${size}`);
    return { keys: await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve }, true, ['sign', 'verify']), ec: true };
  }
  if (algorithm === 'RSA') {
    const size = spec.size ?? 2048;
    const keys = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: size, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    );
    return { keys, ec: false };
  }
  throw new Error(`unsupported private key algorithm specified: ${algorithm}`);
}

async function encodeKey(key: CryptoKey, ec: boolean, encoding: string | undefined): Promise<string> {
  const pkcs8 = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
  if (encoding === 'PKCS8') return pkcs8;
  return createPrivateKey(pkcs8)
    .export({ type: ec ? 'sec1' : 'pkcs1', format: 'pem' })
    .toString();
}

/** The signer's key as WebCrypto signs with it (EC P-256/P-384/P-521 or RSA, any PEM form). */
async function signingKey(pem: string): Promise<{ key: CryptoKey; algorithm: webcrypto.Algorithm | webcrypto.EcdsaParams }> {
  const key = createPrivateKey(pem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
    if (namedCurve === undefined) throw new Error(`unsupported curve ${curve ?? 'unknown'}`);
    return { key: await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']), algorithm: { name: 'ECDSA', hash: 'SHA-256' } };
  }
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return { key: await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']), algorithm };
}

const EXTENDED: Record<string, string> = {
  'server auth': x509.ExtendedKeyUsage.serverAuth,
  'client auth': x509.ExtendedKeyUsage.clientAuth,
  'code signing': x509.ExtendedKeyUsage.codeSigning,
  'email protection': x509.ExtendedKeyUsage.emailProtection,
  timestamping: x509.ExtendedKeyUsage.timeStamping,
  'ocsp signing': x509.ExtendedKeyUsage.ocspSigning,
};
const BASIC: Record<string, number> = {
  'digital signature': x509.KeyUsageFlags.digitalSignature,
  'content commitment': x509.KeyUsageFlags.nonRepudiation,
  'key encipherment': x509.KeyUsageFlags.keyEncipherment,
  'data encipherment': x509.KeyUsageFlags.dataEncipherment,
  'key agreement': x509.KeyUsageFlags.keyAgreement,
  'cert sign': x509.KeyUsageFlags.keyCertSign,
  'crl sign': x509.KeyUsageFlags.cRLSign,
};

/**
 * A key and a certificate signed by `signer` (or by the new key itself), as cert-manager's
 * selfSigned and ca issuers make them. Usages default to `digital signature, key encipherment`;
 * a CA gets `cert sign` too (`BuildKeyUsages`).
 */
export async function issue(template: CertificateTemplate, privateKey: PrivateKeySpec, signer: Signer | undefined): Promise<{ cert: string; key: string }> {
  const { keys, ec } = await newKeys(privateKey);
  const usages = template.usages.length > 0 ? template.usages : ['digital signature', 'key encipherment'];
  let flags = usages.reduce((all, u) => all | (BASIC[u] ?? 0), 0);
  if (template.isCA) flags |= x509.KeyUsageFlags.keyCertSign;
  const extended = usages.flatMap((u) => (EXTENDED[u] !== undefined ? [EXTENDED[u]] : []));
  const names = [
    ...template.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...template.ipAddresses.filter((ip) => isIP(ip) !== 0).map((value) => ({ type: 'ip' as const, value })),
  ];
  const subject = template.commonName !== undefined && template.commonName !== '' ? [{ CN: [template.commonName] }] : [];
  const issuerCert = signer?.cert !== undefined ? new x509.X509Certificate(signer.cert) : undefined;
  const signing = signer !== undefined ? await signingKey(signer.key) : undefined;
  const serial = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(template.isCA, undefined, true),
    new x509.KeyUsagesExtension(flags, true),
    ...(extended.length > 0 ? [new x509.ExtendedKeyUsageExtension(extended)] : []),
    ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names, subject.length === 0)] : []),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ...(issuerCert !== undefined ? [await x509.AuthorityKeyIdentifierExtension.create(issuerCert, false, crypto)] : []),
  ];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial.toString('hex'),
      subject: subject.length > 0 ? subject : undefined,
      issuer: issuerCert?.subject ?? (subject.length > 0 ? subject : undefined),
      notBefore: template.notBefore,
      notAfter: template.notAfter,
      publicKey: keys.publicKey,
      signingKey: signing?.key ?? keys.privateKey,
      signingAlgorithm: signing?.algorithm ?? (ec ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }),
      extensions,
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await encodeKey(keys.privateKey, ec, privateKey.encoding) };
}

/** Why a CA Secret's pair cannot sign (cert-manager's `kube.ParseTLSKeyFromSecret` and the CA check), or undefined. */
export function caPairProblem(cert: string | undefined, key: string | undefined): string | undefined {
  if (cert === undefined || cert === '') return 'no data for "tls.crt" in secret';
  if (key === undefined || key === '') return 'no data for "tls.key" in secret';
  try {
    createPrivateKey(key);
  } catch {
    return 'error decoding private key PEM block';
  }
  try {
    new X509Certificate(cert);
  } catch {
    return 'error decoding cert PEM block';
  }
  return undefined;
}

/** What the controller compares a Secret's certificate against. */
export interface HeldCertificate {
  notBefore: Date;
  notAfter: Date;
  commonName: string | undefined;
  dnsNames: string[];
  ipAddresses: string[];
  isCA: boolean;
}

export function readHeld(pem: string): HeldCertificate | undefined {
  try {
    const cert = new X509Certificate(pem);
    const entries = (cert.subjectAltName ?? '').split(', ');
    return {
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      commonName: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1],
      dnsNames: entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4)),
      ipAddresses: entries.filter((e) => e.startsWith('IP Address:')).map((e) => e.slice(11)),
      isCA: cert.ca,
    };
  } catch {
    return undefined;
  }
}
