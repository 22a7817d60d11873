import { hashKeyOf, MAX_HASH_KEY } from '@kds/aggregation';
import type { UserRecord } from './deaggregation.js';
import { DecodeError, HashKeyOutOfRangeError } from './errors.js';
import type { KinesisStreamRecord } from './types.js';

/** A shard's hash key range, both ends included: decimal strings as ListShards gives them, or BigInts. */
export interface HashKeyRange {
  readonly startingHashKey: string | bigint;
  readonly endingHashKey: string | bigint;
}

/**
 * A shard as `ListShards` (or `DescribeStream`) describes it: only the fields the range check reads,
 * so the SDK's `Shard` objects fit as they are.
 */
export interface ShardDescription {
  readonly ShardId?: string | undefined;
  readonly HashKeyRange?:
    | {
        readonly StartingHashKey?: string | undefined;
        readonly EndingHashKey?: string | undefined;
      }
    | undefined;
}

/**
 * Where the decoder finds the hash key range of the shard a record was read from: the stream's
 * shards (from `ListShards`; a record of a shard not in the list is not checked), or a function of
 * the record (`undefined`: do not check this record). The shard is named in `record.eventID`, see
 * {@link shardIdOf}.
 */
export type ShardHashRanges =
  | readonly ShardDescription[]
  | ((record: KinesisStreamRecord) => HashKeyRange | undefined);

/** A range ready for comparisons. */
export interface ResolvedRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly shardId: string | undefined;
}

/** The resolved range of a record's shard, or `undefined` when it is not to be checked. */
export type RangeLookup = (record: KinesisStreamRecord) => ResolvedRange | undefined;

/**
 * The shard a record of a Lambda Kinesis event was read from: the part of its `eventID`
 * (`shardId-000000000006:4959...`) before the colon. `undefined` when the record has no such id.
 *
 * @example
 * ```ts
 * import { shardIdOf, type KinesisStreamRecord } from '@kds/consumer';
 *
 * const record = { eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898' };
 * shardIdOf(record as KinesisStreamRecord); // 'shardId-000000000006'
 * ```
 */
export function shardIdOf(record: KinesisStreamRecord): string | undefined {
  const eventId = (record as { eventID?: unknown }).eventID;
  if (typeof eventId !== 'string') return undefined;
  const colon = eventId.indexOf(':');
  return colon > 0 ? eventId.slice(0, colon) : undefined;
}

const DECIMAL = /^\d{1,39}$/;

function toHashKey(value: unknown, what: string): bigint {
  const key =
    typeof value === 'bigint'
      ? value
      : typeof value === 'string' && DECIMAL.test(value)
        ? BigInt(value)
        : undefined;
  if (key === undefined || key < 0n || key > MAX_HASH_KEY) {
    throw new RangeError(
      `${what} must be a decimal string or a BigInt between 0 and 2^128-1, got ${String(value)}`,
    );
  }
  return key;
}

function resolve(range: HashKeyRange, shardId: string | undefined, what: string): ResolvedRange {
  const start = toHashKey(range.startingHashKey, `${what}: startingHashKey`);
  const end = toHashKey(range.endingHashKey, `${what}: endingHashKey`);
  if (start > end) {
    throw new RangeError(`${what}: startingHashKey ${start} is above endingHashKey ${end}`);
  }
  return { start, end, shardId };
}

/**
 * Turns the decoder's `shardHashRanges` option into a lookup. A list is checked and converted once,
 * here; a function's ranges are checked on each call. A range that is not two hash keys in order
 * throws a `RangeError`: it is configuration, never a record's fault.
 */
export function createRangeLookup(option: ShardHashRanges): RangeLookup {
  if (typeof option === 'function') {
    return (record) => {
      const range = option(record);
      if (range === undefined) return undefined;
      const shardId = shardIdOf(record);
      return resolve(range, shardId, `shardHashRanges(${shardId ?? 'record'})`);
    };
  }
  if (!Array.isArray(option)) {
    throw new RangeError('shardHashRanges must be a list of shards or a function of the record');
  }
  const byShard = new Map<string, ResolvedRange>();
  for (const [index, shard] of option.entries()) {
    const what = `shardHashRanges[${index}]`;
    if (typeof shard?.ShardId !== 'string' || shard.HashKeyRange === undefined) {
      throw new RangeError(`${what} has no ShardId or no HashKeyRange`);
    }
    const { StartingHashKey, EndingHashKey } = shard.HashKeyRange;
    byShard.set(
      shard.ShardId,
      resolve(
        { startingHashKey: StartingHashKey ?? '', endingHashKey: EndingHashKey ?? '' },
        shard.ShardId,
        what,
      ),
    );
  }
  return (record) => {
    const shardId = shardIdOf(record);
    return shardId === undefined ? undefined : byShard.get(shardId);
  };
}

/**
 * Checks a user record's hash key against its shard's range: `undefined` when it is inside, else the
 * error that becomes its result.
 */
export function checkHashKeyRange(user: UserRecord, range: ResolvedRange): DecodeError | undefined {
  let hashKey: bigint;
  try {
    hashKey = hashKeyOf(user);
  } catch (cause) {
    return new DecodeError(
      'BAD_AGGREGATE',
      `User record ${user.subSequenceNumber} has no valid hash key: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (hashKey >= range.start && hashKey <= range.end) return undefined;
  const key =
    user.explicitHashKey === undefined
      ? `partition key ${JSON.stringify(user.partitionKey)}`
      : `explicit hash key ${user.explicitHashKey}`;
  const shard = range.shardId === undefined ? 'its shard' : `shard ${range.shardId}`;
  return new HashKeyOutOfRangeError(
    `User record ${user.subSequenceNumber} (${key}) has hash key ${hashKey}, outside ${shard}'s range ${range.start}..${range.end}`,
    {
      hashKey: hashKey.toString(),
      startingHashKey: range.start.toString(),
      endingHashKey: range.end.toString(),
      shardId: range.shardId,
    },
  );
}
