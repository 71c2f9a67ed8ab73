import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** A PEM key pair with its certificate, as a `kubernetes.io/tls` Secret holds it (`tls.key`, `tls.crt`). */
export interface IssuedCertificate {
  cert: string;
  key: string;
}

/** A test CA: its certificate (a Secret's `ca.crt`) and what it issues. */
export interface TestCa {
  cert: string;
  /** Its private key (PEM), for a CA handed to the operator to issue from. */
  key: string;
  /** A server certificate for these DNS names and IPs, or a client certificate (no names). */
  issue(commonName: string, names?: readonly string[]): Promise<IssuedCertificate>;
}

const validity = (): Date => new Date(Date.now() + 24 * 3600 * 1000);

/** A fresh CA (EC keys: quick to make), as a cluster's administrator would run one. */
export async function createTestCa(commonName = 'kafkaplane-test-ca'): Promise<TestCa> {
  const ca = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: validity(),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return {
    cert: ca.cert,
    key: ca.private,
    issue: async (name, names = []) => {
      const altNames = names.map((n) => (isIP(n) !== 0 ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }));
      const issued = await generate([{ name: 'commonName', value: name }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notAfterDate: validity(),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
          ...(altNames.length > 0 ? [{ name: 'subjectAltName' as const, altNames }] : []),
        ],
      });
      return { cert: issued.cert, key: issued.private };
    },
  };
}

/** A `kubernetes.io/tls` Secret's data (base64), with the CA that clients are checked against. */
export function tlsSecretData(issued: IssuedCertificate, caCert: string): Record<string, string> {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return { 'tls.crt': b64(issued.cert), 'tls.key': b64(issued.key), 'ca.crt': b64(caCert) };
}
