import { Deque } from './deque.js';
import { BufferFullError } from './errors.js';
import { type PendingRecord, RecordState } from './pending-record.js';

/** `waitForRoom()` while there is room: one settled promise, nothing allocated per put. */
const ROOM_NOW = Promise.resolve();

/** Buffered, in a request or retrying: the states `maxBufferedRecords` counts. */
export function isBuffered(state: number): boolean {
  return state >= RecordState.WaitingForKey && state <= RecordState.BackingOff;
}

/**
 * The bounded buffer: counts the records (and bytes) buffered, the puts held for the first shard
 * map and those parked because it was full (in put order), and wakes `waitForRoom()` callers. A
 * record larger than the byte limit still gets in when the buffer is empty, so no size can block
 * the producer for ever.
 *
 * It is the one place these counts change, each in the same method as the record state it
 * counts: `hold`/`unhold` (Held), `park`/`admitParked` (WaitingForRoom), `add` (entering the
 * buffered states) and `leave` (a record settling, from whatever state it was in).
 */
export class BufferRoom {
  /** Records buffered: queued, in requests or retrying. */
  records = 0;
  bytes = 0;
  /** Puts parked for room and not settled since. */
  parkedCount = 0;
  /** Puts held for the first shard map and not settled since (not yet keyed nor sized). */
  held = 0;
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

  /** Holds a put made before the first shard map arrived. */
  hold(record: PendingRecord): void {
    record.state = RecordState.Held;
    this.held += 1;
  }

  /** The shard map arrived: a held put is keyed now. False if it settled meanwhile. */
  unhold(record: PendingRecord): boolean {
    if (record.state !== RecordState.Held) return false;
    this.held -= 1;
    record.state = RecordState.New;
    return true;
  }

  /** A keyed record enters the buffer (its state becomes one of the buffered ones next). */
  add(record: PendingRecord): void {
    this.records += 1;
    this.bytes += record.size;
  }

  /** A record in `previous` state settled: out of whichever count held it. */
  leave(record: PendingRecord, previous: number): void {
    if (previous === RecordState.Held) this.held -= 1;
    else if (previous === RecordState.WaitingForRoom) this.parkedCount -= 1;
    else if (isBuffered(previous)) {
      this.records -= 1;
      this.bytes -= record.size;
    }
  }

  /**
   * Before the first shard map, puts are not yet sized: with `onFull: 'reject'` a put is refused
   * once the held and buffered puts reach `maxBufferedRecords`.
   */
  refusesUnsized(): BufferFullError | undefined {
    const records = this.held + this.records;
    if (records < this.maxRecords) return undefined;
    return new BufferFullError(
      'maxBufferedRecords',
      { records, bytes: this.bytes },
      this.maxRecords,
    );
  }

  /** Parks a put until there is room for it. */
  park(record: PendingRecord): void {
    record.state = RecordState.WaitingForRoom;
    this.parkedCount += 1;
    this.parked.push(record);
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

  /** Whether there is room for one more record besides the held puts. */
  hasRoom(): boolean {
    return (
      this.parked.length === 0 &&
      this.records + this.held < this.maxRecords &&
      this.bytes < this.maxBytes
    );
  }

  /** Resolves at once if there is room for one more record besides the held puts. */
  waitForRoom(): Promise<void> {
    if (this.hasRoom()) return ROOM_NOW;
    return new Promise((resolve) => this.listeners.push(resolve));
  }

  /** Wakes the `waitForRoom()` callers if there is room now (or `always`, at close). */
  wakeWaiters(always = false): void {
    if (this.listeners.length === 0 || !(always || this.hasRoom())) return;
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
