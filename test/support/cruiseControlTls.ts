import { spawnSync } from 'node:child_process';
import { issueServerCertificate, newCa, type KeyAndCertificate } from '../../src/operator/pki/x509.js';

/** Whether `openssl` is on the PATH: the keystores are made with it, as a user makes them. */
export const opensslPresent = spawnSync('openssl', ['version']).status === 0;

const DAY_MS = 24 * 3600 * 1000;

/** A CA and a server certificate it signs for `names`, ECDSA P-256. */
export async function serverCertificate(names: readonly string[]): Promise<{ ca: KeyAndCertificate; server: KeyAndCertificate }> {
  const now = new Date(Date.now() - 60_000);
  const ca = await newCa('cruise-control-test-ca', now, 30 * DAY_MS);
  const server = await issueServerCertificate(ca, names[0] ?? 'cruise-control', names, now, 30 * DAY_MS);
  return { ca, server };
}

/**
 * The PKCS#12 keystore of a key and its certificate, as the docs tell users to make it:
 * `openssl pkcs12 -export` (key and certificate on stdin, the keystore on stdout).
 */
export function pkcs12Keystore(server: KeyAndCertificate, password: string): Buffer {
  const result = spawnSync('openssl', ['pkcs12', '-export', '-passout', 'env:KEYSTORE_PASSWORD'], {
    input: `${server.key}\n${server.cert}`,
    env: { ...process.env, KEYSTORE_PASSWORD: password },
  });
  if (result.status !== 0) throw new Error(`openssl pkcs12 -export failed: ${result.stderr.toString()}`);
  return result.stdout;
}
