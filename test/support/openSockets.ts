import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** One TCP socket this process holds (Linux: its descriptors in /proc/self/fd, their state in /proc/self/net/tcp). */
export interface OpenSocket {
  state: 'LISTEN' | 'ESTABLISHED' | 'OTHER';
  local: string;
  remote: string;
}

const ownInodes = (): Set<string> => {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode !== undefined) inodes.add(inode);
    } catch {
      // closed between the two reads
    }
  }
  return inodes;
};

/** `0100007F:1F90` as /proc writes it: `127.0.0.1:8080`. */
const address = (hex: string): string => {
  const [ip = '', port = ''] = hex.split(':');
  return `${[6, 4, 2, 0].map((at) => parseInt(ip.slice(at, at + 2), 16)).join('.')}:${parseInt(port, 16)}`;
};

/** The IPv4 TCP sockets this process holds now. */
export function openSockets(): OpenSocket[] {
  const ours = ownInodes();
  const sockets: OpenSocket[] = [];
  for (const line of readFileSync('/proc/self/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local = '', remote = '', state, , , , , , inode = ''] = line.trim().split(/\s+/);
    if (!ours.has(inode)) continue;
    sockets.push({ state: state === '0A' ? 'LISTEN' : state === '01' ? 'ESTABLISHED' : 'OTHER', local: address(local), remote: address(remote) });
  }
  return sockets;
}
