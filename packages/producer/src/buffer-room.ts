import { Deque } from './deque.js';
import { BufferFullError } from './errors.js';
import { type PendingRecord, RecordState } from './pending-record.js';

/** `waitForRoom()` while there is room: one settled promise, nothing allocated per put. */
const ROOM_NOW = Promise.resolve();

/**
 * The bounded buffer: counts the records (and bytes) buffered, parks puts that find it full, in
 * put order, and wakes `waitForRoom()` callers. A record larger than the byte limit still gets in
 * when the buffer is empty, so no size can block the producer for ever.
 */
export class BufferRoom {
  /** Records buffered: queued, in requests or retrying. */
  records = 0;
  bytes = 0;
  /** Puts parked for room and not settled since. */
  parkedCount = 0;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly parked = new Deque<PendingRecord>();
  private listeners: Array<() => void> = [];

  constructor(limits: { maxRecords: number; maxBytes: number }) {
    this.maxRecords = limits.maxRecords;
    this.maxBytes = limits.maxBytes;
  }

  /** Whether a record of `size` bytes may enter now (nobody parked ahead of it). */
  admits(size: number): boolean {
    return this.parked.length === 0 && this.fits(size);
  }

  /** Whether the buffer is at a limit (or puts wait for room): no more records can come in now. */
  isFull(): boolean {
    return this.parked.length > 0 || this.records >= this.maxRecords || this.bytes >= this.maxBytes;
  }

  /** The error of a put that found the buffer full (`onFull: 'reject'`). */
  fullError(): BufferFullError {
    const byRecords = this.records >= this.maxRecords;
    return new BufferFullError(
      byRecords ? 'maxBufferedRecords' : 'maxBufferedBytes',
      { records: this.records, bytes: this.bytes },
      byRecords ? this.maxRecords : this.maxBytes,
    );
  }

  add(record: PendingRecord): void {
    this.records += 1;
    this.bytes += record.size;
  }

  remove(record: PendingRecord): void {
    this.records -= 1;
    this.bytes -= record.size;
  }

  /** Parks a put until there is room for it. */
  park(record: PendingRecord): void {
    record.state = RecordState.WaitingForRoom;
    this.parkedCount += 1;
    this.parked.push(record);
  }

  /** A parked put settled (aborted) before it got in. */
  unpark(): void {
    this.parkedCount -= 1;
  }

  /** Lets parked puts in, oldest first, while they fit; `enter` takes each one. */
  admitParked(enter: (record: PendingRecord) => void): void {
    for (let head = this.parked.peek(); head !== undefined; head = this.parked.peek()) {
      if (head.state === RecordState.WaitingForRoom) {
        if (!this.fits(head.size)) return;
        this.parkedCount -= 1;
        head.state = RecordState.New;
      }
      this.parked.shift();
      if (head.state === RecordState.New) enter(head);
    }
  }

  /** Whether there is room for one more record besides `pending` unkeyed puts. */
  hasRoom(pending: number): boolean {
    return (
      this.parked.length === 0 &&
      this.records + pending < this.maxRecords &&
      this.bytes < this.maxBytes
    );
  }

  /** Resolves at once if there is room for one more record besides `pending` unkeyed puts. */
  waitForRoom(pending: number): Promise<void> {
    if (this.hasRoom(pending)) return ROOM_NOW;
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  /** Wakes the `waitForRoom()` callers if there is room now (or `always`, at close). */
  wakeWaiters(pending: number, always = false): void {
    if (this.listeners.length === 0 || !(always || this.hasRoom(pending))) return;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  private fits(size: number): boolean {
    return (
      this.records < this.maxRecords && (this.records === 0 || this.bytes + size <= this.maxBytes)
    );
  }
}
