/**
 * The subscribers of bench/subscriptions.ts, in a process of their own (so the server's process
 * holds only its side of the sockets, and its memory is its own): `ws` clients speaking
 * graphql-ws's protocol (graphql-transport-ws) by hand, the least a client can do, the same for
 * every figure. Driven over the IPC channel of `fork`.
 */
import WebSocket from 'ws';

/** What the parent asks. */
export type ClientCommand =
  { type: 'subscribe'; url: string; count: number; query: string; variables: Record<string, unknown> } | { type: 'expect'; count: number } | { type: 'close' };

/** What this process answers. */
export type ClientReport =
  { type: 'subscribed'; sockets: number } | { type: 'ready' } | { type: 'delivered'; lastAt: string; messages: string[] } | { type: 'closed' };

const send = (report: ClientReport): void => {
  process.send?.(report);
};

let sockets: WebSocket[] = [];
/** The round being received: how many messages it waits for, how many came, and each distinct message. */
let round: { expected: number; received: number; distinct: Map<string, number> } | undefined;

/** A text frame, as `ws` hands it over (one Buffer: the server sends no fragments). */
const textOf = (data: WebSocket.RawData): string => (data as Buffer).toString();

function received(data: WebSocket.RawData): void {
  const current = round;
  if (current === undefined) return;
  const text = textOf(data);
  current.distinct.set(text, (current.distinct.get(text) ?? 0) + 1);
  current.received += 1;
  if (current.received === current.expected) {
    // process.hrtime is the system's monotonic clock: the parent's readings compare with it.
    const lastAt = process.hrtime.bigint().toString();
    round = undefined;
    send({ type: 'delivered', lastAt, messages: [...current.distinct.keys()] });
  }
}

/** Opens one socket, initialises the connection and subscribes with id "1" (every socket alike). */
function subscribe(url: string, query: string, variables: Record<string, unknown>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    ws.once('message', (data) => {
      const message = JSON.parse(textOf(data)) as { type: string };
      if (message.type !== 'connection_ack') return reject(new Error(`expected connection_ack, got ${textOf(data)}`));
      ws.on('message', received);
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
      resolve(ws);
    });
  });
}

process.on('message', (command: ClientCommand) => {
  void (async () => {
    if (command.type === 'subscribe') {
      // In batches: the listen backlog is finite.
      for (let i = 0; i < command.count; i += 100) {
        const batch = Math.min(100, command.count - i);
        sockets.push(...(await Promise.all(Array.from({ length: batch }, () => subscribe(command.url, command.query, command.variables)))));
      }
      send({ type: 'subscribed', sockets: sockets.length });
    } else if (command.type === 'expect') {
      round = { expected: command.count, received: 0, distinct: new Map() };
      send({ type: 'ready' });
    } else {
      await Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.once('close', resolve), ws.close()))));
      sockets = [];
      send({ type: 'closed' });
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
