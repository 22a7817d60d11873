import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { InvalidOptionError } from '../errors.js';

/**
 * The checkpoint values that are not sequence numbers, as the KCL writes them in the lease
 * table's `checkpoint` attribute.
 *
 * @example
 * ```ts
 * import { Sentinel } from '@kds/worker';
 *
 * const finished = (checkpoint: string): boolean => checkpoint === Sentinel.ShardEnd;
 * ```
 */
export const Sentinel = {
  /** Start at the oldest record the stream keeps. */
  TrimHorizon: 'TRIM_HORIZON',
  /** Start after the newest record at the time the shard is first read. */
  Latest: 'LATEST',
  /** Start at the application's initial timestamp. */
  AtTimestamp: 'AT_TIMESTAMP',
  /** The shard is closed and every record of it was processed: read its children. */
  ShardEnd: 'SHARD_END',
} as const;

/** One of {@link Sentinel}. */
export type Sentinel = (typeof Sentinel)[keyof typeof Sentinel];

/**
 * A position in a shard as the KCL stores it: a Kinesis sequence number (or a {@link Sentinel})
 * and the index of a user record inside a KPL aggregated record (0 for a record that is not
 * aggregated). A checkpoint means "everything up to and including this position is processed".
 */
export interface ExtendedSequenceNumber {
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
}

/** A shard's range of 128-bit hash keys, as decimal strings (attributes `startingHashKey`, `endingHashKey`). */
export interface HashKeyRange {
  readonly startingHashKey: string;
  readonly endingHashKey: string;
}

/**
 * One lease of the KCL lease table, read by kds. `attributes` is the whole item as DynamoDB
 * returned it, unknown attributes included: kds writes only the attributes it changes, so what
 * other KCL versions store there is kept.
 */
export interface Lease {
  /** The item's key: the shard id (`shardId-000000000000`) for a single-stream application. */
  readonly leaseKey: string;
  /** The worker holding the lease; `undefined` when nobody does. */
  readonly leaseOwner: string | undefined;
  /** Raised by 1 on every write; each conditional write expects the value it last saw. */
  readonly leaseCounter: number;
  /** Everything up to and including this position is processed. */
  readonly checkpoint: ExtendedSequenceNumber;
  /** A prepared checkpoint (the KCL's two-phase checkpoint), when one was written. */
  readonly pendingCheckpoint: ExtendedSequenceNumber | undefined;
  /** How many times the owner changed since the last checkpoint. */
  readonly ownerSwitchesSinceCheckpoint: number;
  /** The shards this one was split or merged from (attribute `parentShardId`, a string set). */
  readonly parentShardIds: readonly string[];
  /** The shards this one was split or merged into, once the KCL (or kds) recorded them. */
  readonly childShardIds: readonly string[];
  /** The shard's hash key range, when the writer recorded it. */
  readonly hashKeyRange: HashKeyRange | undefined;
  /**
   * KCL 3.x graceful handoff: the worker still allowed to checkpoint while `leaseOwner` names the
   * next owner. kds never sets it; taking or evicting a lease removes it, as the KCL does.
   */
  readonly checkpointOwner: string | undefined;
  /** The whole item as last read or written, unknown attributes included. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** What {@link newLease} needs: the key and the initial checkpoint, parents and hash key range optional. */
export interface NewLeaseInput {
  readonly leaseKey: string;
  readonly checkpoint: ExtendedSequenceNumber;
  readonly parentShardIds?: readonly string[];
  readonly hashKeyRange?: HashKeyRange;
}

/**
 * An unowned lease with counter 0, as the KCL creates one for a new shard.
 *
 * @example
 * ```ts
 * import { newLease, Sentinel } from '@kds/worker';
 *
 * const lease = newLease({
 *   leaseKey: 'shardId-000000000002',
 *   checkpoint: { sequenceNumber: Sentinel.TrimHorizon, subSequenceNumber: 0 },
 *   parentShardIds: ['shardId-000000000000'],
 * });
 * ```
 */
export function newLease(input: NewLeaseInput): Lease {
  return {
    leaseKey: input.leaseKey,
    leaseOwner: undefined,
    leaseCounter: 0,
    checkpoint: input.checkpoint,
    pendingCheckpoint: undefined,
    ownerSwitchesSinceCheckpoint: 0,
    parentShardIds: [...(input.parentShardIds ?? [])],
    childShardIds: [],
    hashKeyRange: input.hashKeyRange,
    checkpointOwner: undefined,
    attributes: {},
  };
}

/**
 * The KCL's order of the sentinels below every sequence number (its `ExtendedSequenceNumber`
 * maps them to -3, -2 and -1); `SHARD_END` sorts above everything.
 */
const SENTINEL_RANK: Readonly<Record<string, bigint>> = {
  [Sentinel.AtTimestamp]: -3n,
  [Sentinel.TrimHorizon]: -2n,
  [Sentinel.Latest]: -1n,
};

const DIGITS = /^\d+$/;

function rank(sequenceNumber: string): bigint {
  if (DIGITS.test(sequenceNumber)) return BigInt(sequenceNumber);
  const sentinel = SENTINEL_RANK[sequenceNumber];
  if (sentinel === undefined) {
    throw new InvalidOptionError(
      'sequenceNumber',
      `must be a string of digits or one of TRIM_HORIZON, LATEST, AT_TIMESTAMP, SHARD_END; got "${sequenceNumber}"`,
    );
  }
  return sentinel;
}

/**
 * Compares two positions as the KCL does: sequence numbers as integers (they exceed 2^53), then
 * sub-sequence numbers; `AT_TIMESTAMP` < `TRIM_HORIZON` < `LATEST` < every sequence number <
 * `SHARD_END`. Returns a negative number, 0 or a positive number. Throws
 * {@link InvalidOptionError} for a value that is neither digits nor a sentinel.
 *
 * @example
 * ```ts
 * import { compareExtended } from '@kds/worker';
 *
 * // A user record of an aggregate is processed when its position is at or below the checkpoint.
 * const processed = (record: { sequenceNumber: string; subSequenceNumber: number }, checkpoint: { sequenceNumber: string; subSequenceNumber: number }): boolean =>
 *   compareExtended(record, checkpoint) <= 0;
 * ```
 */
export function compareExtended(a: ExtendedSequenceNumber, b: ExtendedSequenceNumber): number {
  const aEnd = a.sequenceNumber === Sentinel.ShardEnd;
  const bEnd = b.sequenceNumber === Sentinel.ShardEnd;
  if (aEnd || bEnd) return aEnd === bEnd ? 0 : aEnd ? 1 : -1;
  const ra = rank(a.sequenceNumber);
  const rb = rank(b.sequenceNumber);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return Math.sign(a.subSequenceNumber - b.subSequenceNumber);
}

/**
 * Checks that a position is one the KCL can store: digits or a {@link Sentinel}, and a
 * non-negative integer sub-sequence number. Throws {@link InvalidOptionError} naming `option`.
 *
 * @example
 * ```ts
 * import { assertExtendedSequenceNumber } from '@kds/worker';
 *
 * assertExtendedSequenceNumber({ sequenceNumber: '49590338271490256608559692538361571095921575989136588898', subSequenceNumber: 3 }, 'checkpoint');
 * ```
 */
export function assertExtendedSequenceNumber(
  position: ExtendedSequenceNumber,
  option: string,
): void {
  const { sequenceNumber, subSequenceNumber } = position;
  if (
    typeof sequenceNumber !== 'string' ||
    !(DIGITS.test(sequenceNumber) || (Object.values(Sentinel) as string[]).includes(sequenceNumber))
  ) {
    throw new InvalidOptionError(
      `${option}.sequenceNumber`,
      `must be a string of digits or one of TRIM_HORIZON, LATEST, AT_TIMESTAMP, SHARD_END; got ${String(sequenceNumber)}`,
    );
  }
  if (!Number.isSafeInteger(subSequenceNumber) || subSequenceNumber < 0) {
    throw new InvalidOptionError(
      `${option}.subSequenceNumber`,
      `must be a non-negative integer; got ${String(subSequenceNumber)}`,
    );
  }
}

/**
 * Whether a position is a {@link Sentinel} rather than a sequence number.
 *
 * @example
 * ```ts
 * import { isSentinel } from '@kds/worker';
 *
 * isSentinel({ sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 }); // true
 * ```
 */
export function isSentinel(position: ExtendedSequenceNumber): boolean {
  return (Object.values(Sentinel) as string[]).includes(position.sequenceNumber);
}
