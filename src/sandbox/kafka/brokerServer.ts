import { createServer, type Socket } from 'node:net';
import type { BrokerBackend } from './brokerBackend.js';
import { answer } from './protocol/exchange.js';
import { frame, FrameReader } from './protocol/frames.js';

export interface BrokerServerOptions {
  /** Interface to listen on, "127.0.0.1" in tests. */
  readonly host: string;
  /** 0 picks a free port; the bound port is in the result. */
  readonly port: number;
  readonly brokerId: number;
  readonly backend: BrokerBackend;
  /** Called once per request answered; handy for logs and assertions on what clients sent. */
  readonly onRequest?: (request: { apiKey: number; apiVersion: number; clientId: string | null }) => void;
}

export interface BrokerServer {
  readonly port: number;
  /** Stops listening and drops open connections, as a broker that goes down does. */
  close(): Promise<void>;
}

/**
 * One simulated broker's listener: a TCP server that speaks the Kafka protocol for the APIs in
 * protocol/apis/, answering from the cluster held by `backend`. Requests on a connection are
 * answered in order, as Kafka guarantees. What Kafka answers by closing the connection (an
 * unknown API, an unsupported version, a malformed frame) closes it here too.
 */
export async function startBrokerServer(options: BrokerServerOptions): Promise<BrokerServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const frames = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const payload of frames.push(chunk)) {
          const exchange = answer(payload, options.brokerId, options.backend);
          options.onRequest?.({ apiKey: exchange.apiKey, apiVersion: exchange.apiVersion, clientId: exchange.clientId });
          socket.write(frame(exchange.response));
        }
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('broker server has no TCP address');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
