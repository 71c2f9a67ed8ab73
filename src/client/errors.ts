/** Why a call to a kafkaplane server did not give an answer. */
export type ClientErrorCode =
  /** The server could not be reached (refused, DNS, TLS, a socket closed before answering). */
  | 'UNREACHABLE'
  /** The server refused the token (HTTP 401 or 403). */
  | 'UNAUTHORIZED'
  /** No answer within the request timeout. */
  | 'TIMEOUT'
  /** The server answered with GraphQL errors (see `graphqlCodes`). */
  | 'GRAPHQL'
  /** The cluster, broker or operation named does not exist. */
  | 'NOT_FOUND'
  /** A cluster reference that is not `namespace/name`. */
  | 'BAD_REFERENCE';

/** A failure of a client call, with a stable `code` a script can branch on. */
export class KafkaplaneClientError extends Error {
  override readonly name = 'KafkaplaneClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** The `extensions.code` of each GraphQL error, for code GRAPHQL. */
    readonly graphqlCodes: readonly string[] = [],
  ) {
    super(message);
  }
}
