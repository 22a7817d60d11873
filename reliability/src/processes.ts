import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect } from 'node:net';

/** `/proc/net/tcp` state of a listening socket. */
const TCP_LISTEN = '0A';

/**
 * The TCP ports a process listens on, read from Linux's `/proc` (its socket descriptors matched
 * with the kernel's socket table). Empty when the process is gone.
 *
 * @example
 * ```ts
 * import { listeningPorts } from './processes.js';
 *
 * listeningPorts(process.pid); // e.g. [40141, 39447]
 * ```
 */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  let descriptors: string[];
  try {
    descriptors = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of descriptors) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let rows: string[];
    try {
      rows = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      const [, local = '', , state, , , , , , inode = ''] = fields;
      if (state === TCP_LISTEN && inodes.has(inode)) {
        ports.add(Number.parseInt(local.split(':').pop() ?? '0', 16));
      }
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Whether something accepts TCP connections on a loopback port.
 *
 * @example
 * ```ts
 * import { isListening } from './processes.js';
 *
 * await isListening(4567); // false when nothing runs there
 * ```
 */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Polls until `probe` returns a value other than `undefined`, every `intervalMs`, for at most
 * `timeoutMs`; `undefined` if it never did.
 *
 * @example
 * ```ts
 * import { pollUntil } from './processes.js';
 *
 * const ports = await pollUntil(() => undefined, { timeoutMs: 100 });
 * ```
 */
export async function pollUntil<T>(
  probe: () => T | undefined,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T | undefined> {
  const { timeoutMs, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
