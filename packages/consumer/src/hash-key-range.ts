import { hashKeyOf } from '@kds/aggregation';
import type { KinesisStreamRecord } from '@kds/core';
import {
  type HashKeyRange,
  InvalidOptionError,
  isInHashKeyRange,
  parseHashKey,
  type ResolvedHashKeyRange,
  type ShardDescription,
} from '@kds/core';
import type { UserRecord } from './deaggregation.js';
import { DecodeError, HashKeyOutOfRangeError } from './errors.js';

/**
 * Where the decoder finds the hash key range of the shard a record was read from: the stream's
 * shards (from `ListShards`; a record of a shard not in the list is not checked), or a function of
 * the record (`undefined`: do not check this record). The shard is named in `record.eventID`, see
 * {@link shardIdOf}.
 */
export type ShardHashRanges =
  | readonly ShardDescription[]
  | ((record: KinesisStreamRecord) => HashKeyRange | undefined);

/** The resolved range of a record's shard, or `undefined` when it is not to be checked. */
export type RangeLookup = (record: KinesisStreamRecord) => ResolvedHashKeyRange | undefined;

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

function hashKeyAt(value: unknown, option: string): bigint {
  const key = parseHashKey(value);
  if (key !== undefined) return key;
  throw new InvalidOptionError(
    option,
    `must be a decimal string or a BigInt between 0 and 2^128-1 (got ${String(value)})`,
  );
}

function resolve(
  range: HashKeyRange,
  shardId: string | undefined,
  what: string,
): ResolvedHashKeyRange {
  const start = hashKeyAt(range.startingHashKey, `${what}.startingHashKey`);
  const end = hashKeyAt(range.endingHashKey, `${what}.endingHashKey`);
  if (start > end) {
    throw new InvalidOptionError(what, `has startingHashKey ${start} above endingHashKey ${end}`);
  }
  return { shardId, start, end };
}

/**
 * Turns the decoder's `shardHashRanges` option into a lookup. A list is checked and converted once,
 * here; a function's ranges are checked on each call. A range that is not two hash keys in order
 * throws an `InvalidOptionError`: it is configuration, never a record's fault.
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
    throw new InvalidOptionError(
      'shardHashRanges',
      `must be a list of shards or a function of the record (got ${typeof option})`,
    );
  }
  const byShard = new Map<string, ResolvedHashKeyRange>();
  for (const [index, shard] of option.entries()) {
    const what = `shardHashRanges[${index}]`;
    if (typeof shard?.ShardId !== 'string' || shard.HashKeyRange === undefined) {
      throw new InvalidOptionError(what, 'must have a ShardId and a HashKeyRange');
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
export function checkHashKeyRange(
  user: UserRecord,
  range: ResolvedHashKeyRange,
): DecodeError | undefined {
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
  if (isInHashKeyRange(hashKey, range)) return undefined;
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
