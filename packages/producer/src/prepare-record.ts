import { InvalidDataError } from './errors.js';
import type { PartitionKeyContext, PartitionKeyStrategy } from './partition-keys.js';
import type { PendingRecord } from './pending-record.js';
import type { PutOptions } from './types.js';
import { checkHashKey, checkPartitionKey, checkRecordSize } from './validation.js';

/** What turning a value into a record needs; `context` follows the shard map. */
export interface RecordRecipe<T> {
  readonly strategy: PartitionKeyStrategy<T>;
  readonly serialize: (value: T) => Uint8Array | string;
  readonly maxRecordBytes: number;
  /**
   * Keep string data as a string (aggregation writes it straight into the aggregate) rather than
   * turning it into bytes at once (a plain record is sent as bytes, maybe more than once).
   */
  readonly keepText: boolean;
  context: PartitionKeyContext;
}

/** Keys up to this many UTF-16 units are measured by a loop when ASCII, without a native call. */
const SHORT_KEY_UNITS = 32;

/** UTF-8 bytes of a partition key: its length when it is short and ASCII, as keys usually are. */
function keyByteLength(partitionKey: string): number {
  if (partitionKey.length > SHORT_KEY_UNITS) return Buffer.byteLength(partitionKey, 'utf8');
  for (let index = 0; index < partitionKey.length; index += 1) {
    if (partitionKey.charCodeAt(index) >= 0x80) return Buffer.byteLength(partitionKey, 'utf8');
  }
  return partitionKey.length;
}

/**
 * A record's data as it is kept: bytes, or a string when `keepText`. Throws `InvalidDataError` when
 * it is neither bytes nor a string.
 */
function dataOf(serialized: unknown, keepText: boolean): Uint8Array | string {
  if (typeof serialized === 'string') {
    return keepText ? serialized : Buffer.from(serialized, 'utf8');
  }
  if (serialized instanceof Uint8Array) return serialized;
  throw new InvalidDataError(serialized === null ? 'null' : typeof serialized);
}

/**
 * Gives a record its partition key (the put's, else the strategy's), ExplicitHashKey and bytes,
 * checking every limit before anything is buffered. Throws what the strategy, `serialize` or a
 * limit throws; the record is left untouched then.
 */
export function prepareRecord<T>(
  record: PendingRecord,
  value: T,
  options: PutOptions | undefined,
  recipe: RecordRecipe<T>,
): void {
  let partitionKey: string;
  let explicitHashKey: string | undefined;
  if (options?.partitionKey !== undefined) {
    partitionKey = options.partitionKey;
  } else {
    const choice = recipe.strategy(value, recipe.context);
    if (typeof choice === 'string') {
      partitionKey = choice;
    } else {
      partitionKey = choice.partitionKey;
      explicitHashKey = choice.explicitHashKey;
    }
  }
  explicitHashKey = options?.explicitHashKey ?? explicitHashKey;
  checkPartitionKey(partitionKey);
  if (explicitHashKey !== undefined) checkHashKey(explicitHashKey);
  const data = dataOf(recipe.serialize(value), recipe.keepText);
  const dataBytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  const size = dataBytes + keyByteLength(partitionKey);
  checkRecordSize(size, recipe.maxRecordBytes);
  record.partitionKey = partitionKey;
  record.explicitHashKey = explicitHashKey;
  record.data = data;
  record.size = size;
}
