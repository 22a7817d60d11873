import type { ShardRange } from './shard-map.js';
import type { PutOptions, PutResult } from './types.js';

/** Where a record is between `put` and its outcome. */
export const RecordState = {
  /** Being keyed, serialized and checked. */
  New: 0,
  /** Put before the first shard map arrived; not yet keyed or serialized. */
  Held: 1,
  /** Keyed and serialized, waiting for room in the buffer (`onFull: 'wait'`). */
  WaitingForRoom: 2,
  /** Buffered behind an unacknowledged record of its key (`ordering: 'per-key'`). */
  WaitingForKey: 3,
  /** Buffered, not yet past its shard's rate limit. */
  Queued: 4,
  /** Past the rate limit, in the collector, waiting for a request. */
  Ready: 5,
  /** In a PutRecords request. */
  Sending: 6,
  /** Failed, waiting out its retry delay. */
  BackingOff: 7,
  /** Resolved or rejected. */
  Settled: 8,
} as const;

export type RecordStateValue = (typeof RecordState)[keyof typeof RecordState];

/** The AbortSignal of a put, and what it set in motion. */
export interface AbortHook {
  readonly signal: AbortSignal;
  readonly listener: () => void;
  /** The signal fired while the record was in a request: it is not retried. */
  requested: boolean;
}

/** Why the last attempt of a record failed. */
export interface LastFailure {
  readonly code: string;
  readonly error: unknown;
}

/**
 * One put, from the call to its outcome. Kept small (it is the unit of the buffer): what only some
 * records need lives in `lastFailure` and `abort`, assigned without changing the object's shape.
 */
export interface PendingRecord {
  state: RecordStateValue;
  data: Uint8Array | string;
  partitionKey: string;
  explicitHashKey: string | undefined;
  /** Data + partition key bytes: what Kinesis counts against its limits. */
  size: number;
  /**
   * `performance.now()` at put (monotonic: wall-clock jumps move no deadline): the buffering
   * clock, the time to live and the put latency start here.
   */
  readonly putAt: number;
  /**
   * When it queued behind its shard's rate limit (`performance.now()`), or `NOT_HELD_BACK`: the
   * start of the time `heldBackMs` counts.
   */
  heldBackAt: number;
  /** Flush generation: `flush()` waits for every record of its generation or older. */
  readonly epoch: number;
  /** The shard the map predicts, if a map is known. */
  shard: ShardRange | undefined;
  /** Whether the record holds its key's turn (`ordering: 'per-key'`). */
  holdsKey: boolean;
  attempts: number;
  lastFailure: LastFailure | undefined;
  abort: AbortHook | undefined;
  /**
   * Settle the put. They get the record too, so that one pair of functions can settle all the
   * records of a `putMany`, each in its `slot`; a `put`'s are its promise's own and ignore it.
   */
  readonly resolve: (result: PutResult, record: PendingRecord) => void;
  readonly reject: (error: unknown, record: PendingRecord) => void;
  /** Its index among the values of its `putMany` (0 for a `put`). */
  readonly slot: number;
}

/** `heldBackAt` of a record not waiting behind its shard's rate limit. */
export const NOT_HELD_BACK = -1;

/** A put made before the first shard map arrived: keyed and serialized once it has. */
export interface HeldPut {
  readonly record: PendingRecord;
  readonly value: unknown;
  readonly options: PutOptions | undefined;
}
