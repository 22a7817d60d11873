import { gzipSync } from 'node:zlib';
import { AGGREGATE_MAGIC, encodeAggregate, MalformedAggregateError } from '@kds/aggregation';
import { ReadingSchema, SPOTS } from '@kds/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecoder, DecodeError, DecodeErrorCode, type DecodeResult } from '../src/index.js';
import { makeAggregate, testDeaggregate } from './helpers/aggregates.js';
import { framed, makeAggregateRecord, makeBytesRecord, TWO_SHARDS } from './helpers/kpl.js';
import { encodeJson, makeRecord } from './helpers/records.js';
import { anyValueSchema } from './helpers/schemas.js';

const CODES = Object.values(DecodeErrorCode);
const decoder = createDecoder({ schema: ReadingSchema });

/** The invariant of every result: ok with a value, or not ok with a DecodeError of a known code. */
function isWellFormed(result: DecodeResult<unknown>): boolean {
  if (result.ok) return 'value' in result;
  return result.error instanceof DecodeError && CODES.includes(result.error.code);
}

const reading = fc.record({
  Timestamp: fc.maxSafeNat(),
  Spot: fc.constantFrom(...SPOTS),
  // JSON has no -0: `+ 0` turns it into 0 so the round trip compares equal.
  Temperature: fc.double({ noNaN: true, noDefaultInfinity: true }).map((t) => t + 0),
});

describe('createDecoder properties', () => {
  it.each([
    { name: 'any string', data: fc.string({ unit: 'binary', maxLength: 200 }) },
    { name: 'any base64-looking string', data: fc.base64String({ maxLength: 200 }) },
    { name: 'any string of base64 characters', data: fc.stringMatching(/^[A-Za-z0-9+/=]{0,64}$/) },
  ])('never throws when data is $name, and returns a well-formed result', ({ data }) => {
    // Prepare
    const property = fc.property(data, (text) => {
      // Act
      const result = decoder.decode(makeRecord(text));

      // Assess
      expect(isWellFormed(result)).toBe(true);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it.each([
    { name: 'the reading schema', schema: ReadingSchema },
    { name: 'a schema that accepts any value', schema: anyValueSchema },
  ])('never throws on arbitrary bytes, base64-encoded, with $name', ({ schema }) => {
    // Prepare
    const bytesDecoder = createDecoder({ schema });
    const property = fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      // Act
      const result = bytesDecoder.decode(makeRecord(Buffer.from(bytes).toString('base64')));

      // Assess
      expect(isWellFormed(result)).toBe(true);
      expect(result.ok ? 'ok' : result.error.code).not.toBe(DecodeErrorCode.BadBase64);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('never throws on any cap, failing with TOO_LARGE exactly when the bytes exceed it', () => {
    // Prepare
    const property = fc.property(
      fc.uint8Array({ maxLength: 64 }),
      fc.nat({ max: 80 }),
      (bytes, maxRecordBytes) => {
        const capped = createDecoder({ schema: anyValueSchema, maxRecordBytes });

        // Act
        const result = capped.decode(makeRecord(Buffer.from(bytes).toString('base64')));

        // Assess
        expect(isWellFormed(result)).toBe(true);
        const tooLarge = !result.ok && result.error.code === DecodeErrorCode.TooLarge;
        expect(tooLarge).toBe(bytes.length > maxRecordBytes);
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('never throws on any JSON text, and never lets a value through Object.prototype', () => {
    // Prepare
    const anyDecoder = createDecoder({ schema: anyValueSchema });
    const property = fc.property(fc.json(), (text) => {
      // Act
      const result = anyDecoder.decode(makeRecord(Buffer.from(text).toString('base64')));

      // Assess
      expect(isWellFormed(result)).toBe(true);
      expect(Object.keys(Object.prototype)).toEqual([]);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('decodes every valid reading back to itself', () => {
    // Prepare
    const property = fc.property(reading, (value) => {
      // Act
      const record = makeRecord(encodeJson(value));
      const result = decoder.decode(record);

      // Assess
      expect(result).toEqual({ ok: true, value, record });
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('calls BAD_BASE64 exactly the strings RFC 4648 does not accept as padded base64', () => {
    // Prepare
    const rfc4648 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    const anyDecoder = createDecoder({ schema: anyValueSchema });
    const property = fc.property(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9+/=\-_ !\n]{0,24}$/),
        fc.base64String({ maxLength: 24 }),
        fc.string({ unit: 'binary', maxLength: 24 }),
      ),
      (text) => {
        // Act
        const result = anyDecoder.decode(makeRecord(text));

        // Assess
        const badBase64 = !result.ok && result.error.code === DecodeErrorCode.BadBase64;
        expect(badBase64).toBe(!rfc4648.test(text));
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: 2_000 });
  });

  it.each([
    { name: 'gzip of arbitrary bytes', wrap: (bytes: Uint8Array) => gzipSync(bytes) },
    {
      name: 'arbitrary bytes after the gzip magic',
      wrap: (bytes: Uint8Array) => Buffer.concat([Buffer.from([0x1f, 0x8b]), bytes]),
    },
    {
      name: 'a truncated gzip of arbitrary bytes',
      wrap: (bytes: Uint8Array) => gzipSync(bytes).subarray(0, 10 + (bytes.length % 8)),
    },
  ])('never throws on $name', ({ wrap }) => {
    // Prepare
    const capped = createDecoder({ schema: anyValueSchema, maxDecompressedBytes: 256 });
    const property = fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      // Act
      const result = capped.decode(makeRecord(Buffer.from(wrap(bytes)).toString('base64')));

      // Assess
      expect(isWellFormed(result)).toBe(true);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 300 });
  });

  it('never throws with a deaggregation stage, on arbitrary user records or aggregate bytes', () => {
    // Prepare
    const aggregating = createDecoder({ schema: ReadingSchema, deaggregate: testDeaggregate });
    const aggregate = fc
      .array(fc.record({ partitionKey: fc.string(), data: fc.uint8Array({ maxLength: 64 }) }), {
        maxLength: 5,
      })
      .map((users) => makeAggregate(users));
    const junk = fc
      .uint8Array({ maxLength: 64 })
      .map((bytes) => Buffer.concat([Buffer.from('AGG:'), bytes]));
    const property = fc.property(fc.oneof(aggregate, junk), (bytes) => {
      // Act
      const results = aggregating.decodeAll(makeRecord(bytes.toString('base64')));

      // Assess
      expect(results.every(isWellFormed)).toBe(true);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 300 });
  });

  describe('with KPL deaggregation (the default)', () => {
    const checking = createDecoder({ schema: anyValueSchema, shardHashRanges: TWO_SHARDS });
    const decoders = [decoder, checking];
    // Random bodies, and bodies of real aggregates with one byte changed or cut short.
    const validBody = fc
      .array(
        fc.record({ partitionKey: fc.string({ minLength: 1, maxLength: 8 }), value: reading }),
        { minLength: 1, maxLength: 4 },
      )
      .map((users) =>
        encodeAggregate(
          users.map(({ partitionKey, value }) => ({
            partitionKey,
            data: Buffer.from(JSON.stringify(value)),
          })),
        ).subarray(AGGREGATE_MAGIC.length, -16),
      );
    const damagedBody = fc
      .tuple(validBody, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean())
      .map(([bytes, at, flip, cut]) => {
        const copy = Uint8Array.from(bytes);
        const index = at % copy.length;
        if (cut) return copy.subarray(0, index);
        copy[index] = (copy[index] ?? 0) ^ flip;
        return copy;
      });
    const body = fc.oneof(fc.uint8Array({ maxLength: 300 }), damagedBody);
    const shardId = fc.constantFrom('shardId-000000000000', 'shardId-000000000001');

    it('never throws on arbitrary bytes after the magic, with a correct MD5 trailer', () => {
      // Prepare
      const property = fc.property(body, shardId, (bytes, shard) => {
        const record = makeBytesRecord(framed(bytes), undefined, { shardId: shard });

        for (const configured of decoders) {
          // Act
          const single = configured.decode(record);
          const all = configured.decodeAll(record);

          // Assess: one BAD_AGGREGATE for the record, or one result per user record.
          expect(isWellFormed(single)).toBe(true);
          expect(all.every(isWellFormed)).toBe(true);
          const bad = all.length === 1 && !all[0]?.ok && all[0]?.userRecord === undefined;
          if (bad) {
            expect(all[0]?.ok ? undefined : all[0]?.error.code).toBe(DecodeErrorCode.BadAggregate);
            expect(all[0]?.ok ? undefined : all[0]?.error.cause).toBeInstanceOf(
              MalformedAggregateError,
            );
          } else {
            expect(all.map((result) => result.userRecord?.subSequenceNumber)).toEqual(
              all.map((_, i) => i),
            );
          }
        }
      });

      // Act + Assess
      fc.assert(property, { numRuns: 1_000 });
    });

    it('never throws on arbitrary bytes after the magic without a correct MD5: a plain record', () => {
      // Prepare
      const property = fc.property(
        body,
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (bytes, trailer) => {
          const data = Buffer.concat([AGGREGATE_MAGIC, bytes, trailer]);
          const record = makeBytesRecord(data);

          for (const configured of decoders) {
            // Act
            const all = configured.decodeAll(record);

            // Assess: it is a plain record, and not JSON.
            expect(all).toHaveLength(1);
            expect(all[0]?.userRecord).toBeUndefined();
            expect(all[0]?.ok ? undefined : all[0]?.error.code).toBe(DecodeErrorCode.BadJson);
            expect(configured.decode(record)).toEqual(all[0]);
          }
        },
      );

      // Act + Assess
      fc.assert(property, { numRuns: 1_000 });
    });

    it('decodes what encodeAggregate packed: every value, key and sub-sequence number', () => {
      // Prepare
      const user = fc.record(
        {
          partitionKey: fc.string({ minLength: 1, maxLength: 256 }),
          explicitHashKey: fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map(String),
          value: reading,
        },
        { requiredKeys: ['partitionKey', 'value'] },
      );
      const property = fc.property(fc.array(user, { minLength: 1, maxLength: 20 }), (users) => {
        const record = makeAggregateRecord(
          users.map(({ value, ...keys }) => ({
            ...keys,
            data: Buffer.from(JSON.stringify(value)),
          })),
        );

        // Act
        const results = decoder.decodeAll(record);

        // Assess
        expect(results.map((result) => (result.ok ? result.value : result.error))).toEqual(
          users.map(({ value }) => value),
        );
        expect(
          results.map(({ userRecord }) => ({
            partitionKey: userRecord?.partitionKey,
            explicitHashKey: userRecord?.explicitHashKey,
          })),
        ).toEqual(
          users.map(({ partitionKey, explicitHashKey }) => ({ partitionKey, explicitHashKey })),
        );
        expect(results.map(({ userRecord }) => userRecord?.subSequenceNumber)).toEqual(
          users.map((_, i) => i),
        );
      });

      // Act + Assess
      fc.assert(property, { numRuns: 300 });
    });
  });
});
