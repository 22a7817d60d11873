import { InvalidOptionError } from '@kds/core';
import { AggregateBuilder } from './aggregate-builder.js';
import {
  AGGREGATE_OVERHEAD_BYTES,
  AGGREGATE_PARTITION_KEY,
  DEFAULT_AGGREGATION_MAX_COUNT,
  DEFAULT_AGGREGATION_MAX_SIZE,
  MAX_AGGREGATION_MAX_SIZE,
  MIN_AGGREGATION_MAX_SIZE,
} from './constants.js';
import { hashKeyOf } from './hash-key.js';
import type { FlushedRecord, UserRecord } from './types.js';

/** Options of {@link createAggregator}. */
export interface AggregatorOptions {
  /**
   * Largest aggregate in bytes, magic and MD5 included (the KPL's `AggregationMaxSize`).
   * Default 51,200; 64 to 10 MiB.
   */
  maxBytes?: number;
  /** Most user records per aggregate (the KPL's `AggregationMaxCount`). Default 4,294,967,295. */
  maxCount?: number;
}

/**
 * Packs user records into one aggregate at a time, knowing its exact encoded size after every
 * record. Keep one per predicted shard so every aggregate holds records of one shard only.
 */
export interface Aggregator<R extends UserRecord = UserRecord> {
  /**
   * Adds `record` if the aggregate stays within `maxBytes` and `maxCount`; returns false, adding
   * nothing, otherwise. False from an empty aggregator means the record alone is larger than
   * `maxBytes`: send it plain, as the KPL does. Throws `InvalidRecordError` for a bad record.
   */
  tryAdd(record: R): boolean;
  /** Exact bytes of the aggregate of the records held (magic + protobuf + MD5); 0 when empty. */
  readonly size: number;
  /** User records held. */
  readonly count: number;
  /**
   * Takes the records held as one Kinesis record and empties the aggregator: an aggregate with
   * partition key `"a"` and the ExplicitHashKey of its first user record, or the user record
   * itself when it is alone (`aggregated: false`; tags are not sent then). Undefined when empty.
   */
  flush(): FlushedRecord<R> | undefined;
}

function checkIntegerOption(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, `must be an integer from ${min} to ${max} (got ${value})`);
  }
}

/**
 * Creates an aggregator: `tryAdd` user records until it says no, then `flush` and send what it
 * returns. The aggregate never exceeds `maxBytes`; its size is computed as records come, not by
 * encoding. Records may be your own objects extending {@link UserRecord}: `flush` hands them back
 * in order, `records[i]` having sub-sequence number `i`.
 *
 * @example
 * ```ts
 * import { createAggregator, type FlushedRecord, type UserRecord } from '@kds/aggregation';
 *
 * const aggregator = createAggregator({ maxBytes: 51_200 });
 * const toSend: FlushedRecord[] = [];
 * function add(record: UserRecord & { data: Uint8Array }): void {
 *   if (aggregator.tryAdd(record)) return;
 *   const full = aggregator.flush();
 *   if (full !== undefined) toSend.push(full);
 *   // Still refused by an empty aggregator: larger than maxBytes on its own, so it goes plain.
 *   if (!aggregator.tryAdd(record)) toSend.push({ ...record, aggregated: false, records: [record] });
 * }
 * add({ partitionKey: '1', data: Buffer.from('{"Spot":"Q","Temperature":36}') });
 * add({ partitionKey: '2', data: Buffer.from('{"Spot":"R","Temperature":21}') });
 * const last = aggregator.flush(); // partitionKey 'a', explicitHashKey of the first, aggregated: true
 * if (last !== undefined) toSend.push(last);
 * ```
 */
export function createAggregator<R extends UserRecord = UserRecord>(
  options: AggregatorOptions = {},
): Aggregator<R> {
  const { maxBytes = DEFAULT_AGGREGATION_MAX_SIZE, maxCount = DEFAULT_AGGREGATION_MAX_COUNT } =
    options;
  checkIntegerOption('maxBytes', maxBytes, MIN_AGGREGATION_MAX_SIZE, MAX_AGGREGATION_MAX_SIZE);
  checkIntegerOption('maxCount', maxCount, 1, DEFAULT_AGGREGATION_MAX_COUNT);
  const maxBodyBytes = maxBytes - AGGREGATE_OVERHEAD_BYTES;
  let builder = new AggregateBuilder<R>();

  return {
    tryAdd(record) {
      return builder.count < maxCount && builder.tryAdd(record, maxBodyBytes);
    },
    get size() {
      return builder.count === 0 ? 0 : AGGREGATE_OVERHEAD_BYTES + builder.bodySize;
    },
    get count() {
      return builder.count;
    },
    flush() {
      const full = builder;
      const records = full.records;
      const first = records[0];
      if (first === undefined) return undefined;
      builder = new AggregateBuilder<R>();
      if (records.length === 1) {
        const { partitionKey, explicitHashKey } = first;
        const data = typeof first.data === 'string' ? Buffer.from(first.data, 'utf8') : first.data;
        return explicitHashKey === undefined
          ? { data, partitionKey, aggregated: false, records }
          : { data, partitionKey, explicitHashKey, aggregated: false, records };
      }
      return {
        data: full.encode(),
        partitionKey: AGGREGATE_PARTITION_KEY,
        explicitHashKey: hashKeyOf(first).toString(),
        aggregated: true,
        records,
      };
    },
  };
}
