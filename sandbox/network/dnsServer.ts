import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import * as packet from 'dns-packet';

/** The A records of a name: addresses, or undefined when the name does not exist (NXDOMAIN). */
export type NameAnswers = (name: string) => string[] | undefined;

const NXDOMAIN = 3;
const REFUSED = 5;
/** CoreDNS's kubernetes plugin answers with a TTL of 5 seconds (plugin/kubernetes README, `ttl`). */
const TTL_SECONDS = 5;

/**
 * A DNS server over UDP on 127.0.0.1 for the cluster's domain, as CoreDNS is for a cluster: A
 * queries for names it knows get their addresses, other types for them an empty answer, unknown
 * names under the domain NXDOMAIN, and names outside it REFUSED (it forwards nothing).
 */
export class ClusterDnsServer {
  private readonly socket: Socket = createSocket('udp4');

  constructor(
    readonly domain: string,
    private readonly answers: NameAnswers,
  ) {
    this.socket.on('message', (message, remote) => this.answer(message, remote));
    this.socket.on('error', () => undefined);
  }

  /** Starts listening; resolves to `127.0.0.1:<port>`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(message: Buffer, remote: RemoteInfo): void {
    let query: packet.Packet;
    try {
      query = packet.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const inDomain = name.endsWith(`.${this.domain}`);
    const addresses = inDomain ? this.answers(name) : undefined;
    const rcode = !inDomain ? REFUSED : addresses === undefined ? NXDOMAIN : 0;
    const answers: packet.Answer[] =
      question.type === 'A' ? (addresses ?? []).map((data) => ({ type: 'A', name: question.name, class: 'IN', ttl: TTL_SECONDS, data })) : [];
    const response = packet.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: packet.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & packet.RECURSION_DESIRED) | rcode,
      questions: [question],
      answers,
    });
    this.socket.send(response, remote.port, remote.address);
  }
}
