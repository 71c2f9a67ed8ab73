import { randomInt } from 'node:crypto';

/**
 * Loopback stand-ins for the cluster's addresses. A Service's cluster IP or a Pod's IP is not
 * routable from this machine, but Linux routes all of 127.0.0.0/8 to the loopback interface, so
 * each such address gets one of those to listen on. Every sandbox takes its own random /24
 * blocks, so that sandboxes running side by side (tests in parallel) never bind the same address.
 */
export class StandInAddresses {
  private readonly byKey = new Map<string, string>();
  private block = StandInAddresses.randomBlock();
  private next = 1;

  private static randomBlock(): string {
    // 127.64.0.0 and up: far from 127.0.0.1, which the sandbox's own servers use.
    return `127.${randomInt(64, 255)}.${randomInt(0, 256)}`;
  }

  /** The stand-in of `key` (a cluster IP, a Pod IP, or a name for a Service the sandbox simulates without an object). */
  of(key: string): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.next > 254) {
      this.block = StandInAddresses.randomBlock();
      this.next = 1;
    }
    const address = `${this.block}.${this.next}`;
    this.next += 1;
    this.byKey.set(key, address);
    return address;
  }
}
