import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';

describe('the logger', () => {
  it('never writes a bearer token, a token or a password, wherever a logged object carries one', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ logLevel: 'info', logFormat: 'json' }, stream);
    logger.info({ req: { headers: { authorization: 'Bearer secret-1' } }, token: 'secret-2', client: { password: 'secret-3' } }, 'a request');
    logger.info({ authorization: 'Bearer secret-4', connectionParams: { authorization: 'Bearer secret-5' } }, 'a socket');
    const text = lines.join('');
    expect(text).not.toMatch(/secret-\d/);
    expect(text).toContain('[redacted]');
    expect(text).toContain('a request');
  });
});
