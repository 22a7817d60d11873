import { MAX_RECORD_BYTES_CEILING } from '@kds/core';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATE_PARTITION_KEY,
  type Aggregator,
  createAggregator,
  DEFAULT_AGGREGATION_MAX_SIZE,
  decodeAggregate,
  encodeAggregate,
  type FlushedRecord,
  hashKeyOf,
  InvalidOptionError,
  InvalidRecordError,
  type UserRecord,
} from '../src/index.js';
import { expectedDecoded, readingRecords, userRecord } from './helpers/records.js';
import { recordsOf } from './helpers/results.js';

/** Feeds `records` through `aggregator` the way a producer does; returns what it would send. */
function aggregateAll<R extends UserRecord>(
  aggregator: Aggregator<R>,
  records: readonly R[],
): { sent: FlushedRecord<R>[]; plain: R[] } {
  const sent: FlushedRecord<R>[] = [];
  const plain: R[] = [];
  for (const record of records) {
    if (aggregator.tryAdd(record)) continue;
    const full = aggregator.flush();
    if (full !== undefined) sent.push(full);
    if (!aggregator.tryAdd(record)) plain.push(record);
  }
  const last = aggregator.flush();
  if (last !== undefined) sent.push(last);
  return { sent, plain };
}

describe('createAggregator', () => {
  it('reports after every record the exact size its aggregate encodes to', () => {
    // Prepare
    const aggregator = createAggregator();
    const records = [
      userRecord('A', 'one'),
      userRecord('é😀', 'two', { explicitHashKey: '12345678901234567890' }),
      userRecord('A', 'three', { explicitHashKey: '12345678901234567890' }),
      userRecord('B', 'four', { tags: [{ key: 'k', value: 'v' }] }),
      userRecord('x'.repeat(256), 'y'.repeat(300)),
    ];
    const sizes: number[] = [];

    // Act
    for (const record of records) {
      aggregator.tryAdd(record);
      sizes.push(aggregator.size);
    }

    // Assess
    expect(sizes).toEqual(records.map((_, i) => encodeAggregate(records.slice(0, i + 1)).length));
    expect(aggregator.count).toBe(records.length);
  });

  it('keeps every aggregate within maxBytes, and closes one only when the next record would not fit', () => {
    // Prepare
    const maxBytes = 2_000;
    const aggregator = createAggregator({ maxBytes });
    const readings = readingRecords(1_000);

    // Act
    const { sent, plain } = aggregateAll(aggregator, readings);

    // Assess
    expect(plain).toEqual([]);
    expect(sent.flatMap((entry) => entry.records)).toEqual(readings);
    for (const [i, entry] of sent.entries()) {
      expect(entry.aggregated).toBe(true);
      expect(entry.data.length).toBeLessThanOrEqual(maxBytes);
      const next = sent[i + 1]?.records[0];
      if (next === undefined) continue;
      const probe = createAggregator({ maxBytes: 10 * maxBytes });
      for (const record of [...entry.records, next]) probe.tryAdd(record);
      expect(probe.size).toBeGreaterThan(maxBytes);
    }
  });

  it('fills the default 51,200-byte aggregates with about 800 tutorial readings each', () => {
    // Prepare
    const aggregator = createAggregator();
    const readings = readingRecords(10_000);

    // Act
    const { sent } = aggregateAll(aggregator, readings);

    // Assess
    const full = sent.slice(0, -1);
    expect(full.length).toBeGreaterThan(0);
    for (const entry of full) {
      expect(entry.data.length).toBeLessThanOrEqual(DEFAULT_AGGREGATION_MAX_SIZE);
      expect(entry.data.length).toBeGreaterThan(DEFAULT_AGGREGATION_MAX_SIZE - 100);
    }
    expect(sent.flatMap((entry) => recordsOf(decodeAggregate(entry.data)))).toHaveLength(10_000);
  });

  it('holds at most maxCount records', () => {
    // Prepare
    const aggregator = createAggregator({ maxCount: 3 });

    // Act
    const { sent } = aggregateAll(aggregator, readingRecords(10));

    // Assess
    expect(sent.map((entry) => entry.records.length)).toEqual([3, 3, 3, 1]);
  });

  it('refuses, when empty, a record larger than maxBytes on its own, so it can be sent plain', () => {
    // Prepare
    const aggregator = createAggregator({ maxBytes: 100 });
    const large = userRecord('A', 'x'.repeat(100));

    // Act
    const added = aggregator.tryAdd(large);

    // Assess
    expect(added).toBe(false);
    expect(aggregator.count).toBe(0);
    expect(aggregator.size).toBe(0);
    expect(aggregator.flush()).toBeUndefined();
  });

  it('sends a group of one as the plain user record', () => {
    // Prepare
    const aggregator = createAggregator();
    const record = userRecord('device-1', '{"Temperature":36}', { explicitHashKey: '7' });
    aggregator.tryAdd(record);

    // Act
    const flushed = aggregator.flush();

    // Assess
    expect(flushed).toEqual({
      data: record.data,
      partitionKey: 'device-1',
      explicitHashKey: '7',
      aggregated: false,
      records: [record],
    });
    expect(flushed?.data).toBe(record.data);
  });

  it.each([
    {
      name: 'a partition key',
      first: userRecord('device-1', 'a'),
      expected: hashKeyOf({ partitionKey: 'device-1' }).toString(),
    },
    {
      name: 'an ExplicitHashKey',
      first: userRecord('device-1', 'a', { explicitHashKey: '99' }),
      expected: '99',
    },
  ])(
    'sends an aggregate under key "a" with the hash key of its first record, which has $name',
    ({ first, expected }) => {
      // Prepare
      const aggregator = createAggregator();
      aggregator.tryAdd(first);
      aggregator.tryAdd(userRecord('device-2', 'b'));

      // Act
      const flushed = aggregator.flush();

      // Assess
      expect(flushed?.partitionKey).toBe(AGGREGATE_PARTITION_KEY);
      expect(flushed?.explicitHashKey).toBe(expected);
      expect(flushed?.aggregated).toBe(true);
    },
  );

  it('hands back your own record objects in sub-sequence order, and decodes to them', () => {
    // Prepare
    interface Pending extends UserRecord {
      readonly id: number;
    }
    const aggregator = createAggregator<Pending>();
    const pending: Pending[] = [0, 1, 2].map((id) => ({
      ...userRecord(`key-${id}`, `data-${id}`),
      id,
    }));
    for (const record of pending) aggregator.tryAdd(record);

    // Act
    const flushed = aggregator.flush();

    // Assess
    expect(flushed?.records.map((record) => record.id)).toEqual([0, 1, 2]);
    expect(recordsOf(decodeAggregate(flushed?.data ?? new Uint8Array()))).toEqual(
      pending.map((record, i) => expectedDecoded(record, i)),
    );
  });

  it('starts empty again after flush', () => {
    // Prepare
    const aggregator = createAggregator();
    aggregator.tryAdd(userRecord('A', 'one'));
    aggregator.tryAdd(userRecord('B', 'two'));

    // Act
    aggregator.flush();

    // Assess
    expect(aggregator.count).toBe(0);
    expect(aggregator.size).toBe(0);
    expect(aggregator.flush()).toBeUndefined();
  });

  it('throws InvalidRecordError for a bad record and keeps what it held', () => {
    // Prepare
    const aggregator = createAggregator();
    aggregator.tryAdd(userRecord('A', 'one'));
    const sizeBefore = aggregator.size;

    // Act
    const act = (): boolean => aggregator.tryAdd(userRecord('', 'two'));

    // Assess
    expect(act).toThrow(InvalidRecordError);
    expect(aggregator.count).toBe(1);
    expect(aggregator.size).toBe(sizeBefore);
  });

  it.each([
    { options: { maxBytes: 63 }, option: 'maxBytes' },
    { options: { maxBytes: MAX_RECORD_BYTES_CEILING + 1 }, option: 'maxBytes' },
    { options: { maxBytes: 1000.5 }, option: 'maxBytes' },
    { options: { maxCount: 0 }, option: 'maxCount' },
    { options: { maxCount: Number.NaN }, option: 'maxCount' },
  ])('refuses $options with an InvalidOptionError naming $option', ({ options, option }) => {
    // Act
    const act = (): Aggregator => createAggregator(options);

    // Assess
    expect(act).toThrow(InvalidOptionError);
    expect(act).toThrow(expect.objectContaining({ option, code: 'INVALID_OPTION' }));
  });
});
