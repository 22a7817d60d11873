import { gzipSync } from 'node:zlib';
import { hashKeyOf } from '@kds/aggregation';
import { awsAggregate } from '@kds/interop';
import { ReadingSchema } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import { createDecoder, processKinesisEvent, type SinkItem } from '../src/index.js';
import { makeBytesRecord, TWO_SHARDS } from './helpers/kpl.js';
import { makeEvent, makeReading, sequenceNumber } from './helpers/records.js';
import { valueFrom } from './helpers/results.js';
import { anyValueSchema } from './helpers/schemas.js';

// aws-kinesis-agg 4.2.8 mislabels records whose keys look like array indexes ("1".."100"): its
// key tables come from Object.keys. Every key here is non-numeric.
const KEYS = ['sensor-A', 'Zürich', 'капибара', '温度計', '🌡️ hall', 'x'.repeat(256)];

describe('aggregates made by aws-kinesis-agg', () => {
  it('decode through the consumer: values, keys, explicit hash keys and sub-sequence numbers', async () => {
    // Prepare
    const users = Array.from({ length: 60 }, (_, i) => ({
      partitionKey: KEYS[i % KEYS.length] as string,
      ...(i % 4 === 1 ? { explicitHashKey: (2n ** 127n + BigInt(i)).toString() } : {}),
      value: makeReading({ Timestamp: i, Temperature: i % 45 }),
    }));
    const [aggregate, ...more] = await awsAggregate(
      users.map(({ value, ...keys }) => ({ ...keys, data: Buffer.from(JSON.stringify(value)) })),
    );
    const decoder = createDecoder({ schema: ReadingSchema });

    // Act
    const results = decoder.decodeAll(makeBytesRecord(aggregate?.data ?? new Uint8Array(0)));

    // Assess
    expect(more).toEqual([]);
    expect(results.map(valueFrom)).toEqual(users.map(({ value }) => value));
    expect(results.map((result) => result.userRecord?.partitionKey)).toEqual(
      users.map(({ partitionKey }) => partitionKey),
    );
    expect(results.map((result) => result.userRecord?.explicitHashKey)).toEqual(
      users.map((user) => user.explicitHashKey),
    );
    expect(results.map((result) => result.userRecord?.subSequenceNumber)).toEqual(
      users.map((_, i) => i),
    );
  });

  it('decode gzip user records and arbitrary bytes as they were given', async () => {
    // Prepare
    const value = { nested: { list: [1, 2, 3] }, text: 'ünïcödé' };
    const [aggregate] = await awsAggregate([
      { partitionKey: 'gzip', data: gzipSync(JSON.stringify(value)) },
      { partitionKey: 'plain', data: Buffer.from(JSON.stringify(value)) },
    ]);
    const decoder = createDecoder({ schema: anyValueSchema });

    // Act
    const results = decoder.decodeAll(makeBytesRecord(aggregate?.data ?? new Uint8Array(0)));

    // Assess
    expect(results.map(valueFrom)).toEqual([value, value]);
  });

  it('go through processKinesisEvent, split across records, with the range check on', async () => {
    // Prepare: user records of the first shard only, so every one is in range.
    const firstShard = TWO_SHARDS[0]?.HashKeyRange;
    const end = BigInt(firstShard?.EndingHashKey ?? '0');
    const keys = Array.from({ length: 400 }, (_, i) => `device-${i}`).filter(
      (key) => hashKeyOf({ partitionKey: key }) <= end,
    );
    const values = keys.map((key, i) => ({ key, Timestamp: i, pad: 'p'.repeat(8_000) }));
    const aggregates = await awsAggregate(
      values.map((value) => ({
        partitionKey: value.key,
        data: Buffer.from(JSON.stringify(value)),
      })),
    );
    const event = makeEvent(
      aggregates.map((aggregate, i) =>
        makeBytesRecord(aggregate.data, sequenceNumber(i), { shardId: 'shardId-000000000000' }),
      ),
    );
    const decoder = createDecoder({
      schema: anyValueSchema,
      shardHashRanges: TWO_SHARDS,
    });
    const stored: SinkItem<unknown>[] = [];

    // Act
    const result = await processKinesisEvent(event, {
      decoder,
      poison: 'fail',
      sink: async (items) => {
        stored.push(...items);
        return undefined;
      },
    });

    // Assess
    expect(aggregates.length).toBeGreaterThan(1);
    expect(result.batchItemFailures).toEqual([]);
    expect(stored.map((item) => item.value)).toEqual(values);
    expect(result.summary).toMatchObject({ received: aggregates.length, decoded: values.length });
  });
});
