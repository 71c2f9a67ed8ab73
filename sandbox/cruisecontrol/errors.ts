/**
 * A failed request, with the status and message Cruise Control answers with. The body is
 * `{version, stackTrace, errorMessage}` with json=true, else the message as plain text
 * (ResponseUtils.ErrorResponse).
 */
export class CruiseControlError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 500,
    message: string,
    /** The Java exception the real server would print first in stackTrace. */
    readonly exceptionClass = status === 400 ? 'com.linkedin.kafka.cruisecontrol.servlet.UserRequestException' : 'java.lang.IllegalArgumentException',
  ) {
    super(message);
    this.name = 'CruiseControlError';
  }
}

/** A parameter the endpoint rejects while parsing: 400 with the raw message (AbstractParameters.parseParameters). */
export function badParameter(message: string): CruiseControlError {
  return new CruiseControlError(400, message);
}

/** An operation that failed: the servlet wraps it as `Error processing <METHOD> request '<path>' due to: '<cause>'.` */
export function operationFailed(method: string, endpoint: string, cause: string): CruiseControlError {
  return new CruiseControlError(
    500,
    `Error processing ${method} request '/${endpoint}' due to: '${cause}'.`,
    'com.linkedin.kafka.cruisecontrol.exception.KafkaCruiseControlException',
  );
}

/** An error raised inside an async operation, before the servlet wraps it. */
export class OperationError extends Error {
  constructor(cause: string) {
    super(cause);
    this.name = 'OperationError';
  }
}
