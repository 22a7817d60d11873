import { Deque } from './deque.js';
import type { PendingRecord } from './pending-record.js';

/**
 * The per-key turn of `ordering: 'per-key'`: a key's oldest unsettled record holds the turn; later
 * records of the key wait here, in put order, until it is handed on. At most one record per key is
 * therefore ever buffered past this point, in a request or retrying.
 */
export class KeyOrder {
  /** Keys whose turn is held, with the records waiting for it (if any). */
  private readonly held = new Map<string, Deque<PendingRecord> | undefined>();

  /** Gives the record its key's turn if free (true); otherwise queues it behind (false). */
  acquire(record: PendingRecord): boolean {
    const key = record.partitionKey;
    if (!this.held.has(key)) {
      this.held.set(key, undefined);
      record.holdsKey = true;
      return true;
    }
    let waiting = this.held.get(key);
    if (waiting === undefined) {
      waiting = new Deque();
      this.held.set(key, waiting);
    }
    waiting.push(record);
    return false;
  }

  /**
   * Hands the key's turn to its next waiting record for which `isLive` holds, and returns it; frees
   * the key if none is left.
   */
  release(key: string, isLive: (record: PendingRecord) => boolean): PendingRecord | undefined {
    const waiting = this.held.get(key);
    let next = waiting?.shift();
    while (next !== undefined && !isLive(next)) next = waiting?.shift();
    if (next === undefined) {
      this.held.delete(key);
      return undefined;
    }
    if (waiting?.length === 0) this.held.set(key, undefined);
    next.holdsKey = true;
    return next;
  }
}
