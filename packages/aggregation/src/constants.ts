import { MAX_RECORD_BYTES_CEILING } from '@kds/core';

/**
 * The four bytes that open every KPL aggregated record, `F3 89 9A C2` (see
 * docs/kinesis-facts.md, "KPL aggregated record format").
 */
export const AGGREGATE_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);

/** An aggregated record ends with the 16-byte MD5 of its protobuf body. */
export const MD5_DIGEST_BYTES = 16;

/** Magic + MD5: the bytes every aggregate carries besides its protobuf body. */
export const AGGREGATE_OVERHEAD_BYTES = AGGREGATE_MAGIC.length + MD5_DIGEST_BYTES;

/**
 * The KPL's `AggregationMaxSize` default: an aggregate (magic + protobuf + MD5) holds at most
 * 51,200 bytes, so a 1 MiB/s shard still takes about 20 records/s of them.
 *
 * @example
 * ```ts
 * import { createAggregator, DEFAULT_AGGREGATION_MAX_SIZE } from '@kds/aggregation';
 *
 * const aggregator = createAggregator({ maxBytes: 2 * DEFAULT_AGGREGATION_MAX_SIZE });
 * ```
 */
export const DEFAULT_AGGREGATION_MAX_SIZE = 51_200;

/** The KPL's `AggregationMaxCount` default: no practical cap on user records per aggregate. */
export const DEFAULT_AGGREGATION_MAX_COUNT = 4_294_967_295;

/**
 * The largest aggregate a stream can take: a record's data + partition key is at most 1 MiB by
 * default and UpdateMaxRecordSize can raise that to 10 MiB
 * (see docs/kinesis-facts.md, "Service limits").
 */
export const MAX_AGGREGATION_MAX_SIZE = MAX_RECORD_BYTES_CEILING;

/**
 * The KPL sends an aggregate with this one-byte partition key: the ExplicitHashKey routes it and
 * each user record carries its own key inside.
 *
 * @example
 * ```ts
 * import { AGGREGATE_PARTITION_KEY } from '@kds/aggregation';
 *
 * // Kinesis counts data + partition key: the largest aggregate that fits a 1 MiB record.
 * const maxBytes = 1024 * 1024 - Buffer.byteLength(AGGREGATE_PARTITION_KEY);
 * ```
 */
export const AGGREGATE_PARTITION_KEY = 'a';

/** The smallest `AggregationMaxSize` the KPL accepts. */
export const MIN_AGGREGATION_MAX_SIZE = 64;
