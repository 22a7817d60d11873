import protobuf from 'protobufjs';

/**
 * The KPL aggregated record's protobuf schema, as docs/kinesis-facts.md ("KPL aggregated record
 * format") and the KPL's aggregation-format.md give it, for protobufjs: a reader and writer of the
 * format independent of `@kds/aggregation`. Field names keep their case, as on the wire's schema.
 */
const { root } = protobuf.parse(
  `syntax = "proto2";
message AggregatedRecord {
  repeated string partition_key_table     = 1;
  repeated string explicit_hash_key_table = 2;
  repeated Record records                 = 3;
}
message Record {
  required uint64 partition_key_index     = 1;
  optional uint64 explicit_hash_key_index = 2;
  required bytes  data                    = 3;
  repeated Tag    tags                    = 4;
}
message Tag { required string key = 1; optional string value = 2; }
`,
  { keepCase: true },
);

/**
 * protobufjs' `AggregatedRecord` type: `encode` writes the protobuf body of an aggregate (between
 * its magic and its MD5), `decode` reads one.
 *
 * @example
 * ```ts
 * import { AggregatedRecordType } from '@kds/interop';
 *
 * const body = AggregatedRecordType.encode({
 *   partition_key_table: ['1'],
 *   records: [{ partition_key_index: 0, data: Buffer.from('{}') }],
 * }).finish();
 * ```
 */
export const AggregatedRecordType = root.lookupType('AggregatedRecord');

/** The body of an aggregate as plain objects, read by protobufjs (indexes as numbers). */
export interface ProtobufjsBody {
  partition_key_table: string[];
  explicit_hash_key_table: string[];
  records: {
    partition_key_index: number;
    explicit_hash_key_index?: number;
    data: Uint8Array;
    tags: { key: string; value?: string }[];
  }[];
}

/**
 * Reads the protobuf body of an aggregate (between magic and MD5) with protobufjs; the MD5 is not
 * checked.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { readWithProtobufjs } from '@kds/interop';
 *
 * const { partition_key_table } = readWithProtobufjs(readFileSync('aggregate.bin'));
 * ```
 */
export function readWithProtobufjs(aggregate: Uint8Array): ProtobufjsBody {
  const body = aggregate.subarray(4, aggregate.length - 16);
  const message = AggregatedRecordType.decode(body);
  return AggregatedRecordType.toObject(message, {
    longs: Number,
    arrays: true,
  }) as ProtobufjsBody;
}
