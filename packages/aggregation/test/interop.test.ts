import { awsAggregate, awsDeaggregate } from '@kds/interop';
import { describe, expect, it } from 'vitest';
import { decodeAggregate, encodeAggregate } from '../src/index.js';
import { type BytesRecord, userRecord } from './helpers/records.js';
import { recordsOf } from './helpers/results.js';

// Keys that cannot be array indexes: aws-kinesis-agg builds its key tables with Object.keys, which
// puts index-like keys ("0".."4294967294") first in numeric order and so mislabels records.
const HASH_KEY_LOW = '85070591730234615865843651857942052864'; // 2^126
const HASH_KEY_HIGH = '340282366920938463463374607431768211455'; // 2^128 - 1
const HASH_KEY_MID = '4294967296'; // 2^32

/** Records with multi-byte and emoji keys, each with an ExplicitHashKey, some repeated. */
const UTF8_RECORDS: BytesRecord[] = [
  userRecord('sensor-é', '{"Temperature":36}', { explicitHashKey: HASH_KEY_HIGH }),
  userRecord('温度計', '{"Temperature":21}', { explicitHashKey: HASH_KEY_LOW }),
  userRecord('🌡️🔥', '{"Temperature":40}', { explicitHashKey: HASH_KEY_HIGH }),
  userRecord('sensor-é', '{"Temperature":37}', { explicitHashKey: HASH_KEY_LOW }),
  userRecord('Ωmega', 'not json at all ✓', { explicitHashKey: HASH_KEY_MID }),
];

describe('our aggregates, read by aws-kinesis-agg deaggregateSync', () => {
  it('yield every user record with its UTF-8 key, explicit hash key, data and index', () => {
    // Prepare
    const aggregate = encodeAggregate(UTF8_RECORDS);

    // Act
    const theirs = awsDeaggregate(aggregate);

    // Assess
    expect(
      theirs.map(({ partitionKey, explicitPartitionKey, subSequenceNumber, data }) => ({
        partitionKey,
        explicitHashKey: explicitPartitionKey,
        subSequenceNumber,
        data: Buffer.from(data, 'base64').toString(),
      })),
    ).toEqual(
      UTF8_RECORDS.map((record, i) => ({
        partitionKey: record.partitionKey,
        explicitHashKey: record.explicitHashKey,
        subSequenceNumber: i,
        data: Buffer.from(record.data).toString(),
      })),
    );
  });

  it('yield the right keys when keys and hash keys look like numbers in any order', () => {
    // Prepare
    const records = [57, 3, 100, 12, 3, 57].map((key, i) =>
      userRecord(String(key), `reading-${i}`, { explicitHashKey: String(1000 - key) }),
    );

    // Act
    const theirs = awsDeaggregate(encodeAggregate(records));

    // Assess
    expect(theirs.map((record) => record.partitionKey)).toEqual([
      '57',
      '3',
      '100',
      '12',
      '3',
      '57',
    ]);
    expect(theirs.map((record) => record.explicitPartitionKey)).toEqual([
      '943',
      '997',
      '900',
      '988',
      '997',
      '943',
    ]);
    expect(theirs.map((record) => Buffer.from(record.data, 'base64').toString())).toEqual(
      records.map((_, i) => `reading-${i}`),
    );
  });
});

describe("aws-kinesis-agg's aggregates, read by decodeAggregate", () => {
  it('yield every user record with its UTF-8 key, explicit hash key, data and index', async () => {
    // Prepare
    const [aggregate, ...more] = await awsAggregate(UTF8_RECORDS);

    // Act
    const ours = recordsOf(decodeAggregate(aggregate?.data ?? new Uint8Array()));

    // Assess
    expect(more).toEqual([]);
    expect(ours).toEqual(
      UTF8_RECORDS.map((record, i) => ({
        partitionKey: record.partitionKey,
        explicitHashKey: record.explicitHashKey,
        data: Buffer.from(record.data),
        subSequenceNumber: i,
      })),
    );
  });

  it('yield what aws-kinesis-agg itself reads back, records without a hash key included', async () => {
    // Prepare
    const records = [
      userRecord('b', 'one'),
      userRecord('😀', 'two', { explicitHashKey: HASH_KEY_HIGH }),
      userRecord('57', 'three'),
      userRecord('3', 'four'),
    ];
    const [aggregate] = await awsAggregate(records);
    const bytes = aggregate?.data ?? new Uint8Array();

    // Act
    const ours = recordsOf(decodeAggregate(bytes));

    // Assess
    const theirs = awsDeaggregate(bytes);
    expect(
      ours.map((record) => [record.partitionKey, Buffer.from(record.data).toString('base64')]),
    ).toEqual(theirs.map((record) => [record.partitionKey, record.data]));
    expect(ours[1]?.explicitHashKey).toBe(HASH_KEY_HIGH);
    expect(ours.filter((record) => record.explicitHashKey !== undefined)).toHaveLength(1);
  });

  it('are byte for byte what we encode when no key looks like an array index', async () => {
    // Prepare
    const records = [...UTF8_RECORDS, userRecord('plain-key', 'no hash key')];

    // Act
    const [theirs] = await awsAggregate(records);
    const ours = encodeAggregate(records);

    // Assess
    expect(Buffer.from(ours).equals(theirs?.data ?? Buffer.alloc(0))).toBe(true);
  });
});
