import { setInterval } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import { Arg, Int, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Heartbeat } from '../schema/heartbeat.type.js';

const MIN_INTERVAL_MS = 10;
const MAX_INTERVAL_MS = 60_000;

async function* ticks(intervalMs: number): AsyncGenerator<Heartbeat> {
  let sequence = 0;
  // The timer iterator is closed when the client completes or disconnects (return() runs).
  for await (const _ of setInterval(intervalMs)) {
    sequence += 1;
    yield { sequence, at: new Date() };
  }
}

@Resolver(() => Heartbeat)
export class HeartbeatResolver {
  @Subscription(() => Heartbeat, {
    description: 'A tick every `intervalMs` milliseconds: lets a client check its live connection.',
    subscribe: ({ args }: SubscribeResolverData<unknown, { intervalMs: number }>) => {
      const { intervalMs } = args;
      if (!Number.isInteger(intervalMs) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
        throw new GraphQLError(`intervalMs must be between ${MIN_INTERVAL_MS} and ${MAX_INTERVAL_MS}, got ${intervalMs}`, {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'intervalMs' },
        });
      }
      return ticks(intervalMs);
    },
  })
  heartbeat(
    @Root() tick: Heartbeat,
    @Arg('intervalMs', () => Int, { defaultValue: 1000, description: `Milliseconds between ticks, ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}.` })
    _intervalMs: number,
  ): Heartbeat {
    return tick;
  }
}
