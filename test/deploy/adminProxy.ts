import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain-HTTP proxy to the sandbox's API server that adds the admin's bearer token, as
 * `kubectl proxy` does in front of a real one: kubectl sends no token over plain HTTP, and the
 * sandbox here serves plain HTTP. Returns the kubeconfig text kubectl uses to reach it.
 */
export async function startAdminProxy(apiServerUrl: string, token: string): Promise<{ kubeconfig: string; close(): Promise<void> }> {
  const target = new URL(apiServerUrl);
  const server: Server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host, authorization: `Bearer ${token}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{ name: sandbox, cluster: { server: "http://127.0.0.1:' + String(port) + '" } }]',
    'users: [{ name: admin, user: {} }]',
    'contexts: [{ name: sandbox, context: { cluster: sandbox, user: admin } }]',
    'current-context: sandbox',
    '',
  ].join('\n');
  return { kubeconfig, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
