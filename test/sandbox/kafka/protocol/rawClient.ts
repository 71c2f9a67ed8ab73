import { connect, type Socket } from 'node:net';
import { decode, encode, loadDefinition, versionIn, type Json } from './kafkaDefinitions.js';

const requestHeader = loadDefinition('RequestHeader');
const responseHeader = loadDefinition('ResponseHeader');

/** A bare Kafka connection that frames requests and responses by the published definitions. */
export class RawKafkaConnection {
  #buffer = Buffer.alloc(0);
  #waiting: Array<{ resolve: (frame: Buffer) => void; reject: (error: Error) => void }> = [];
  #correlationId = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.length >= 4 && this.#buffer.length >= 4 + this.#buffer.readInt32BE(0)) {
        const size = this.#buffer.readInt32BE(0);
        const frame = this.#buffer.subarray(4, 4 + size);
        this.#buffer = this.#buffer.subarray(4 + size);
        this.#waiting.shift()?.resolve(frame);
      }
    });
    socket.on('close', () => {
      for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('connection closed by the broker'));
    });
  }

  static open(port: number): Promise<RawKafkaConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawKafkaConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one request and returns the raw response frame and the decoded response header. */
  async send(
    apiName: string,
    version: number,
    body: Record<string, Json>,
    options: { headerVersion?: number } = {},
  ): Promise<{ correlationId: number; body: Buffer }> {
    if (this.socket.destroyed) throw new Error('connection closed by the broker');
    const request = loadDefinition(`${apiName}Request`);
    const response = loadDefinition(`${apiName}Response`);
    const correlationId = (this.#correlationId += 1);
    const requestHeaderVersion = options.headerVersion ?? (versionIn(request.flexibleVersions, version) ? 2 : 1);
    const header = encode(requestHeader, requestHeaderVersion, {
      RequestApiKey: request.apiKey ?? -1,
      RequestApiVersion: version,
      CorrelationId: correlationId,
      ClientId: 'definitions-test',
    });
    const payload = Buffer.concat([header, encode(request, version, body)]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length, 0);
    const frame = new Promise<Buffer>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.socket.write(Buffer.concat([size, payload]));
    const bytes = await frame;
    // ApiVersions responses always carry header v0 (KIP-511), whatever the version.
    const flexibleHeader = apiName !== 'ApiVersions' && versionIn(response.flexibleVersions, version);
    const headerVersion = flexibleHeader ? 1 : 0;
    const headerBytes = flexibleHeader ? 5 : 4;
    const decodedHeader = decode(responseHeader, headerVersion, bytes.subarray(0, headerBytes));
    if (decodedHeader.left !== 0) throw new Error('response header has unexpected tagged fields');
    return { correlationId: Number(decodedHeader.value.CorrelationId), body: bytes.subarray(headerBytes) };
  }

  /** Resolves when the broker closes the connection. */
  closed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) resolve();
      else this.socket.once('close', () => resolve());
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
