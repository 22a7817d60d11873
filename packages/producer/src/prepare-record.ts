import type { PartitionKeyContext, PartitionKeyStrategy } from './partition-keys.js';
import type { PendingRecord } from './pending-record.js';
import type { PutOptions } from './types.js';
import { checkHashKey, checkPartitionKey, checkRecordSize } from './validation.js';

/** What turning a value into a record needs; `context` follows the shard map. */
export interface RecordRecipe<T> {
  readonly strategy: PartitionKeyStrategy<T>;
  readonly serialize: (value: T) => Uint8Array;
  readonly maxRecordBytes: number;
  context: PartitionKeyContext;
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
  const data = recipe.serialize(value);
  const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
  checkRecordSize(size, recipe.maxRecordBytes);
  record.partitionKey = partitionKey;
  record.explicitHashKey = explicitHashKey;
  record.data = data;
  record.size = size;
}
