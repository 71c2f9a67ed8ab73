import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, Server as TlsServer, type TlsOptions, type TLSSocket } from 'node:tls';
import type { BrokerBackend } from './brokerBackend.js';
import { answer, type InjectedError } from './protocol/exchange.js';
import { frame, FrameReader } from './protocol/frames.js';
import { SaslSession, type SaslListenerConfig } from './protocol/saslSession.js';

export interface BrokerServerOptions {
  /** Interface to listen on, "127.0.0.1" in tests. */
  readonly host: string;
  /** 0 picks a free port; the bound port is in the result. */
  readonly port: number;
  readonly brokerId: number;
  readonly backend: BrokerBackend;
  /**
   * PEM key and certificate: the listener speaks SSL (an SSL listener of Kafka) instead of
   * PLAINTEXT; with `clientAuth` (ssl.client.auth) it asks clients for a certificate that `ca` signed.
   */
  readonly tls?: { readonly key: string; readonly cert: string; readonly ca?: string; readonly clientAuth?: 'required' | 'requested' | 'none' };
  /** The listener's SASL mechanisms and users: it is SASL_PLAINTEXT, or SASL_SSL with `tls`. */
  readonly sasl?: SaslListenerConfig;
  /** Called once per request answered; handy for logs and assertions on what clients sent. */
  readonly onRequest?: (request: { apiKey: number; apiVersion: number; clientId: string | null }) => void;
  /** Called when a request makes the server close the connection (malformed, unknown API or version). */
  readonly onError?: (error: Error) => void;
}

/**
 * A fault for the next `times` requests of one API: answer with a Kafka error code (through the
 * API's error response, e.g. NOT_CONTROLLER = 41, which clients retry) or drop the connection.
 */
export type BrokerFault = { readonly apiKey: number; readonly times: number } & (
  { readonly errorCode: number; readonly message?: string } | { readonly disconnect: true }
);

export interface BrokerServer {
  readonly port: number;
  /** How many connections the listener accepted so far: shows whether clients reuse theirs. */
  readonly acceptedConnections: number;
  /** Adds a fault; faults of one API apply in the order they were added. */
  injectFault(fault: BrokerFault): void;
  /** Drops every fault not used up yet. */
  clearFaults(): void;
  /** An SSL listener's new key and certificate: served to new connections, open ones keep theirs (SslFactory.reconfigure). */
  reloadTls(tls: NonNullable<BrokerServerOptions['tls']>): void;
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
  const faults: Array<{ fault: BrokerFault; left: number }> = [];
  /** Takes the next pending fault for an API, if any. */
  const nextFault = (apiKey: number): BrokerFault | undefined => {
    const pending = faults.find((f) => f.fault.apiKey === apiKey && f.left > 0);
    if (!pending) return undefined;
    pending.left -= 1;
    return pending.fault;
  };
  let accepted = 0;
  const onConnection = (socket: Socket): void => {
    // Under `requested`, a certificate that was sent must verify (Java's trust manager throws).
    if (options.tls?.clientAuth === 'requested') {
      const secure = socket as TLSSocket;
      if (!secure.authorized && secure.getPeerCertificate().raw !== undefined) {
        socket.destroy();
        return;
      }
    }
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const frames = new FrameReader();
    const sasl = options.sasl ? new SaslSession(options.sasl) : undefined;
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const payload of frames.push(chunk)) {
          const fault = payload.length >= 2 ? nextFault(payload.readInt16BE(0)) : undefined;
          if (fault && 'disconnect' in fault) {
            socket.destroy();
            return;
          }
          const injected: InjectedError | undefined = fault ? { errorCode: fault.errorCode, message: fault.message ?? null } : undefined;
          const exchange = answer(payload, options.brokerId, options.backend, injected, sasl);
          options.onRequest?.({ apiKey: exchange.apiKey, apiVersion: exchange.apiVersion, clientId: exchange.clientId });
          if (exchange.closeAfter) {
            socket.end(frame(exchange.response));
            return;
          }
          socket.write(frame(exchange.response));
        }
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        socket.destroy();
      }
    });
  };
  const server: Server = options.tls ? createTlsServer(tlsOptions(options.tls), onConnection) : createServer(onConnection);
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
    get acceptedConnections() {
      return accepted;
    },
    injectFault: (fault) => {
      faults.push({ fault, left: fault.times });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    reloadTls: (tls) => {
      if (server instanceof TlsServer) server.setSecureContext(tlsOptions(tls));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Kafka's ssl.client.auth as a TLS server's settings (apache/kafka DefaultSslEngineFactory:
 * `required` is SSLEngine.setNeedClientAuth, `requested` setWantClientAuth). Under `requested` a
 * client may send no certificate, but one its trust manager rejects still fails the handshake.
 */
function tlsOptions(tls: NonNullable<BrokerServerOptions['tls']>): TlsOptions {
  const auth = tls.clientAuth ?? 'none';
  return {
    key: tls.key,
    cert: tls.cert,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    requestCert: auth !== 'none',
    rejectUnauthorized: auth === 'required',
  };
}

/**
 * The listeners of a whole simulated cluster: one broker server per running broker. `sync`
 * starts the servers of brokers that came up and closes those of brokers that went down (a
 * Pod created or deleted), reporting each bound port so the cluster model can register it.
 */
export class BrokerListeners {
  readonly #servers = new Map<number, BrokerServer>();

  constructor(
    private readonly options: Omit<BrokerServerOptions, 'brokerId' | 'port'> & {
      /** Called with the port a broker listens on, or null once it stopped listening. */
      readonly onPort?: (brokerId: number, port: number | null) => void;
    },
  ) {}

  server(brokerId: number): BrokerServer | undefined {
    return this.#servers.get(brokerId);
  }

  async sync(runningBrokerIds: Iterable<number>): Promise<void> {
    const wanted = new Set(runningBrokerIds);
    for (const [id, server] of this.#servers) {
      if (wanted.has(id)) continue;
      this.#servers.delete(id);
      await server.close();
      this.options.onPort?.(id, null);
    }
    for (const id of wanted) {
      if (this.#servers.has(id)) continue;
      const server = await startBrokerServer({ ...this.options, brokerId: id, port: 0 });
      this.#servers.set(id, server);
      this.options.onPort?.(id, server.port);
    }
  }

  close(): Promise<void> {
    return this.sync([]);
  }
}
