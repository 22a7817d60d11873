import { randomInt } from 'node:crypto';

/** Where a record goes: its partition key, and optionally an ExplicitHashKey that overrides the key's MD5. */
export interface PartitionKeyChoice {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
}

/**
 * Picks the partition key of a value: a plain key, or a key with an ExplicitHashKey. Any function
 * of this shape is a strategy.
 *
 * @example
 * ```ts
 * import type { PartitionKeyStrategy } from '@kds/producer';
 *
 * const byDevice: PartitionKeyStrategy<{ deviceId: string }> = (value) => value.deviceId;
 * ```
 */
export type PartitionKeyStrategy<T> = (value: T) => string | PartitionKeyChoice;

/** The tutorial's partition keys: integers "1" to "100". */
export const DEFAULT_RANDOM_KEY_RANGE = { min: 1, max: 100 } as const;

/** `crypto.randomInt` draws from at most 2^48 - 1 values. */
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
    throw new RangeError(
      `random(): min and max must be safe integers with min <= max (got ${min}, ${max})`,
    );
  }
  const values = max - min + 1;
  if (values > MAX_RANDOM_KEY_VALUES) {
    throw new RangeError(
      `random(): max - min must be below ${MAX_RANDOM_KEY_VALUES} (got ${min}, ${max})`,
    );
  }
  // Offset from min, so a max of Number.MAX_SAFE_INTEGER needs no unsafe max + 1.
  return () => String(min + randomInt(values));
}

/**
 * The value of one field of the record as its key, so records that share it stay in order on one
 * shard (e.g. every reading of a Spot).
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
  return (value) => String(value[name]);
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
