import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

/** An HTTP server answering Prometheus' scrapes on 127.0.0.1. */
export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the text exposition format (0.0.4) at `/metrics` (and `/`), rendered at each scrape,
 * as client_golang's promhttp (the kubelet) and client_java's HTTPServer (the JMX exporter agent)
 * answer a Prometheus that does not ask for protobuf.
 */
export async function startMetricsServer(render: () => string): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' || (path !== '/metrics' && path !== '/')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(render());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
