import { KafkaplaneClientError } from '../client/errors.js';

/** What `kafkaplane` exits with; scripts rely on these (docs/client.md). */
export const ExitCode = {
  DONE: 0,
  /** The operation failed (or was paused: nothing more happens until someone retries it). */
  FAILED: 1,
  USAGE: 2,
  /** The server refused the change (userErrors) or the object named does not exist. */
  REFUSED: 3,
  /** The server cannot be reached, or refused the token. */
  UNREACHABLE: 4,
  TIMED_OUT: 5,
  /** Ctrl-C while following: the following stopped, the operation goes on. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Ends the command with an exit code and a message for stderr. */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** The exit code of a client failure. */
export function exitCodeOf(error: KafkaplaneClientError): ExitCode {
  switch (error.code) {
    case 'UNREACHABLE':
    case 'UNAUTHORIZED':
    case 'TIMEOUT':
      return ExitCode.UNREACHABLE;
    case 'NOT_FOUND':
      return ExitCode.REFUSED;
    case 'BAD_REFERENCE':
      return ExitCode.USAGE;
    case 'GRAPHQL':
      // A bad argument is the caller's to fix; a server that cannot answer (not synced, no Kubernetes) failed.
      if (error.graphqlCodes.includes('BAD_USER_INPUT')) return ExitCode.USAGE;
      if (error.graphqlCodes.includes('NOT_FOUND')) return ExitCode.REFUSED;
      return ExitCode.FAILED;
  }
}
