import {
  InvalidOptionError,
  InvalidPartitionKeyError,
  ShardMapUnavailableError,
} from './errors.js';
import type { ShardInfo } from './shard-map.js';

/** Where a record goes: its partition key, and optionally an ExplicitHashKey that overrides the key's MD5. */
export interface PartitionKeyChoice {
  readonly partitionKey: string;
  /** Decimal 0..2^128-1; the record lands on the shard whose hash range holds it. */
  readonly explicitHashKey?: string;
}

/** What the producer knows when a strategy runs. */
export interface PartitionKeyContext {
  /** The stream's open shards, sorted by hash range; empty until ListShards answered, or if it failed. */
  readonly shards: readonly ShardInfo[];
  /** Why `shards` is empty, when ListShards failed. */
  readonly shardMapError?: unknown;
}

/**
 * Picks the partition key of a value: a plain key, or a key with an ExplicitHashKey. Any function
 * of this shape is a strategy; strategies compose by calling one another.
 *
 * @example
 * ```ts
 * import type { PartitionKeyStrategy } from '@kds/producer';
 *
 * const byDevice: PartitionKeyStrategy<{ deviceId: string }> = (value) => value.deviceId;
 * ```
 */
export type PartitionKeyStrategy<T> = (
  value: T,
  context: PartitionKeyContext,
) => string | PartitionKeyChoice;

/** The tutorial's partition keys: integers "1" to "100". */
export const DEFAULT_RANDOM_KEY_RANGE = { min: 1, max: 100 } as const;

/** What `fields()` puts between the values by default. */
export const DEFAULT_FIELDS_SEPARATOR = '|';

/** Ranges wider than 2^48 values would not be drawn evenly from `Math.random`'s 52 bits. */
const MAX_RANDOM_KEY_VALUES = 2 ** 48 - 1;

/**
 * A random integer key in `[min, max]`, as decimal text: the tutorial's "1".."100" by default.
 *
 * @example
 * ```ts
 * import { createProducer, random } from '@kds/producer';
 *
 * const producer = createProducer({ streamName: 'TestDataStream', partitionKey: random({ min: 1, max: 100 }) });
 * ```
 */
export function random(
  options: { min?: number; max?: number } = {},
): PartitionKeyStrategy<unknown> {
  const { min = DEFAULT_RANDOM_KEY_RANGE.min, max = DEFAULT_RANDOM_KEY_RANGE.max } = options;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new InvalidOptionError(
      'random()',
      `min and max must be safe integers with min <= max (got ${min}, ${max})`,
    );
  }
  const values = max - min + 1;
  if (values > MAX_RANDOM_KEY_VALUES) {
    throw new InvalidOptionError(
      'random()',
      `max - min must be below ${MAX_RANDOM_KEY_VALUES} (got ${min}, ${max})`,
    );
  }
  // Offset from min, so a max of Number.MAX_SAFE_INTEGER needs no unsafe max + 1. Math.random:
  // keys need spread, not secrecy, and it is several times cheaper than crypto.randomInt.
  return () => String(min + Math.floor(Math.random() * values));
}

function fieldText<T>(value: T, name: keyof T & string): string {
  const fieldValue = value[name];
  if (fieldValue === undefined || fieldValue === null) {
    throw new InvalidPartitionKeyError(
      `Field "${name}" of the record is ${String(fieldValue)}; it cannot be a partition key`,
    );
  }
  return String(fieldValue);
}

/**
 * The value of one field of the record as its key, so records that share it stay in order on one
 * shard (e.g. every reading of a Spot). A missing field rejects the put with
 * `InvalidPartitionKeyError`.
 *
 * @example
 * ```ts
 * import { createProducer, field } from '@kds/producer';
 * import type { Reading } from '@kds/schema';
 *
 * const producer = createProducer<Reading>({ streamName: 'TestDataStream', partitionKey: field('Spot') });
 * ```
 */
export function field<T>(name: keyof T & string): PartitionKeyStrategy<T> {
  return (value) => fieldText(value, name);
}

/**
 * The values of several fields joined by `separator` (default `|`), e.g. `"Q|1732600000000"`. Two
 * tuples that join to the same text merely share a key (and a shard); nothing is lost.
 *
 * @example
 * ```ts
 * import { createProducer, fields } from '@kds/producer';
 * import type { Reading } from '@kds/schema';
 *
 * const producer = createProducer<Reading>({
 *   streamName: 'TestDataStream',
 *   partitionKey: fields(['Spot', 'Timestamp']),
 * });
 * ```
 */
export function fields<T>(
  names: ReadonlyArray<keyof T & string>,
  options: { separator?: string } = {},
): PartitionKeyStrategy<T> {
  const { separator = DEFAULT_FIELDS_SEPARATOR } = options;
  if (names.length === 0) throw new InvalidOptionError('fields()', 'must name at least one field');
  return (value) => names.map((name) => fieldText(value, name)).join(separator);
}

/**
 * The same key for every record: all records on one shard, in order.
 *
 * @example
 * ```ts
 * import { constant, createProducer } from '@kds/producer';
 *
 * const producer = createProducer({ streamName: 'TestDataStream', partitionKey: constant('device-1') });
 * ```
 */
export function constant(key: string): PartitionKeyStrategy<unknown> {
  return () => key;
}

function keyOf(choice: string | PartitionKeyChoice): string {
  return typeof choice === 'string' ? choice : choice.partitionKey;
}

/** The middle of a shard's hash range: inside it, and inside whichever child a split leaves it in. */
function middleOf(shard: ShardInfo): string {
  return ((BigInt(shard.startingHashKey) + BigInt(shard.endingHashKey)) / 2n).toString();
}

/**
 * Spreads records evenly over the open shards: each record gets the ExplicitHashKey of the next
 * shard in turn (the middle of its hash range), from the producer's shard map. The partition key is
 * the one `partitionKey` gives (default: the hash key itself); it no longer decides the shard.
 * Puts reject with `ShardMapUnavailableError` while no shard is known (ListShards failed).
 *
 * @example
 * ```ts
 * import { createProducer, hashKeyRoundRobin } from '@kds/producer';
 *
 * const producer = createProducer({ streamName: 'TestDataStream', partitionKey: hashKeyRoundRobin() });
 * ```
 */
export function hashKeyRoundRobin<T = unknown>(
  options: { partitionKey?: PartitionKeyStrategy<T> } = {},
): PartitionKeyStrategy<T> {
  const { partitionKey } = options;
  let next = 0;
  let shardsSeen: readonly ShardInfo[] | undefined;
  let middles: string[] = [];
  return (value, context) => {
    const { shards } = context;
    if (shards.length === 0) {
      throw new ShardMapUnavailableError({ cause: context.shardMapError });
    }
    if (shards !== shardsSeen) {
      shardsSeen = shards;
      middles = shards.map(middleOf);
      next %= shards.length;
    }
    const explicitHashKey = middles[next] as string;
    next = (next + 1) % middles.length;
    return {
      partitionKey:
        partitionKey === undefined ? explicitHashKey : keyOf(partitionKey(value, context)),
      explicitHashKey,
    };
  };
}
