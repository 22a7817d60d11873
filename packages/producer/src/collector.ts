import { MAX_BYTES_PER_REQUEST, MAX_RECORDS_PER_REQUEST } from './constants.js';
import { Deque } from './deque.js';
import { type PendingRecord, RecordState } from './pending-record.js';

/**
 * Records past their shard's rate limit, in the order they will be sent, cut into PutRecords
 * batches of at most 500 records and 5 MiB (data + keys). A record settled while here (aborted)
 * is `forget`-ed at once and skipped when its turn comes.
 */
export class Collector {
  private readonly queue = new Deque<PendingRecord>();
  /** Live records and their bytes. */
  count = 0;
  bytes = 0;

  add(record: PendingRecord): void {
    record.state = RecordState.Ready;
    this.queue.push(record);
    this.count += 1;
    this.bytes += record.size;
  }

  forget(record: PendingRecord): void {
    this.count -= 1;
    this.bytes -= record.size;
  }

  /** Enough for a full request. */
  isFull(): boolean {
    return this.count >= MAX_RECORDS_PER_REQUEST || this.bytes >= MAX_BYTES_PER_REQUEST;
  }

  /** The live record that has waited longest. */
  oldest(): PendingRecord | undefined {
    let head = this.queue.peek();
    while (head !== undefined && head.state !== RecordState.Ready) {
      this.queue.shift();
      head = this.queue.peek();
    }
    return head;
  }

  /**
   * The next request's records, in order. `expire` settles a record whose time to live is over
   * (returns true), so it is left out.
   */
  takeBatch(expire: (record: PendingRecord) => boolean): PendingRecord[] {
    const batch: PendingRecord[] = [];
    let bytes = 0;
    while (batch.length < MAX_RECORDS_PER_REQUEST) {
      const next = this.oldest();
      if (next === undefined || (batch.length > 0 && bytes + next.size > MAX_BYTES_PER_REQUEST)) {
        break;
      }
      this.queue.shift();
      this.count -= 1;
      this.bytes -= next.size;
      next.state = RecordState.Sending;
      if (expire(next)) continue;
      bytes += next.size;
      batch.push(next);
    }
    return batch;
  }
}
