import { gzipSync } from 'node:zlib';
import { encodeAggregate, MalformedAggregateError } from '@kds/aggregation';
import { ReadingSchema } from '@kds/schema';
import { describe, expect, it, vi } from 'vitest';
import {
  createDecoder,
  type Deaggregate,
  DecodeErrorCode,
  type DecodeResult,
  deaggregateKpl,
  HashKeyOutOfRangeError,
  InvalidOptionError,
  type KinesisStreamRecord,
  shardIdOf,
} from '../src/index.js';
import {
  FIRST_SHARD_KEYS,
  framed,
  jsonUser,
  makeAggregateRecord,
  makeBytesRecord,
  SECOND_SHARD_KEYS,
  TWO_SHARDS,
  withCorruptedMd5,
} from './helpers/kpl.js';
import { loadEvent, makeReading, recordAt, sequenceNumber } from './helpers/records.js';
import { errorFrom, valueFrom } from './helpers/results.js';
import { anyValueSchema } from './helpers/schemas.js';

const decoder = createDecoder({ schema: ReadingSchema });
const FIRST_SHARD = 'shardId-000000000000';
const SECOND_SHARD = 'shardId-000000000001';
const MIDDLE = 2n ** 127n;

const outcome = (result: DecodeResult<unknown>): string => (result.ok ? 'ok' : result.error.code);

describe('KPL deaggregation (on by default)', () => {
  describe('plain records', () => {
    it.each([
      { name: 'on, by default', options: {} },
      { name: 'given as deaggregateKpl', options: { deaggregate: deaggregateKpl } },
      { name: 'off', options: { deaggregate: false as const } },
    ])('decodes plain records alike with deaggregation $name', ({ options }) => {
      // Prepare
      const event = loadEvent('readings.json');
      const configured = createDecoder({ schema: ReadingSchema, ...options });

      // Act
      const single = event.Records.map((record) => configured.decode(record));
      const all = event.Records.map((record) => configured.decodeAll(record));

      // Assess
      expect(single.map(valueFrom)).toEqual([
        { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
        { Timestamp: 1_732_600_000_001, Spot: 'A', Temperature: 20 },
        { Timestamp: 1_732_600_000_002, Spot: 'B', Temperature: 35 },
        { Timestamp: 1_732_600_000_003, Spot: 'C', Temperature: 34.9 },
      ]);
      expect(all).toEqual(single.map((result) => [result]));
      expect(single.every((result) => result.userRecord === undefined)).toBe(true);
    });

    it('decodes plain gzip records with deaggregation on', () => {
      // Prepare
      const event = loadEvent('gzip-readings.json');

      // Act
      const results = event.Records.map((record) => decoder.decode(record));

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok', 'BAD_GZIP']);
    });

    it('takes text opening with the magic but too short for an aggregate as a plain record', () => {
      // Prepare
      const record = makeBytesRecord(Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2, 0x7b, 0x7d));

      // Act
      const results = decoder.decodeAll(record);

      // Assess
      expect(results).toHaveLength(1);
      const error = errorFrom(results[0] as DecodeResult<unknown>);
      expect(error.code).toBe(DecodeErrorCode.BadJson);
      expect(error.message).toContain('too short to hold an MD5 trailer');
    });
  });

  describe('aggregates', () => {
    const event = loadEvent('kpl-aggregates.json');
    // kpl-aggregates.json: 0 plain Z; 1 aggregate A, C (explicit hash key 42), E, M; 2 plain Y;
    // 3 aggregate P (gzip), S (no Temperature), U; 4 aggregate with a bad MD5; 5 aggregate with a
    // malformed body; 6 plain X.

    it('gives one result per user record, in order, with keys and sub-sequence numbers', () => {
      // Prepare
      const record = recordAt(event, 1);

      // Act
      const results = decoder.decodeAll(record);

      // Assess
      expect(results.map(valueFrom)).toEqual([
        { Timestamp: 1_732_600_000_101, Spot: 'A', Temperature: 35 },
        { Timestamp: 1_732_600_000_102, Spot: 'C', Temperature: 12 },
        { Timestamp: 1_732_600_000_103, Spot: 'E', Temperature: 38 },
        { Timestamp: 1_732_600_000_104, Spot: 'M', Temperature: 21 },
      ]);
      expect(results.map(({ userRecord }) => userRecord?.subSequenceNumber)).toEqual([0, 1, 2, 3]);
      expect(results.map(({ userRecord }) => userRecord?.partitionKey)).toEqual([
        'A',
        'C',
        'E',
        'M',
      ]);
      expect(results.map(({ userRecord }) => userRecord?.explicitHashKey)).toEqual([
        undefined,
        '42',
        undefined,
        undefined,
      ]);
      expect(results.every((result) => result.record === record)).toBe(true);
    });

    it.each([{ count: 1 }, { count: 2 }, { count: 500 }])(
      'gives $count results for an aggregate of $count readings',
      ({ count }) => {
        // Prepare
        const readings = Array.from({ length: count }, (_, i) =>
          makeReading({ Timestamp: i, Spot: FIRST_SHARD_KEYS[i % FIRST_SHARD_KEYS.length] ?? 'A' }),
        );
        const record = makeAggregateRecord(readings.map((value) => jsonUser(value, value.Spot)));

        // Act
        const results = decoder.decodeAll(record);

        // Assess
        expect(results.map(valueFrom)).toEqual(readings);
        expect(results.map(({ userRecord }) => userRecord?.subSequenceNumber)).toEqual(
          readings.map((_, i) => i),
        );
      },
    );

    it('answers AGGREGATED from decode(), and decodeAll() of the same record gives its user records', () => {
      // Prepare
      const record = recordAt(event, 1);

      // Act
      const single = decoder.decode(record);
      const all = decoder.decodeAll(record);

      // Assess
      const error = errorFrom(single);
      expect(error.code).toBe(DecodeErrorCode.Aggregated);
      expect(error.message).toMatch(/aggregate of 4 user records; decode it with decodeAll\(\)$/);
      expect(all).toEqual(decoder.decodeAll(record));
      expect(all.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    });

    it('decodes each user record on its own: gzip, a schema failure and a good one', () => {
      // Act
      const results = decoder.decodeAll(recordAt(event, 3));

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'SCHEMA', 'ok']);
      expect(valueFrom(results[0] as DecodeResult<unknown>)).toEqual({
        Timestamp: 1_732_600_000_106,
        Spot: 'P',
        Temperature: 40,
      });
      const error = errorFrom(results[1] as DecodeResult<unknown>);
      expect(error.message).toContain('Temperature');
      expect(results[1]?.userRecord).toMatchObject({ partitionKey: 'S', subSequenceNumber: 1 });
    });

    it('gives no result for an aggregate of no user records', () => {
      // Prepare
      const record = makeBytesRecord(framed(new Uint8Array(0)));

      // Act
      const results = decoder.decodeAll(record);

      // Assess
      expect(results).toEqual([]);
    });

    it('reads aggregates as bytes, failing JSON, with deaggregation off', () => {
      // Prepare
      const plainOnly = createDecoder({ schema: ReadingSchema, deaggregate: false });

      // Act
      const results = plainOnly.decodeAll(recordAt(event, 1));

      // Assess
      expect(results).toHaveLength(1);
      const error = errorFrom(results[0] as DecodeResult<unknown>);
      expect(error.code).toBe(DecodeErrorCode.BadJson);
      expect(error.message).toBe(
        'Record data is not valid JSON: invalid UTF-8 at byte 0 (it opens with the KPL aggregate magic F3 89 9A C2, but deaggregation is off)',
      );
    });
  });

  describe('an aggregate whose MD5 does not match', () => {
    it('passes through as a plain record, so it fails JSON with BAD_JSON saying why', () => {
      // Prepare
      const record = recordAt(loadEvent('kpl-aggregates.json'), 4);

      // Act
      const results = decoder.decodeAll(record);

      // Assess
      expect(results).toHaveLength(1);
      const result = results[0] as DecodeResult<unknown>;
      expect(result.userRecord).toBeUndefined();
      const error = errorFrom(result);
      expect(error.code).toBe(DecodeErrorCode.BadJson);
      expect(error.message).toBe(
        'Record data is not valid JSON: invalid UTF-8 at byte 0 (it opens with the KPL aggregate magic F3 89 9A C2, but its MD5 trailer does not match its body, so it is a plain record (the KCL rule))',
      );
    });

    it('hands the bytes unchanged to the payload stages: any schema sees them as they are', () => {
      // Prepare
      const corrupted = withCorruptedMd5(encodeAggregate([jsonUser(makeReading(), 'A')]));
      const asText = createDecoder({ schema: anyValueSchema, deaggregate: deaggregateKpl });
      const spy = vi.fn(deaggregateKpl);
      const spying = createDecoder({ schema: anyValueSchema, deaggregate: spy });

      // Act
      const result = asText.decode(makeBytesRecord(corrupted));
      spying.decode(makeBytesRecord(corrupted));

      // Assess
      expect(outcome(result)).toBe(DecodeErrorCode.BadJson);
      expect(spy).toHaveReturnedWith(undefined);
      expect(Buffer.from(spy.mock.calls[0]?.[0] ?? []).equals(corrupted)).toBe(true);
    });
  });

  it('says so when a whole aggregate was gzipped: it is read before gzip, never after', () => {
    // Prepare
    const aggregate = encodeAggregate([jsonUser(makeReading(), 'A'), jsonUser(makeReading(), 'C')]);
    const record = makeBytesRecord(gzipSync(aggregate));

    // Act
    const results = decoder.decodeAll(record);

    // Assess
    expect(results).toHaveLength(1);
    expect(errorFrom(results[0] as DecodeResult<unknown>).message).toBe(
      'Record data is not valid JSON: invalid UTF-8 at byte 0 (once inflated it opens with the KPL aggregate magic F3 89 9A C2: an aggregate is read before gzip, never after)',
    );
  });

  describe('an aggregate with the right magic and MD5 but a malformed body', () => {
    it.each([
      {
        name: 'a partition key index out of the table',
        // partition_key_table ["A"]; records { partition_key_index: 5, data: "{}" }
        body: [0x0a, 0x01, 0x41, 0x1a, 0x06, 0x08, 0x05, 0x1a, 0x02, 0x7b, 0x7d],
        code: 'INDEX_OUT_OF_RANGE',
      },
      {
        name: 'a truncated varint',
        // partition_key_table, then a tag whose varint never ends
        body: [0x0a, 0x01, 0x41, 0x1a, 0xff],
        code: 'TRUNCATED_VARINT',
      },
      {
        name: 'a length past the end',
        // records: a 100-byte message in 2 bytes
        body: [0x0a, 0x01, 0x41, 0x1a, 0x64, 0x08, 0x00],
        code: 'LENGTH_OUT_OF_BOUNDS',
      },
      {
        name: 'a user record without data',
        // records { partition_key_index: 0 }
        body: [0x0a, 0x01, 0x41, 0x1a, 0x02, 0x08, 0x00],
        code: 'MISSING_FIELD',
      },
      {
        name: 'a field with the wrong wire type',
        // partition_key_table as a varint
        body: [0x08, 0x01],
        code: 'WRONG_WIRE_TYPE',
      },
    ])(
      'fails the record with BAD_AGGREGATE for $name, with the code in the message',
      ({ body, code }) => {
        // Prepare
        const record = makeBytesRecord(framed(Uint8Array.from(body)));

        // Act
        const single = decoder.decode(record);
        const all = decoder.decodeAll(record);

        // Assess
        expect(all).toHaveLength(1);
        for (const result of [single, all[0] as DecodeResult<unknown>]) {
          const error = errorFrom(result);
          expect(error.code).toBe(DecodeErrorCode.BadAggregate);
          expect(error.cause).toBeInstanceOf(MalformedAggregateError);
          expect((error.cause as MalformedAggregateError).code).toBe(code);
          expect(error.message).toMatch(
            new RegExp(
              `^Record data is a KPL aggregate that cannot be read \\(${code}\\): Aggregated record is malformed at byte \\d+`,
            ),
          );
          expect(result.userRecord).toBeUndefined();
        }
      },
    );

    it('fails the fixture aggregate with BAD_AGGREGATE naming the index and the table', () => {
      // Act
      const results = decoder.decodeAll(recordAt(loadEvent('kpl-aggregates.json'), 5));

      // Assess
      expect(results).toHaveLength(1);
      expect(errorFrom(results[0] as DecodeResult<unknown>).message).toBe(
        'Record data is a KPL aggregate that cannot be read (INDEX_OUT_OF_RANGE): Aggregated record is malformed at byte 7 (user record 0): partition_key_index is 5 but the partition key table has 1 entries',
      );
    });
  });

  describe('gzip inside user records', () => {
    it('inflates gzip user records, capped like plain ones', () => {
      // Prepare
      const reading = makeReading({ Spot: 'A' });
      const big = { pad: 'x'.repeat(2_000) };
      const record = makeAggregateRecord([
        { partitionKey: 'A', data: gzipSync(JSON.stringify(reading)) },
        { partitionKey: 'C', data: gzipSync(JSON.stringify(big)) },
        { partitionKey: 'E', data: Uint8Array.of(0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad) },
      ]);
      const capped = createDecoder({ schema: anyValueSchema, maxDecompressedBytes: 1_000 });

      // Act
      const results = capped.decodeAll(record);

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'TOO_LARGE', 'BAD_GZIP']);
      expect(valueFrom(results[0] as DecodeResult<unknown>)).toEqual(reading);
    });
  });

  describe('a deaggregation stage of your own', () => {
    it('replaces the KPL stage and sees every record, plain ones included', () => {
      // Prepare
      const stage = vi.fn<Deaggregate>(() => undefined);
      const custom = createDecoder({ schema: ReadingSchema, deaggregate: stage });
      const records = loadEvent('readings.json').Records;

      // Act
      const results = records.map((record) => custom.decode(record));

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(stage).toHaveBeenCalledTimes(records.length);
      expect(stage.mock.calls[0]?.[1]).toBe(records[0]?.kinesis);
    });

    it('keeps the code of an error it throws in the BAD_AGGREGATE message', () => {
      // Prepare
      const stage: Deaggregate = () => {
        throw Object.assign(new Error('no such format'), { code: 'MY_FORMAT' });
      };
      const custom = createDecoder({ schema: ReadingSchema, deaggregate: stage });

      // Act
      const error = errorFrom(custom.decode(makeBytesRecord(Buffer.from('{}'))));

      // Assess
      expect(error.message).toBe(
        'Record data is a KPL aggregate that cannot be read (MY_FORMAT): no such format',
      );
    });
  });

  describe('deaggregateKpl', () => {
    const payload = makeBytesRecord(new Uint8Array(0)).kinesis;

    it('returns undefined for a plain record', () => {
      // Act
      const users = deaggregateKpl(Buffer.from('{"Spot":"A"}'), payload);

      // Assess
      expect(users).toBeUndefined();
    });

    it('returns the user records of an aggregate', () => {
      // Prepare
      const bytes = encodeAggregate([
        { partitionKey: 'A', data: Buffer.from('1') },
        { partitionKey: 'B', explicitHashKey: '7', data: Buffer.from('2') },
      ]);

      // Act
      const users = deaggregateKpl(bytes, payload);

      // Assess
      expect(
        users?.map(({ partitionKey, explicitHashKey, subSequenceNumber, data }) => ({
          partitionKey,
          explicitHashKey,
          subSequenceNumber,
          data: Buffer.from(data).toString(),
        })),
      ).toEqual([
        { partitionKey: 'A', explicitHashKey: undefined, subSequenceNumber: 0, data: '1' },
        { partitionKey: 'B', explicitHashKey: '7', subSequenceNumber: 1, data: '2' },
      ]);
    });

    it('throws the MalformedAggregateError of a malformed aggregate', () => {
      // Act
      const reading = (): unknown => deaggregateKpl(framed(Uint8Array.of(0x08, 0x01)), payload);

      // Assess
      expect(reading).toThrow(MalformedAggregateError);
    });
  });
});

describe('shard hash key range check', () => {
  // kpl-resharded.json, records of the first shard (0..2^127-1): 10 aggregate A, B, C (B hashes to
  // the second shard); 11 aggregate E (explicit 2^127-1), M (explicit 2^127), P.
  const event = loadEvent('kpl-resharded.json');
  const byFunction = (record: KinesisStreamRecord) =>
    shardIdOf(record) === FIRST_SHARD
      ? { startingHashKey: 0n, endingHashKey: MIDDLE - 1n }
      : { startingHashKey: MIDDLE.toString(), endingHashKey: (2n ** 128n - 1n).toString() };

  describe.each([
    { name: 'the list of shards', shardHashRanges: TWO_SHARDS },
    { name: 'a function of the record', shardHashRanges: byFunction },
  ])('given $name', ({ shardHashRanges }) => {
    const checking = createDecoder({ schema: ReadingSchema, shardHashRanges });

    it('fails the user records whose hash key is outside the shard, naming key and range', () => {
      // Act
      const results = checking.decodeAll(recordAt(event, 0));

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'HASH_KEY_OUT_OF_RANGE', 'ok']);
      const error = errorFrom(results[1] as DecodeResult<unknown>);
      expect(error).toBeInstanceOf(HashKeyOutOfRangeError);
      expect(error.message).toMatch(
        new RegExp(
          `^User record 1 \\(partition key "B"\\) has hash key \\d+, outside shard ${FIRST_SHARD}'s range 0\\.\\.${MIDDLE - 1n}$`,
        ),
      );
      expect(error).toMatchObject({
        shardId: FIRST_SHARD,
        startingHashKey: '0',
        endingHashKey: (MIDDLE - 1n).toString(),
      });
      expect(BigInt((error as HashKeyOutOfRangeError).hashKey) >= MIDDLE).toBe(true);
      expect(results[1]?.userRecord).toMatchObject({ partitionKey: 'B', subSequenceNumber: 1 });
    });

    it('compares explicit hash keys, both ends of the range included', () => {
      // Act
      const results = checking.decodeAll(recordAt(event, 1));

      // Assess
      expect(results.map(outcome)).toEqual(['ok', 'HASH_KEY_OUT_OF_RANGE', 'ok']);
      expect(errorFrom(results[1] as DecodeResult<unknown>)).toMatchObject({
        hashKey: MIDDLE.toString(),
        message: expect.stringContaining(`(explicit hash key ${MIDDLE})`),
      });
    });

    it.each([
      { shard: FIRST_SHARD, keys: FIRST_SHARD_KEYS, other: SECOND_SHARD_KEYS },
      { shard: SECOND_SHARD, keys: SECOND_SHARD_KEYS, other: FIRST_SHARD_KEYS },
    ])(
      'keeps every key of $shard and refuses every key of the other shard',
      ({ shard, keys, other }) => {
        // Prepare
        const users = [...keys, ...other].map((Spot) => jsonUser(makeReading({ Spot }), Spot));
        const record = makeAggregateRecord(users, sequenceNumber(0), { shardId: shard });

        // Act
        const results = checking.decodeAll(record);

        // Assess
        expect(results.map(outcome)).toEqual([
          ...keys.map(() => 'ok'),
          ...other.map(() => 'HASH_KEY_OUT_OF_RANGE'),
        ]);
      },
    );

    it('does not check plain records: Kinesis routed them itself', () => {
      // Prepare
      const record = makeBytesRecord(
        Buffer.from(JSON.stringify(makeReading({ Spot: 'B' }))),
        sequenceNumber(0),
        {
          shardId: FIRST_SHARD,
          partitionKey: 'B',
        },
      );

      // Act
      const result = checking.decode(record);

      // Assess
      expect(outcome(result)).toBe('ok');
    });
  });

  it('does not check anything by default', () => {
    // Act
    const results = decoder.decodeAll(recordAt(event, 0));

    // Assess
    expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok']);
  });

  it('does not check the records of a shard the list does not hold, nor those the function skips', () => {
    // Prepare
    const record = makeAggregateRecord(
      [jsonUser(makeReading({ Spot: 'B' }), 'B')],
      sequenceNumber(0),
      { shardId: 'shardId-000000000009' },
    );
    const fromList = createDecoder({ schema: ReadingSchema, shardHashRanges: TWO_SHARDS });
    const fromFunction = createDecoder({ schema: ReadingSchema, shardHashRanges: () => undefined });

    // Act
    const results = [...fromList.decodeAll(record), ...fromFunction.decodeAll(recordAt(event, 0))];

    // Assess
    expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it.each([
    {
      name: 'a shard without a range',
      shards: [{ ShardId: FIRST_SHARD }],
      message: 'shardHashRanges[0] must have a ShardId and a HashKeyRange',
    },
    {
      name: 'a key that is not decimal',
      shards: [
        { ShardId: FIRST_SHARD, HashKeyRange: { StartingHashKey: '0x0', EndingHashKey: '1' } },
      ],
      message:
        'shardHashRanges[0].startingHashKey must be a decimal string or a BigInt between 0 and 2^128-1 (got 0x0)',
    },
    {
      name: 'a key above 2^128-1',
      shards: [
        {
          ShardId: FIRST_SHARD,
          HashKeyRange: { StartingHashKey: '0', EndingHashKey: (2n ** 128n).toString() },
        },
      ],
      message: `shardHashRanges[0].endingHashKey must be a decimal string or a BigInt between 0 and 2^128-1 (got ${2n ** 128n})`,
    },
    {
      name: 'a range whose ends are swapped',
      shards: [
        { ShardId: FIRST_SHARD, HashKeyRange: { StartingHashKey: '9', EndingHashKey: '1' } },
      ],
      message: 'shardHashRanges[0] has startingHashKey 9 above endingHashKey 1',
    },
  ])('refuses a list with $name when the decoder is created', ({ shards, message }) => {
    // Act
    const creating = () => createDecoder({ schema: ReadingSchema, shardHashRanges: shards });

    // Assess
    expect(creating).toThrow(InvalidOptionError);
    expect(creating).toThrow(message);
  });

  it('throws when the function gives a range that is not one: it is configuration, not the record', () => {
    // Prepare
    const broken = createDecoder({
      schema: ReadingSchema,
      shardHashRanges: () => ({ startingHashKey: 'zero', endingHashKey: '1' }),
    });

    // Act
    const decoding = () => broken.decodeAll(recordAt(event, 0));

    // Assess
    expect(decoding).toThrow(InvalidOptionError);
    expect(decoding).toThrow(`shardHashRanges(${FIRST_SHARD}).startingHashKey`);
  });

  it('fails with BAD_AGGREGATE a user record a stage of yours gives an invalid explicit hash key', () => {
    // Prepare
    const stage: Deaggregate = () => [
      { partitionKey: 'A', explicitHashKey: '-1', data: Buffer.from('{}'), subSequenceNumber: 0 },
    ];
    const custom = createDecoder({
      schema: anyValueSchema,
      deaggregate: stage,
      shardHashRanges: TWO_SHARDS,
    });

    // Act
    const results = custom.decodeAll(
      makeBytesRecord(Buffer.from('x'), sequenceNumber(0), { shardId: FIRST_SHARD }),
    );

    // Assess
    expect(results.map(outcome)).toEqual(['BAD_AGGREGATE']);
    expect(errorFrom(results[0] as DecodeResult<unknown>).message).toMatch(
      /^User record 0 has no valid hash key: ExplicitHashKey "-1"/,
    );
  });
});

describe('shardIdOf', () => {
  it.each([
    {
      eventID: `${FIRST_SHARD}:49590338271490256608559692538361571095921575989136588898`,
      shardId: FIRST_SHARD,
    },
    { eventID: 'no-colon', shardId: undefined },
    { eventID: ':123', shardId: undefined },
    { eventID: undefined, shardId: undefined },
  ])('reads $shardId out of the eventID $eventID', ({ eventID, shardId }) => {
    // Prepare
    const record = { ...makeBytesRecord(new Uint8Array(0)), eventID } as KinesisStreamRecord;

    // Act
    const found = shardIdOf(record);

    // Assess
    expect(found).toBe(shardId);
  });
});
