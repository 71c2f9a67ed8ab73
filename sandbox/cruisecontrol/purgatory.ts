import type { Clock } from '../clock.js';
import type { EndpointName } from './endpoints.js';
import { badParameter } from './errors.js';

export type ReviewStatus = 'PENDING_REVIEW' | 'APPROVED' | 'SUBMITTED' | 'DISCARDED';

interface ParkedRequest {
  readonly id: number;
  readonly endpoint: EndpointName;
  readonly query: URLSearchParams;
  readonly submitterAddress: string;
  readonly submissionTimeMs: number;
  status: ReviewStatus;
  reason: string;
}

/** review.purgatory.retention.time.ms default 336 h, and at most 25 requests (…/servlet/purgatory/Purgatory.java). */
const RETENTION_MS = 336 * 3600_000;
const MAX_REQUESTS = 25;

/**
 * Two-step verification: POSTs wait here for review. Allowed transitions follow
 * ReviewStatus: PENDING_REVIEW → APPROVED | DISCARDED, APPROVED → DISCARDED | SUBMITTED.
 */
export class Purgatory {
  readonly #requests = new Map<number, ParkedRequest>();
  #nextId = 0;

  constructor(private readonly clock: Clock) {}

  park(endpoint: EndpointName, query: URLSearchParams, submitter: string): Record<string, unknown> {
    this.#expire();
    if (this.#requests.size >= MAX_REQUESTS) throw badParameter(`The number of requests in purgatory reached the maximum (${MAX_REQUESTS}).`);
    const parked: ParkedRequest = {
      id: this.#nextId++,
      endpoint,
      query,
      submitterAddress: submitter,
      submissionTimeMs: this.clock.now(),
      status: 'PENDING_REVIEW',
      reason: 'Awaiting review.',
    };
    this.#requests.set(parked.id, parked);
    return reviewResult([parked]);
  }

  review(approve: readonly number[], discard: readonly number[], reason: string): Record<string, unknown> {
    if (approve.length === 0 && discard.length === 0) throw badParameter('At least one of approve or discard parameters must be specified.');
    const both = approve.filter((id) => discard.includes(id));
    if (both.length > 0) throw badParameter(`Review ids ${format(both)} cannot be both approved and discarded.`);
    const changed: ParkedRequest[] = [];
    for (const [ids, target] of [
      [approve, 'APPROVED'],
      [discard, 'DISCARDED'],
    ] as const) {
      for (const id of ids) {
        const parked = this.#get(id);
        const allowed = parked.status === 'PENDING_REVIEW' || (parked.status === 'APPROVED' && target === 'DISCARDED');
        if (!allowed) throw badParameter(`Cannot change the status of request with review id ${id} from ${parked.status} to ${target}.`);
        parked.status = target;
        parked.reason = reason;
        changed.push(parked);
      }
    }
    return reviewResult(changed);
  }

  board(ids: readonly number[] | undefined): Record<string, unknown> {
    this.#expire();
    return reviewResult([...this.#requests.values()].filter((r) => !ids || ids.includes(r.id)));
  }

  /** Takes an approved request for execution; returns its original parameters. */
  submit(id: number, endpoint: EndpointName, hasTaskHeader: boolean): URLSearchParams {
    const parked = this.#get(id);
    if (parked.endpoint !== endpoint)
      throw badParameter(`Request with review id ${id} is for ${parked.endpoint.toUpperCase()} endpoint, not ${endpoint.toUpperCase()}.`);
    if (parked.status === 'SUBMITTED' && !hasTaskHeader)
      throw badParameter(`Attempt to start a new user task with an already submitted review (review id: ${id}).`);
    if (parked.status !== 'APPROVED' && parked.status !== 'SUBMITTED')
      throw badParameter(`Request with review id ${id} is not approved (status: ${parked.status}).`);
    parked.status = 'SUBMITTED';
    return parked.query;
  }

  #get(id: number): ParkedRequest {
    const parked = this.#requests.get(id);
    if (!parked) throw badParameter(`No request with review id ${id} exists in purgatory. Please use review_board endpoint to get the latest reviews.`);
    return parked;
  }

  #expire(): void {
    const now = this.clock.now();
    for (const [id, r] of this.#requests) if (now - r.submissionTimeMs > RETENTION_MS) this.#requests.delete(id);
  }
}

function reviewResult(requests: readonly ParkedRequest[]): Record<string, unknown> {
  return {
    RequestInfo: requests.map((r) => ({
      Id: r.id,
      SubmitterAddress: r.submitterAddress,
      SubmissionTimeMs: r.submissionTimeMs,
      Status: r.status,
      EndpointWithParams: `${r.endpoint}?${[...r.query].map(([k, v]) => `${k}=${v}`).join('&')}`,
      Reason: r.reason,
    })),
    version: 1,
  };
}

function format(ids: readonly number[]): string {
  return `[${ids.join(', ')}]`;
}
