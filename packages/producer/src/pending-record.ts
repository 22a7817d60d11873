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

/** One put, from the call to its outcome. */
export interface PendingRecord {
  state: RecordStateValue;
  /** The put's value and options, kept only while `Held`. */
  value: unknown;
  options: PutOptions | undefined;
  data: Uint8Array;
  partitionKey: string;
  explicitHashKey: string | undefined;
  /** Data + partition key bytes: what Kinesis counts against its limits. */
  size: number;
  /** `Date.now()` at put: the buffering clock and the time to live start here. */
  readonly putAt: number;
  /** `performance.now()` at put, for the put latency. */
  readonly startedAt: number;
  readonly deadline: number;
  /** Flush generation: `flush()` waits for every record of its generation or older. */
  readonly epoch: number;
  /** The shard the map predicts, if a map is known. */
  shard: ShardRange | undefined;
  /** Whether the record holds its key's turn (`ordering: 'per-key'`). */
  holdsKey: boolean;
  attempts: number;
  lastErrorCode: string | undefined;
  lastError: unknown;
  /** Its signal fired while it was in a request: it is not retried. */
  abortRequested: boolean;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  readonly resolve: (result: PutResult) => void;
  readonly reject: (error: unknown) => void;
}
