/** Stable codes for what went wrong talking to Cruise Control. */
export type CruiseControlErrorCode =
  | 'CC_NOT_ENOUGH_VALID_WINDOWS'
  | 'CC_MONITOR_NOT_READY'
  | 'CC_TOO_MANY_USER_TASKS'
  | 'CC_ONGOING_EXECUTION'
  | 'CC_UNKNOWN_BROKER'
  | 'CC_INVALID_LOG_DIRS'
  | 'CC_OPTIMIZATION_FAILED'
  | 'CC_MISSING_CAPACITY_CONFIG'
  | 'CC_UNKNOWN_TASK'
  | 'CC_BAD_PARAMETER'
  | 'CC_REVIEW_DISABLED'
  | 'CC_UNAUTHORIZED'
  | 'CC_FORBIDDEN'
  | 'CC_CREDENTIALS'
  | 'CC_TLS'
  | 'CC_UNKNOWN_ENDPOINT'
  | 'CC_SERVER_ERROR'
  | 'CC_BAD_RESPONSE'
  | 'CC_UNAVAILABLE'
  | 'CC_TIMEOUT'
  | 'CC_ABORTED';

export interface CruiseControlErrorDetails {
  readonly code: CruiseControlErrorCode;
  /** The endpoint called, e.g. "remove_broker". */
  readonly endpoint: string;
  /** HTTP status, when an answer came back. */
  readonly status?: number;
  /** The server's errorMessage (or plain-text body), verbatim. */
  readonly errorMessage?: string;
  /** User-Task-ID of the failed request, when the server created a task. */
  readonly taskId?: string;
  /**
   * The request may have reached Cruise Control although no answer came back (a POST whose
   * connection failed or timed out after it was written): a task may have started.
   */
  readonly maybeDelivered?: boolean;
  readonly cause?: unknown;
}

/** A failed Cruise Control call: a stable `code`, a message a user can act on, and what the server said. */
export class CruiseControlError extends Error {
  readonly code: CruiseControlErrorCode;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly errorMessage: string | undefined;
  readonly taskId: string | undefined;
  readonly maybeDelivered: boolean;

  constructor(details: CruiseControlErrorDetails) {
    super(describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CruiseControlError';
    this.code = details.code;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.errorMessage = details.errorMessage;
    this.taskId = details.taskId;
    this.maybeDelivered = details.maybeDelivered ?? false;
  }
}

// Matched against the exception chain the servlet puts in errorMessage (KafkaCruiseControlServletUtils.handleException).
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, CruiseControlErrorCode]> = [
  [/NotEnoughValidWindowsException|valid windows when aggregating|no window available in range/, 'CC_NOT_ENOUGH_VALID_WINDOWS'],
  [/active user tasks, which has reached the servlet capacity/, 'CC_TOO_MANY_USER_TASKS'],
  [/ongoing execution|Cannot generate proposals while the executor is in|ongoing partition reassignments initiated by external agent/, 'CC_ONGOING_EXECUTION'],
  [/Broker \[?[\d, ]+\]? does not exist/, 'CC_UNKNOWN_BROKER'],
  [/Invalid log dirs provided|No log dir remaining|Not enough remaining capacity to move replicas/, 'CC_INVALID_LOG_DIRS'],
  [/load monitor is in \w+ state|Cannot (pause|resume) the load monitor/, 'CC_MONITOR_NOT_READY'],
  [/Unexpected header .* User-Task-ID|Invalid UUID string/, 'CC_UNKNOWN_TASK'],
  [/OptimizationFailureException|Missing hard goals|Insufficient number of racks|All brokers are dead/, 'CC_OPTIMIZATION_FAILED'],
  [/NullPointerException/, 'CC_MISSING_CAPACITY_CONFIG'],
  [/two\.step\.verification\.enabled/, 'CC_REVIEW_DISABLED'],
];

/** The code for an HTTP error answer (Cruise Control's ResponseUtils and KafkaCruiseControlServletUtils: 400 parameters, 403, 404, 500 everything else). */
export function codeForResponse(status: number, errorMessage: string): CruiseControlErrorCode {
  for (const [pattern, code] of BY_MESSAGE) if (pattern.test(errorMessage)) return code;
  if (status === 400) return 'CC_BAD_PARAMETER';
  if (status === 401) return 'CC_UNAUTHORIZED';
  if (status === 403) return 'CC_FORBIDDEN';
  if (status === 404) return 'CC_UNKNOWN_ENDPOINT';
  if (status === 502 || status === 503 || status === 504) return 'CC_UNAVAILABLE';
  return 'CC_SERVER_ERROR';
}

const ADVICE: Record<CruiseControlErrorCode, string> = {
  CC_NOT_ENOUGH_VALID_WINDOWS: 'Cruise Control has not collected enough metric windows yet; wait for its monitor to warm up and retry',
  CC_MONITOR_NOT_READY: 'the Cruise Control load monitor is not in a state that allows this; check MonitorState in /state',
  CC_TOO_MANY_USER_TASKS: 'Cruise Control is at its limit of active user tasks (max.active.user.tasks); retry in a few seconds',
  CC_ONGOING_EXECUTION: 'another execution is in progress; wait for it to finish or stop it first',
  CC_UNKNOWN_BROKER: 'a broker in the request is not part of the Kafka cluster metadata',
  CC_INVALID_LOG_DIRS: 'the log dirs cannot be emptied as asked; check the broker has them and that the remaining disks have room',
  CC_OPTIMIZATION_FAILED: 'Cruise Control could not find a placement that satisfies its goals',
  CC_MISSING_CAPACITY_CONFIG: 'Cruise Control has no capacity configuration for a broker; check its capacity config',
  CC_UNKNOWN_TASK: 'the user task is unknown to Cruise Control (expired, or a different request)',
  CC_BAD_PARAMETER: 'Cruise Control rejected a request parameter',
  CC_REVIEW_DISABLED: 'two-step verification is not enabled on this Cruise Control',
  CC_UNAUTHORIZED:
    'Cruise Control rejected the credentials (none, or a user and password its credentials file does not hold); check the configured user/password or token',
  CC_FORBIDDEN: 'Cruise Control refused the request for these credentials; the user needs a role that may call this endpoint (ADMIN for every POST)',
  CC_CREDENTIALS: 'the credentials for Cruise Control cannot be read, so nothing was sent',
  CC_TLS: "Cruise Control's HTTPS cannot be trusted (its CA cannot be read, or its certificate does not verify), so nothing was sent",
  CC_UNKNOWN_ENDPOINT: 'Cruise Control does not serve this endpoint with this method; check the URL prefix and version',
  CC_SERVER_ERROR: 'Cruise Control failed to process the request',
  CC_BAD_RESPONSE: 'Cruise Control answered with a body this client does not understand',
  CC_UNAVAILABLE: 'Cruise Control cannot be reached',
  CC_TIMEOUT: 'Cruise Control did not answer in time',
  CC_ABORTED: 'the request was cancelled',
};

function describe(d: CruiseControlErrorDetails): string {
  const said = d.errorMessage ? `: ${d.errorMessage}` : '';
  const task = d.taskId ? ` (user task ${d.taskId})` : '';
  return `Cruise Control ${d.endpoint}${task}: ${ADVICE[d.code]}${said}`;
}
