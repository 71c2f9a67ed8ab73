import { describe, expect, it } from 'vitest';
import { PodFiles } from '../../../sandbox/kube/podFiles.js';

describe('Secret volumes in the sandbox', () => {
  const spec = { volumes: [{ name: 'certs', secret: { secretName: 'server-certificate' } }] };
  const container = {
    name: 'kafka',
    volumeMounts: [
      { name: 'certs', mountPath: '/var/run/secrets/certs' },
      { name: 'certs', mountPath: '/etc/kafka/tls.crt', subPath: 'tls.crt' },
    ],
  };

  it('show a changed Secret only once the kubelet synced the Pod again, and never through a subPath mount', () => {
    let secret: Record<string, Buffer> = { 'tls.crt': Buffer.from('first') };
    let now = 0;
    const files = new PodFiles(
      () => secret,
      60_000,
      () => now,
    ).view('uid', spec, container, 'kafka');
    expect(files.file('/var/run/secrets/certs/tls.crt')?.text).toBe('first');
    expect(files.file('/etc/kafka/tls.crt')?.text).toBe('first');
    secret = { 'tls.crt': Buffer.from('renewed') };
    now = 59_999;
    expect(files.file('/var/run/secrets/certs/tls.crt')?.text).toBe('first');
    now = 60_000;
    expect(files.file('/var/run/secrets/certs/tls.crt')?.text).toBe('renewed');
    expect(files.file('/etc/kafka/tls.crt')?.text).toBe('first');
  });
});
