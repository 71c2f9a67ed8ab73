import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A CA made at start and the serving certificate it signed (PEM). */
export interface SandboxTls {
  caCert: string;
  cert: string;
  key: string;
}

/** Where a Pod finds its service-account credentials (client-node SERVICEACCOUNT_ROOT). */
export const SERVICE_ACCOUNT_ROOT = 'var/run/secrets/kubernetes.io/serviceaccount';

/**
 * A fresh CA and a serving certificate for `host` (and localhost/127.0.0.1), as a cluster's
 * bootstrap makes its own CA. EC keys: RSA generation would cost seconds per sandbox.
 */
export async function generateSandboxTls(host: string): Promise<SandboxTls> {
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'kafkaplane-sandbox-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const names = new Set(['localhost', '127.0.0.1', host]);
  const altNames = [...names].map((name) => (isIP(name) !== 0 ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const server = await generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { caCert: ca.cert, cert: server.cert, key: server.private };
}

/**
 * Writes `ca.crt`, `token` and `namespace` under `<pathPrefix>/var/run/secrets/kubernetes.io/serviceaccount`,
 * the files the kubelet mounts into a Pod, so `KubeConfig.loadFromCluster(pathPrefix)` finds them.
 */
export async function writeServiceAccountDir(pathPrefix: string, files: { caCert: string; token: string; namespace: string }): Promise<string> {
  const dir = join(pathPrefix, SERVICE_ACCOUNT_ROOT);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'ca.crt'), files.caCert);
  await writeFile(join(dir, 'token'), files.token, { mode: 0o600 });
  await writeFile(join(dir, 'namespace'), files.namespace);
  return dir;
}
