import protobuf from 'protobufjs';

/**
 * The KPL aggregated record's protobuf schema (see docs/kinesis-facts.md, "KPL aggregated record
 * format") for protobufjs: a reader and writer of the format independent of `@kds/aggregation`.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    Tag: {
      fields: {
        key: { rule: 'required', type: 'string', id: 1 },
        value: { rule: 'optional', type: 'string', id: 2 },
      },
    },
    Record: {
      fields: {
        partition_key_index: { rule: 'required', type: 'uint64', id: 1 },
        explicit_hash_key_index: { rule: 'optional', type: 'uint64', id: 2 },
        data: { rule: 'required', type: 'bytes', id: 3 },
        tags: { rule: 'repeated', type: 'Tag', id: 4 },
      },
    },
    AggregatedRecord: {
      fields: {
        partition_key_table: { rule: 'repeated', type: 'string', id: 1 },
        explicit_hash_key_table: { rule: 'repeated', type: 'string', id: 2 },
        records: { rule: 'repeated', type: 'Record', id: 3 },
      },
    },
  },
});

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
