import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_MAGIC,
  decodeAggregate,
  EmptyAggregateError,
  encodeAggregate,
  InvalidRecordCode,
  InvalidRecordError,
  type UserRecord,
} from '../src/index.js';
import { AggregatedRecordType, readWithProtobufjs } from './helpers/protobufjs.js';
import { userRecord } from './helpers/records.js';
import { recordsOf, thrownBy } from './helpers/results.js';

const HASH_KEY = '170141183460469231731687303715884105728'; // 2^127

describe('encodeAggregate', () => {
  it('frames the protobuf body with the magic and the MD5 of the body', () => {
    // Prepare
    const records = [userRecord('A', 'one'), userRecord('B', 'two')];

    // Act
    const bytes = encodeAggregate(records);

    // Assess
    const body = bytes.subarray(4, bytes.length - 16);
    expect([...bytes.subarray(0, 4)]).toEqual([...AGGREGATE_MAGIC]);
    expect(Buffer.from(bytes.subarray(bytes.length - 16))).toEqual(
      createHash('md5').update(body).digest(),
    );
  });

  it('writes the same bytes as protobufjs for the same message', () => {
    // Prepare
    const records = [
      userRecord('sensor-é', 'one', { explicitHashKey: HASH_KEY }),
      userRecord('🌡️', 'two'),
      userRecord('sensor-é', 'three', { tags: [{ key: 'k', value: 'v' }, { key: 'only-key' }] }),
    ];
    const expectedBody = AggregatedRecordType.encode(
      AggregatedRecordType.fromObject({
        partition_key_table: ['sensor-é', '🌡️'],
        explicit_hash_key_table: [HASH_KEY],
        records: [
          { partition_key_index: 0, explicit_hash_key_index: 0, data: records[0]?.data },
          { partition_key_index: 1, data: records[1]?.data },
          {
            partition_key_index: 0,
            data: records[2]?.data,
            tags: [{ key: 'k', value: 'v' }, { key: 'only-key' }],
          },
        ],
      }),
    ).finish();

    // Act
    const bytes = encodeAggregate(records);

    // Assess
    expect(Buffer.from(bytes.subarray(4, bytes.length - 16))).toEqual(Buffer.from(expectedBody));
  });

  it('stores each partition key and explicit hash key once, in first-seen order', () => {
    // Prepare
    const records = [
      userRecord('5', 'a', { explicitHashKey: '9' }),
      userRecord('3', 'b', { explicitHashKey: '7' }),
      userRecord('5', 'c', { explicitHashKey: '9' }),
      userRecord('b', 'd'),
      userRecord('3', 'e', { explicitHashKey: '7' }),
    ];

    // Act
    const body = readWithProtobufjs(encodeAggregate(records));

    // Assess
    expect(body.partition_key_table).toEqual(['5', '3', 'b']);
    expect(body.explicit_hash_key_table).toEqual(['9', '7']);
    expect(body.records.map((record) => record.partition_key_index)).toEqual([0, 1, 0, 2, 1]);
  });

  it('gives user record i the sub-sequence number i', () => {
    // Prepare
    const records = Array.from({ length: 5 }, (_, i) => userRecord(`key-${i % 2}`, `data-${i}`));

    // Act
    const result = decodeAggregate(encodeAggregate(records));

    // Assess
    expect(result.ok && result.aggregated).toBe(true);
    if (!result.ok || !result.aggregated) return;
    expect(result.records.map((record) => record.subSequenceNumber)).toEqual([0, 1, 2, 3, 4]);
    expect(result.records.map((record) => Buffer.from(record.data).toString())).toEqual(
      records.map((_, i) => `data-${i}`),
    );
  });

  it('takes a key of 256 emoji (512 UTF-16 units, 1,024 UTF-8 bytes)', () => {
    // Prepare
    const partitionKey = '😀'.repeat(256);

    // Act
    const result = decodeAggregate(encodeAggregate([userRecord(partitionKey, 'x')]));

    // Assess
    expect(result.ok && result.aggregated && result.records[0]?.partitionKey).toBe(partitionKey);
  });

  it('takes string data as its UTF-8 bytes', () => {
    // Prepare
    const texts = ['{"Spot":"Q","Temperature":36}', 'clé 🌡️ 温度', ''];
    const asStrings = texts.map((data, i) => ({ partitionKey: String(i), data }));
    const asBytes = texts.map((text, i) => userRecord(String(i), text));

    // Act
    const fromStrings = encodeAggregate(asStrings);

    // Assess
    expect(Buffer.from(fromStrings)).toEqual(Buffer.from(encodeAggregate(asBytes)));
    expect(recordsOf(decodeAggregate(fromStrings)).map(({ data }) => data)).toEqual(
      texts.map((text) => Buffer.from(text, 'utf8')),
    );
  });

  it('refuses an empty list with EmptyAggregateError', () => {
    // Act
    const act = (): Uint8Array => encodeAggregate([]);

    // Assess
    expect(act).toThrow(EmptyAggregateError);
  });

  it.each<{ name: string; record: unknown; code: InvalidRecordCode }>([
    {
      name: 'an empty partition key',
      record: userRecord('', 'x'),
      code: InvalidRecordCode.InvalidPartitionKey,
    },
    {
      name: 'a partition key of 257 characters',
      record: userRecord('é'.repeat(257), 'x'),
      code: InvalidRecordCode.InvalidPartitionKey,
    },
    {
      name: 'a partition key that is not a string',
      record: { partitionKey: 7, data: new Uint8Array(1) },
      code: InvalidRecordCode.InvalidPartitionKey,
    },
    {
      name: 'an ExplicitHashKey with a leading zero',
      record: userRecord('A', 'x', { explicitHashKey: '01' }),
      code: InvalidRecordCode.InvalidHashKey,
    },
    {
      name: 'a negative ExplicitHashKey',
      record: userRecord('A', 'x', { explicitHashKey: '-1' }),
      code: InvalidRecordCode.InvalidHashKey,
    },
    {
      name: 'an ExplicitHashKey of 2^128',
      record: userRecord('A', 'x', { explicitHashKey: String(1n << 128n) }),
      code: InvalidRecordCode.InvalidHashKey,
    },
    {
      name: 'data that is a number',
      record: { partitionKey: 'A', data: 42 },
      code: InvalidRecordCode.InvalidData,
    },
    {
      name: 'a tag without a key',
      record: { partitionKey: 'A', data: new Uint8Array(1), tags: [{ value: 'v' }] },
      code: InvalidRecordCode.InvalidTag,
    },
  ])('refuses $name with InvalidRecordError naming the record', ({ record, code }) => {
    // Prepare
    const records = [userRecord('A', 'fine'), record as UserRecord];

    // Act
    const act = (): Uint8Array => encodeAggregate(records);

    // Assess
    const error = thrownBy(act);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as InvalidRecordError).code).toBe(code);
    expect((error as InvalidRecordError).message).toMatch(/^User record 1: /);
  });

  it('accepts the largest ExplicitHashKey, 2^128 - 1', () => {
    // Prepare
    const explicitHashKey = String((1n << 128n) - 1n);

    // Act
    const result = decodeAggregate(encodeAggregate([userRecord('A', 'x', { explicitHashKey })]));

    // Assess
    expect(result.ok && result.aggregated && result.records[0]?.explicitHashKey).toBe(
      explicitHashKey,
    );
  });
});
