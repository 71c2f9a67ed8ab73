import type { BrokerBackend } from '../../brokerBackend.js';
import type { SaslSession } from '../saslSession.js';
import type { MessageSpec, StructValue } from '../schema.js';

/** What a request handler knows: which broker it runs on, its cluster, and the negotiated version. */
export interface RequestContext {
  readonly brokerId: number;
  readonly backend: BrokerBackend;
  readonly version: number;
  /** The connection's SASL state on a SASL listener; absent on a PLAINTEXT/SSL one. */
  readonly sasl?: SaslSession;
}

/** One API a broker answers: its message definitions, the versions it serves, and the handler. */
export interface ApiHandler {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
  readonly handle: (request: StructValue, context: RequestContext) => StructValue;
  /**
   * The response that reports `errorCode` for the whole request, as Kafka's
   * AbstractRequest.getErrorResponse builds it; used to inject faults. Absent for the APIs
   * whose failures the simulator does not inject (ApiVersions, Metadata).
   */
  readonly errorResponse?: (request: StructValue, errorCode: number, message: string | null) => StructValue;
  /**
   * A broker forwards this request to the active controller (KRaft's ForwardingManager): with no
   * quorum leader it is never answered, and the broker replies REQUEST_TIMED_OUT.
   */
  readonly forwardedToController?: boolean;
}
