import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import stringify from 'safe-stable-stringify';
import type { GraphQLContext } from '../resolvers/context.js';
import type { SubscriptionExecutionPath } from './metrics.js';
import { SUBSCRIBER_QUEUE_LIMIT } from '../subscriptions/limits.js';
import { shareableOf, type Shareable } from '../subscriptions/shareable.js';

/**
 * Subscriptions over graphql-ws, executed once per event for every subscriber that would get the
 * same answer. graphql-ws runs graphql-js's `subscribe` per subscriber: one feed, one execution
 * and one serialization per subscriber and event. Here subscribers of a shareable stream
 * (src/subscriptions/shareable.ts) are grouped by document, operation name, variables and
 * authorization decision; each group has one feed, executes each event once and serializes the
 * answer once, and every member's socket gets the same `next` message. Each subscriber is still
 * authorized on its own when it starts (the guard runs in `createSourceEventStream`, for it) and
 * again as its reviews expire (server.ts closes its socket, which takes it out of its group).
 */

/** What a group needs of a subscriber's socket (a `ws` WebSocket). */
export interface SubscriberSocket {
  readonly readyState: number;
  send(data: string, done: (err?: Error) => void): void;
}

/** One subscription of one socket, joining a group. */
export interface Subscriber {
  socket: SubscriberSocket;
  /** The subscription's id on its socket (graphql-ws's `subscribe` message). */
  id: string;
  /**
   * What the subscriber was allowed, as the guard decided it: subscribers share an answer only
   * when their decisions are the same (with authorization off, everyone's is the same).
   */
  decision: string;
  /** Closes the subscriber's socket: it is too slow to keep up. */
  drop(reason: string): void;
}

export interface SharedSubscriptionsOptions {
  /** The context of one execution of an event for a group: a fresh one per event, aborted once the group is gone. */
  context(signal: AbortSignal): GraphQLContext;
  /** An answer as subscribers may see it (unexpected errors masked), as graphql-ws's onNext would make it. */
  format(result: ExecutionResult): ExecutionResult | FormattedExecutionResult;
  /** Counts executions: once per event for a group (`shared`), once per event and subscriber otherwise. */
  onExecuted(path: SubscriptionExecutionPath): void;
  /** A step of a group that failed (a bug: executions report their errors in their answers). */
  onError(err: unknown): void;
}

export interface SharedSubscriptions {
  /**
   * graphql-ws's `subscribe`: the subscriber's source stream, made by the root field's guard and
   * resolver for this subscriber. A shareable one is returned as is, for `join`; any other runs as
   * graphql-js runs it, one execution per event.
   */
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  /**
   * graphql-ws's `onOperation`: a shareable stream is stopped and its subscriber joins its group,
   * which writes the `next` messages to its socket itself. graphql-ws still sends `complete`
   * when the group's stream ends, and ends the subscription when the client completes it or the
   * socket closes. Undefined for any other result.
   */
  join(result: unknown, args: ExecutionArgs, subscriber: Subscriber): AsyncIterableIterator<never> | undefined;
  /** Groups running now (for tests and the benchmark). */
  readonly groups: number;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };
const OPEN = 1;

const isAsyncIterable = (value: unknown): value is AsyncIterableIterator<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

export function createSharedSubscriptions(options: SharedSubscriptionsOptions): SharedSubscriptions {
  const groups = new Map<string, Group>();
  return {
    async subscribe(args) {
      // graphql-js's source streams are iterators (it returns what the resolver made).
      const source = (await createSourceEventStream(args)) as AsyncIterableIterator<unknown> | ExecutionResult;
      if (!isAsyncIterable(source)) return source;
      if (shareableOf(source) !== undefined) return source as AsyncIterableIterator<ExecutionResult>;
      return executeEach(source, (payload) => {
        options.onExecuted('subscriber');
        return execute({ ...args, rootValue: payload });
      });
    },
    join(result, args, subscriber) {
      if (!isAsyncIterable(result)) return undefined;
      const shareable = shareableOf(result);
      if (shareable === undefined) return undefined;
      // Its own feed started with it; the group's replaces it.
      void result.return?.();
      const text = args.document.loc?.source.body ?? stringify(args.document);
      const key = stringify([text, args.operationName ?? null, args.variableValues ?? {}, subscriber.decision]);
      let group = groups.get(key);
      if (group === undefined) {
        const created = new Group(args, shareable, options, () => {
          if (groups.get(key) === created) groups.delete(key);
        });
        if (!created.ended) groups.set(key, created);
        group = created;
      }
      const member = new Member(group, subscriber);
      group.join(member);
      return member;
    },
    get groups() {
      return groups.size;
    },
  };
}

/** Subscribers sharing one feed and one execution per event. */
class Group {
  readonly members = new Set<Member>();
  ended = false;
  /** The last answer sent, serialized, for a subscriber joining a `latestFirst` feed. */
  private latest: string | undefined;
  /** Steps run in order: an execution may answer with a promise, and events must not overtake. */
  private tail: Promise<void> | undefined;
  private closed = false;
  private stopFeed: (() => void) | undefined;
  private readonly controller = new AbortController();
  /** What every event is executed with: the first subscriber's, without its context (each event gets its own). */
  private readonly args: ExecutionArgs;

  constructor(
    args: ExecutionArgs,
    private readonly shareable: Shareable<unknown>,
    private readonly options: SharedSubscriptionsOptions,
    private readonly onClosed: () => void,
  ) {
    const { schema, document, operationName, variableValues } = args;
    this.args = { schema, document, operationName, variableValues };
    const stop = shareable.feed({
      push: (value) => this.inOrder(() => this.publish(value)),
      end: () => this.inOrder(() => this.end()),
    });
    if (this.closed) stop();
    else this.stopFeed = stop;
  }

  /** A member gets the events published from now on (and, for a `latestFirst` feed, the last one first). */
  join(member: Member): void {
    if (!this.ended) this.members.add(member);
    this.inOrder(() => {
      member.ready = true;
      if (this.shareable.latestFirst && this.latest !== undefined) member.send(this.latest, new Map());
      if (this.ended) member.end();
    });
  }

  leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) this.close();
  }

  private publish(value: unknown): void | Promise<void> {
    const result = execute({ ...this.args, rootValue: value, contextValue: this.options.context(this.controller.signal) });
    this.options.onExecuted('shared');
    if (result instanceof Promise) return result.then((settled) => this.send(settled));
    this.send(result);
  }

  private send(result: ExecutionResult): void {
    const payload = JSON.stringify(this.options.format(result));
    if (this.shareable.latestFirst) this.latest = payload;
    // One message per subscription id: clients number their subscriptions alike, so most share one.
    const messages = new Map<string, string>();
    for (const member of this.members) member.send(payload, messages);
  }

  private end(): void {
    this.ended = true;
    // A member whose join is still queued is ended by its join, after the last answer.
    for (const member of this.members) if (member.ready) member.end();
    this.members.clear();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFeed?.();
    this.controller.abort(new Error('no subscriber left'));
    this.onClosed();
  }

  private inOrder(step: () => void | Promise<void>): void {
    const run = (): void | Promise<void> => {
      try {
        return step()?.catch((err: unknown) => this.options.onError(err));
      } catch (err) {
        this.options.onError(err);
      }
    };
    if (this.tail === undefined) {
      const pending = run();
      if (pending === undefined) return;
      this.tail = pending;
    } else {
      this.tail = this.tail.then(run);
    }
    const tail = this.tail;
    void tail.then(() => {
      if (this.tail === tail) this.tail = undefined;
    });
  }
}

/**
 * One subscriber in a group. It yields nothing to graphql-ws: the group writes its `next`
 * messages (the `Next` message of enisdenjo/graphql-ws's protocol), byte for byte what
 * graphql-ws would send. It ends when the group's feed does. Sends not yet written to the socket
 * are counted, and a subscriber with more than SUBSCRIBER_QUEUE_LIMIT of them is dropped, as one
 * with that many events queued is on the other streams (boundedStream.ts).
 */
class Member implements AsyncIterableIterator<never> {
  ready = false;
  private pending = 0;
  private done = false;
  private dropped = false;
  private waiting: ((result: IteratorResult<never>) => void) | undefined;
  private readonly written = (): void => {
    this.pending -= 1;
  };

  constructor(
    private readonly group: Group,
    private readonly subscriber: Subscriber,
  ) {}

  send(payload: string, messages: Map<string, string>): void {
    if (!this.ready || this.done || this.dropped || this.subscriber.socket.readyState !== OPEN) return;
    if (this.pending >= SUBSCRIBER_QUEUE_LIMIT) {
      this.dropped = true;
      this.subscriber.drop(`subscriber too slow: more than ${SUBSCRIBER_QUEUE_LIMIT} events queued`);
      return;
    }
    const { id } = this.subscriber;
    let message = messages.get(id);
    if (message === undefined) {
      message = `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;
      messages.set(id, message);
    }
    this.pending += 1;
    this.subscriber.socket.send(message, this.written);
  }

  end(): void {
    this.done = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(DONE);
  }

  next(): Promise<IteratorResult<never>> {
    if (this.done) return Promise.resolve(DONE);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<never>> {
    this.end();
    this.group.leave(this);
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }
}

/** graphql-js's mapping of a source stream to answers, one execution per event (graphql-js `subscribe`). */
function executeEach(
  source: AsyncIterableIterator<unknown>,
  run: (payload: unknown) => ExecutionResult | Promise<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  const close = async (): Promise<IteratorResult<ExecutionResult>> => {
    await source.return?.();
    return { done: true, value: undefined };
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await source.next();
      if (step.done === true) return { done: true, value: undefined };
      try {
        return { done: false, value: await run(step.value) };
      } catch (err) {
        await close();
        throw err;
      }
    },
    return: close,
    async throw(err: unknown) {
      await close();
      throw err;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
