import { awsDeaggregate } from '@kds/interop';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createAggregator,
  type DecodeAggregateResult,
  decodeAggregate,
  encodeAggregate,
  MalformedAggregateCode,
  MalformedAggregateError,
  type UserRecord,
} from '../src/index.js';
import { readWithProtobufjs } from './helpers/protobufjs.js';
import { envelope, expectedDecoded, userRecordArbitrary } from './helpers/records.js';

const CODES: readonly string[] = Object.values(MalformedAggregateCode);

/** The invariant of every result: plain, an aggregate of records, or a known error. */
function isWellFormed(result: DecodeAggregateResult): boolean {
  if (!result.ok)
    return result.error instanceof MalformedAggregateError && CODES.includes(result.error.code);
  return !result.aggregated || Array.isArray(result.records);
}

const records = fc.array(userRecordArbitrary, { minLength: 1, maxLength: 30 });

/** A valid body, then damaged: bytes overwritten, cut, or inserted. */
const damagedBody = fc
  .tuple(
    records.map((list) => {
      const bytes = encodeAggregate(list);
      return bytes.subarray(4, bytes.length - 16);
    }),
    fc.array(
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')),
      {
        minLength: 1,
        maxLength: 8,
      },
    ),
  )
  .map(([body, edits]) => {
    let bytes = [...body];
    for (const [at, value, edit] of edits) {
      const pos = bytes.length === 0 ? 0 : at % bytes.length;
      if (edit === 'set') bytes[pos] = value;
      else if (edit === 'cut') bytes = bytes.slice(0, pos);
      else bytes.splice(pos, 0, value);
    }
    return bytes;
  });

describe('decodeAggregate properties', () => {
  it('decode(encode(records)) gives back every record, in order', () => {
    fc.assert(
      fc.property(records, (list) => {
        // Act
        const result = decodeAggregate(encodeAggregate(list));

        // Assess
        expect(result).toEqual({
          ok: true,
          aggregated: true,
          records: list.map((record, i) => expectedDecoded(record, i)),
        });
      }),
    );
  });

  it.each([
    {
      name: 'any bytes',
      bytes: fc.uint8Array({ maxLength: 300 }).map((body) => Uint8Array.from(body)),
    },
    {
      name: 'the magic, then any bytes',
      bytes: fc
        .uint8Array({ maxLength: 300 })
        .map((body) => Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, ...body])),
    },
  ])('never throws on $name, and returns a well-formed result', ({ bytes }) => {
    fc.assert(
      fc.property(bytes, (input) => {
        // Act
        const result = decodeAggregate(input);

        // Assess
        expect(isWellFormed(result)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    { name: 'any body', body: fc.uint8Array({ maxLength: 300 }).map((bytes) => [...bytes]) },
    { name: 'a damaged valid body', body: damagedBody },
  ])(
    'never throws on $name behind the magic with a correct MD5, and never calls it plain',
    ({ body }) => {
      fc.assert(
        fc.property(body, (bytes) => {
          // Act
          const result = decodeAggregate(envelope(bytes));

          // Assess
          expect(isWellFormed(result)).toBe(true);
          expect(result.aggregated).toBe(true);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('accepts only bodies protobufjs reads the same way', () => {
    fc.assert(
      fc.property(damagedBody, (bytes) => {
        // Prepare
        const aggregate = envelope(bytes);

        // Act
        const result = decodeAggregate(aggregate);

        // Assess
        if (!result.ok || !result.aggregated) return;
        const body = readWithProtobufjs(Buffer.from(aggregate));
        expect(
          result.records.map(({ partitionKey, explicitHashKey, data }) => ({
            partitionKey,
            explicitHashKey,
            data,
          })),
        ).toEqual(
          body.records.map((record) => ({
            partitionKey: body.partition_key_table[record.partition_key_index],
            explicitHashKey:
              record.explicit_hash_key_index === undefined
                ? undefined
                : body.explicit_hash_key_table[record.explicit_hash_key_index],
            data: Buffer.from(record.data),
          })),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('interoperability properties', () => {
  it('aws-kinesis-agg reads every key, hash key and data of our aggregates', () => {
    fc.assert(
      fc.property(records, (list) => {
        // Prepare
        const withHashKeys = list.filter((record) => record.explicitHashKey !== undefined);
        fc.pre(withHashKeys.length > 0);

        // Act
        const theirs = awsDeaggregate(encodeAggregate(withHashKeys));

        // Assess
        expect(
          theirs.map((record) => [record.partitionKey, record.explicitPartitionKey, record.data]),
        ).toEqual(
          withHashKeys.map((record) => [
            record.partitionKey,
            record.explicitHashKey,
            Buffer.from(record.data).toString('base64'),
          ]),
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe('createAggregator properties', () => {
  it('keeps each aggregate within maxBytes, its size exact, and loses no record', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 64, max: 4_000 }), (list, maxBytes) => {
        // Prepare
        const aggregator = createAggregator<UserRecord>({ maxBytes });
        const groups: UserRecord[][] = [];
        const tooLarge: UserRecord[] = [];

        // Act
        for (const record of list) {
          if (aggregator.tryAdd(record)) continue;
          const full = aggregator.flush();
          if (full !== undefined) groups.push([...full.records]);
          if (!aggregator.tryAdd(record)) tooLarge.push(record);
        }
        const last = aggregator.flush();
        if (last !== undefined) groups.push([...last.records]);

        // Assess
        expect(groups.flat().length + tooLarge.length).toBe(list.length);
        for (const group of groups) {
          expect(encodeAggregate(group).length).toBeLessThanOrEqual(maxBytes);
        }
        for (const record of tooLarge) {
          expect(encodeAggregate([record]).length).toBeGreaterThan(maxBytes);
        }
      }),
    );
  });
});
