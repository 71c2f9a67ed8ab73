import { GenericError, MultipleErrors } from '@platformatic/kafka';

/**
 * Stable codes of KafkaAdminError:
 * - KAFKA_UNREACHABLE: no broker of the cluster could be reached (connection refused, reset, TLS
 *   or SASL handshake failed) after the retries;
 * - KAFKA_TIMEOUT: the operation did not finish within its deadline;
 * - KAFKA_AUTHENTICATION_FAILED: the brokers refused the SASL credentials (or TLS client identity);
 * - KAFKA_ERROR_RESPONSE: a broker answered with a Kafka error code (see `kafkaError`);
 * - KAFKA_BROKER_NOT_FOUND: the broker asked for is not in the cluster's metadata;
 * - KAFKA_CONFIG_NOT_CONFIRMED: a config change was accepted but reading it back shows otherwise;
 * - KAFKA_API_UNSUPPORTED: the brokers do not serve the API at a version this client speaks
 *   (AddRaftVoter and RemoveRaftVoter need Kafka 3.9+);
 * - KAFKA_CLIENT_CLOSED: the client was closed;
 * - KAFKA_UNEXPECTED: anything else (a malformed response, a bug).
 */
export type KafkaAdminErrorCode =
  | 'KAFKA_UNREACHABLE'
  | 'KAFKA_TIMEOUT'
  | 'KAFKA_AUTHENTICATION_FAILED'
  | 'KAFKA_ERROR_RESPONSE'
  | 'KAFKA_BROKER_NOT_FOUND'
  | 'KAFKA_CONFIG_NOT_CONFIRMED'
  | 'KAFKA_API_UNSUPPORTED'
  | 'KAFKA_CLIENT_CLOSED'
  | 'KAFKA_UNEXPECTED';

/** An error code and message a broker answered with (org.apache.kafka.common.protocol.Errors). */
export interface KafkaErrorDetail {
  /** e.g. 42 */
  readonly code: number;
  /** e.g. "INVALID_REQUEST" */
  readonly name: string;
  /** The broker's own message, e.g. "Cannot update these configs dynamically: Set(log.dirs)". */
  readonly serverMessage: string | null;
  /** Whether Kafka classifies the error as retriable (a RetriableException). */
  readonly retriable: boolean;
}

export class KafkaAdminError extends Error {
  override readonly name = 'KafkaAdminError';

  constructor(
    readonly code: KafkaAdminErrorCode,
    /** What was being done, e.g. "alterBrokerConfigs(broker 2)". */
    readonly operation: string,
    /** Which cluster, as the caller named it ("namespace/name"). */
    readonly cluster: string,
    message: string,
    readonly kafkaError?: KafkaErrorDetail,
    options?: { cause?: unknown },
  ) {
    super(`${cluster}: ${operation}: ${message}`, options);
  }
}

/** The first Kafka protocol error inside what the client library threw, if any. */
export function kafkaErrorOf(error: unknown): KafkaErrorDetail | undefined {
  for (const candidate of flatten(error)) {
    if (candidate instanceof GenericError && candidate.code === 'PLT_KFK_PROTOCOL') {
      const code: unknown = candidate.apiCode;
      const name: unknown = candidate.apiId;
      const serverMessage: unknown = candidate.serverErrorMessage;
      const retriable: unknown = candidate.canRetry;
      if (typeof code === 'number') {
        return {
          code,
          name: typeof name === 'string' ? name : String(code),
          serverMessage: typeof serverMessage === 'string' ? serverMessage : null,
          retriable: retriable === true,
        };
      }
    }
  }
  return undefined;
}

/** Connection-level failures: refused, reset, closed, timed out while connecting or waiting. */
export function isNetworkError(error: unknown): boolean {
  return flatten(error).some((e) => e instanceof GenericError && (e.code === 'PLT_KFK_NETWORK' || e.code === 'PLT_KFK_TIMEOUT'));
}

/** SASL_AUTHENTICATION_FAILED, or the library's own authentication failures. */
export function isAuthenticationError(error: unknown): boolean {
  return (
    kafkaErrorOf(error)?.name === 'SASL_AUTHENTICATION_FAILED' || flatten(error).some((e) => e instanceof GenericError && e.code === 'PLT_KFK_AUTHENTICATION')
  );
}

export function isClosedClientError(error: unknown): boolean {
  return flatten(error).some((e) => e instanceof GenericError && e.closed === true);
}

function flatten(error: unknown): Error[] {
  if (!(error instanceof Error)) return [];
  const nested = error instanceof MultipleErrors || error instanceof AggregateError ? error.errors.flatMap((e: unknown) => flatten(e)) : [];
  const cause = error.cause === undefined ? [] : flatten(error.cause);
  return [error, ...nested, ...cause];
}
