import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { UserRecord } from '../../src/index.js';

const encoder = new TextEncoder();

/** A user record whose data is bytes, as every other implementation of the format takes it. */
export type BytesRecord = UserRecord & { readonly data: Uint8Array };

/** A user record with UTF-8 text as data. */
export function userRecord(
  partitionKey: string,
  text: string,
  extra: Pick<UserRecord, 'explicitHashKey' | 'tags'> = {},
): BytesRecord {
  return { partitionKey, data: encoder.encode(text), ...extra };
}

/** `count` readings of the tutorial (about 60 bytes of JSON each), keys "1".."100". */
export function readingRecords(count: number): BytesRecord[] {
  return Array.from({ length: count }, (_, i) =>
    userRecord(
      String((i % 100) + 1),
      JSON.stringify({ Timestamp: 1_732_600_000_000 + i, Spot: 'Q', Temperature: 10 + (i % 31) }),
    ),
  );
}

/** Magic + `body` + MD5 of `body`: an aggregate envelope that passes the checksum. */
export function envelope(body: Uint8Array | readonly number[]): Uint8Array {
  const bytes = Uint8Array.from(body);
  const digest = createHash('md5').update(bytes).digest();
  return Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, ...bytes, ...digest]);
}

/** Protobuf varint bytes of a non-negative integer. */
export function varint(value: number | bigint): number[] {
  let rest = BigInt(value);
  const out: number[] = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

/** A length-delimited field: tag, length, payload. */
export function bytesField(field: number, payload: readonly number[] | string): number[] {
  const bytes = typeof payload === 'string' ? [...encoder.encode(payload)] : [...payload];
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

/** A varint field: tag, value. */
export function varintField(field: number, value: number | bigint): number[] {
  return [...varint(field << 3), ...varint(value)];
}

/** An ExplicitHashKey Kinesis accepts. */
export const hashKeyArbitrary = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map(String);

/** Any valid partition key: 1 to 256 code points of any plane (multi-byte UTF-8, emoji). */
export const partitionKeyArbitrary = fc.string({ unit: 'binary', minLength: 1, maxLength: 256 });

/** Any valid user record, tags included; data as bytes or as a string (its UTF-8 bytes). */
export const userRecordArbitrary: fc.Arbitrary<UserRecord> = fc.record(
  {
    partitionKey: fc.oneof(partitionKeyArbitrary, fc.constantFrom('1', '2', 'Q')),
    explicitHashKey: hashKeyArbitrary,
    data: fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
    ),
    tags: fc.array(
      fc.record(
        { key: fc.string({ unit: 'binary' }), value: fc.string({ unit: 'binary' }) },
        { requiredKeys: ['key'] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['partitionKey', 'data'] },
);

/** A user record as the decoder returns it, from what was encoded at `index`. */
export function expectedDecoded(record: UserRecord, index: number): Record<string, unknown> {
  return {
    partitionKey: record.partitionKey,
    ...(record.explicitHashKey === undefined ? {} : { explicitHashKey: record.explicitHashKey }),
    data: Buffer.from(record.data),
    subSequenceNumber: index,
    ...(record.tags === undefined || record.tags.length === 0 ? {} : { tags: record.tags }),
  };
}
