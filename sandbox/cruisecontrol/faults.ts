import type { EndpointName } from './endpoints.js';
import type { Executor } from './executor.js';
import type { LoadMonitor } from './monitor.js';

export interface EndpointFault {
  readonly endpoint: EndpointName;
  /** Default 500. */
  readonly status?: 400 | 403 | 404 | 500 | 503;
  /** Default: an internal error message. */
  readonly message?: string;
  /** How many requests it applies to; default 1. */
  readonly times?: number;
}

/**
 * Faults a test or a person can switch on: a server that does not answer, answers slowly, or
 * fails one endpoint, or drops the connection after taking a request; an execution that ends CompletedWithError; a monitor with no valid window.
 */
export class CruiseControlFaults {
  /** Connections are accepted and dropped without an answer, as a server that is down behind its Service. */
  unavailable = false;
  /** Real milliseconds added before every answer. */
  slowMs = 0;
  readonly #endpointFaults: Array<{ fault: EndpointFault; left: number }> = [];
  readonly #droppedAnswers: Array<{ endpoint: EndpointName; left: number }> = [];

  constructor(
    private readonly executor: Executor,
    private readonly monitor: LoadMonitor,
  ) {}

  failEndpoint(fault: EndpointFault): void {
    this.#endpointFaults.push({ fault, left: fault.times ?? 1 });
  }

  /**
   * The next `times` requests to an endpoint are carried out (a POST starts its task), then the
   * connection is closed instead of the answer: a client sees a socket closed after its request
   * was written, as when a proxy or the network drops a connection mid-response.
   */
  dropAnswer(endpoint: EndpointName, times = 1): void {
    this.#droppedAnswers.push({ endpoint, left: times });
  }

  /** Whether the answer to this request of an endpoint is to be dropped (counts it). */
  takeDroppedAnswer(endpoint: string): boolean {
    const pending = this.#droppedAnswers.find((d) => d.endpoint === endpoint && d.left > 0);
    if (!pending) return false;
    pending.left -= 1;
    return true;
  }

  /** The next execution's last replica task dies, so its user task ends CompletedWithError. */
  failNextExecution(): void {
    this.executor.failNextExecution = true;
  }

  /** Sampling gets no valid window: goal-based calls and /load fail with NotEnoughValidWindowsException. */
  set samplingNotReady(value: boolean) {
    this.monitor.notReady = value;
  }

  get samplingNotReady(): boolean {
    return this.monitor.notReady;
  }

  /** Takes the next pending fault of an endpoint, if any. */
  take(endpoint: EndpointName): EndpointFault | undefined {
    const pending = this.#endpointFaults.find((f) => f.fault.endpoint === endpoint && f.left > 0);
    if (!pending) return undefined;
    pending.left -= 1;
    return pending.fault;
  }

  clear(): void {
    this.unavailable = false;
    this.slowMs = 0;
    this.#endpointFaults.length = 0;
    this.#droppedAnswers.length = 0;
    this.executor.failNextExecution = false;
    this.monitor.notReady = false;
  }
}
