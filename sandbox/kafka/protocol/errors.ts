/**
 * The Kafka error codes the simulated brokers answer with (org.apache.kafka.common.protocol.Errors;
 * the table is in kafka.apache.org/protocol#protocol_error_codes).
 */
export const ErrorCode = {
  NONE: 0,
  UNKNOWN_SERVER_ERROR: -1,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  REQUEST_TIMED_OUT: 7,
  KAFKA_STORAGE_ERROR: 56,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_CONFIG: 40,
  INVALID_REQUEST: 42,
  UNKNOWN_TOPIC_ID: 100,
  BROKER_ID_NOT_REGISTERED: 102,
  INCONSISTENT_CLUSTER_ID: 104,
  DUPLICATE_VOTER: 126,
  VOTER_NOT_FOUND: 127,
} as const;

/** A failure answered in a response's error code and message, as Kafka's ApiError carries it. */
export class KafkaApiError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** InvalidRequestException -> INVALID_REQUEST, with the exception's message. */
export function invalidRequest(message: string): KafkaApiError {
  return new KafkaApiError(ErrorCode.INVALID_REQUEST, message);
}

/** InvalidConfigurationException -> INVALID_CONFIG, with the exception's message. */
export function invalidConfig(message: string): KafkaApiError {
  return new KafkaApiError(ErrorCode.INVALID_CONFIG, message);
}
