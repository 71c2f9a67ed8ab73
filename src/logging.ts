import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

/** Credentials never reach a log line, wherever an object logged carries them (pino's fast-redact paths). */
const REDACTED = [
  'authorization',
  'token',
  'password',
  '*.authorization',
  '*.token',
  '*.password',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'headers.authorization',
  '*.connectionParams.authorization',
];

/** JSON lines for machines; coloured lines when a person watches a terminal. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, stream: NodeJS.WritableStream = process.stdout): Logger {
  const isTerminal = 'isTTY' in stream && stream.isTTY === true;
  const human = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTerminal);
  const options = { level: config.logLevel, base: { service: 'kafkaplane' }, redact: { paths: REDACTED, censor: '[redacted]' } };
  if (human) {
    return pino(options, pretty({ destination: stream, colorize: isTerminal, sync: true }));
  }
  return pino(options, stream);
}
