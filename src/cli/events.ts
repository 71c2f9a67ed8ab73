import { stringify } from 'yaml';
import type { ClusterEvent } from '../client/types.js';
import type { Context } from './context.js';
import { interruptSignal } from './interrupt.js';
import type { Cell } from './output.js';

export const EVENT_HEAD = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'];

export function eventRow(event: ClusterEvent): Cell[] {
  return [event.lastSeen, event.type, event.reason, `${event.involvedObject.kind.toLowerCase()}/${event.involvedObject.name}`, event.count, event.message];
}

/**
 * Prints each Event as it is recorded until Ctrl-C: a line each on a terminal, one JSON object
 * per line (JSON Lines) or one YAML document each for a script, which reads them as they come.
 */
export async function followEvents(context: Context, cluster: string, warningsOnly: boolean): Promise<void> {
  const interrupt = interruptSignal();
  const { out } = context.terminal;
  try {
    for await (const event of await context.client.followEvents(cluster, interrupt.signal)) {
      if (warningsOnly && event.type !== 'WARNING') continue;
      if (context.format === 'json') out.write(`${JSON.stringify(event)}\n`);
      else if (context.format === 'yaml') out.write(`---\n${stringify(event)}`);
      else
        out.write(
          `${eventRow(event)
            .map((c) => String(c ?? '-'))
            .join('  ')}\n`,
        );
    }
  } finally {
    interrupt.dispose();
    await context.client.close();
  }
}
