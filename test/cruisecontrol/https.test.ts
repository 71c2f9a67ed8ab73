import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CruiseControlClient, CruiseControlError } from '../../src/cruisecontrol/index.js';
import { serverCertificate } from '../support/cruiseControlTls.js';

/** A Cruise Control over HTTPS with the given certificate, counting the requests that reached it. */
async function start(tls: { key: string; cert: string } | undefined): Promise<{ port: number; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push(req.url ?? '');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ userTasks: [], version: 1 }));
  };
  const server = tls === undefined ? createHttpServer(handle) : createHttpsServer(tls, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, requests, server };
}

async function failure(promise: Promise<unknown>): Promise<CruiseControlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CruiseControlError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Cruise Control client over HTTPS, trusting one CA', () => {
  let certs: Awaited<ReturnType<typeof serverCertificate>>;
  let other: Awaited<ReturnType<typeof serverCertificate>>;
  let running: Server | undefined;
  beforeAll(async () => {
    certs = await serverCertificate(['localhost']);
    other = await serverCertificate(['cruise-control.example']);
  });
  afterEach(async () => {
    await new Promise((resolve) => (running ? running.close(resolve) : resolve(undefined)));
    running = undefined;
  });

  it('verifies the certificate against the CA and the host name, and sends nothing when either fails', async () => {
    const cc = await start(certs.server);
    running = cc.server;
    let ca = certs.ca.cert;
    const client = new CruiseControlClient({ url: `https://localhost:${cc.port}/kafkacruisecontrol`, retries: 0, trustedCa: () => Promise.resolve(ca) });
    expect(await client.userTasks()).toEqual([]);
    expect(cc.requests).toHaveLength(1);

    // Another CA: the handshake fails, the request is never written.
    ca = other.ca.cert;
    const untrusted = await failure(client.userTasks());
    expect([untrusted.code, untrusted.maybeDelivered]).toEqual(['CC_TLS', false]);
    expect(untrusted.errorMessage).toMatch(/^Cruise Control's certificate was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE: /);

    // The right CA, but a certificate that names another host.
    const misnamed = await start(other.server);
    try {
      ca = other.ca.cert;
      const elsewhere = new CruiseControlClient({
        url: `https://localhost:${misnamed.port}/kafkacruisecontrol`,
        retries: 0,
        trustedCa: () => Promise.resolve(ca),
      });
      const wrongHost = await failure(elsewhere.userTasks());
      expect(wrongHost.code).toBe('CC_TLS');
      expect(wrongHost.errorMessage).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(misnamed.requests).toHaveLength(0);
    } finally {
      misnamed.server.close();
    }

    // A CA that cannot be read: CC_TLS with its reason, nothing sent.
    const unreadable = new CruiseControlClient({
      url: `https://localhost:${cc.port}/kafkacruisecontrol`,
      retries: 0,
      trustedCa: () => Promise.reject(new Error('the Secret "cc-tls" has no "ca.crt" key')),
    });
    const noCa = await failure(unreadable.userTasks());
    expect([noCa.code, noCa.errorMessage]).toEqual(['CC_TLS', 'the Secret "cc-tls" has no "ca.crt" key']);
    expect(cc.requests).toHaveLength(1);
  });

  it('never sends over plain HTTP when it is to trust a CA, and tells a server that does not speak TLS', async () => {
    const plain = await start(undefined);
    running = plain.server;
    const ca = certs.ca.cert;
    const overHttp = new CruiseControlClient({ url: `http://localhost:${plain.port}/kafkacruisecontrol`, retries: 0, trustedCa: () => Promise.resolve(ca) });
    const refused = await failure(overHttp.userTasks());
    expect(refused.code).toBe('CC_TLS');
    expect(refused.errorMessage).toContain('is not an https address; nothing is sent over plain HTTP');
    const notTls = new CruiseControlClient({ url: `https://localhost:${plain.port}/kafkacruisecontrol`, retries: 0, trustedCa: () => Promise.resolve(ca) });
    const wrongProtocol = await failure(notTls.userTasks());
    expect(wrongProtocol.code).toBe('CC_TLS');
    expect(wrongProtocol.errorMessage).toMatch(/^Cruise Control did not answer over TLS \(ERR_SSL_/);
    expect(plain.requests).toHaveLength(0);
  });
});
