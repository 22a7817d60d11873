import type { Deaggregate, UserRecord } from '../../src/index.js';

/**
 * A stand-in aggregation format for the tests of the deaggregation stage (the KPL format itself is
 * `@kds/aggregation`'s): the bytes `AGG:` then a JSON array of `[partitionKey, base64 data]`.
 */
const MAGIC = Buffer.from('AGG:');

/** The bytes of an aggregate of the given user records. */
export function makeAggregate(
  users: ReadonlyArray<{ partitionKey: string; data: Uint8Array }>,
): Buffer {
  const body = JSON.stringify(
    users.map(({ partitionKey, data }) => [partitionKey, Buffer.from(data).toString('base64')]),
  );
  return Buffer.concat([MAGIC, Buffer.from(body)]);
}

/** The deaggregation stage of the stand-in format; it throws on an aggregate it cannot read. */
export const testDeaggregate: Deaggregate = (bytes) => {
  if (!Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC)) return undefined;
  const entries = JSON.parse(Buffer.from(bytes.subarray(MAGIC.length)).toString('utf8')) as unknown;
  if (!Array.isArray(entries)) throw new TypeError('the aggregate body is not a list');
  return entries.map(
    ([partitionKey, data]: [string, string], subSequenceNumber): UserRecord => ({
      partitionKey,
      data: Buffer.from(data, 'base64'),
      subSequenceNumber,
    }),
  );
};
