import { decodeAggregate, hashKeyOf } from '@kds/aggregation';
import { listShards } from '@kds/local';
import { describe, expect, it } from 'vitest';
import { type Reading, readings } from './helpers/readings.js';
import { readBack, useKinesalite } from './helpers/stream.js';

/** A user record read back from the stream, plain or out of an aggregate. */
interface StoredReading {
  readonly shardId: string;
  readonly partitionKey: string;
  readonly explicitHashKey: string | undefined;
  readonly reading: Reading;
}

const textDecoder = new TextDecoder();

const { client, producerOnFreshStream } = useKinesalite();

describe('aggregation on kinesalite', () => {
  it('puts 100,000 readings onto 2 shards: each reads back once, on a shard whose range holds its hash key', async () => {
    // Prepare
    // The default rate limit stays on: with aggregation it counts bytes, so 100,000 readings of
    // about 70 bytes take seconds, where 1,500 records/s per shard would take over half a minute.
    const { streamName, producer } = await producerOnFreshStream(2, {
      aggregation: true,
      maxBufferedRecords: 20_000,
    });
    const sent = readings(100_000);

    // Act
    const outcomes = await producer.putMany(sent);
    await producer.close();
    const stored = await readBack(client, streamName, Number.POSITIVE_INFINITY);

    // Assess
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    const ranges = new Map(
      (await listShards(client, streamName)).map((shard) => [
        shard.ShardId ?? '',
        {
          start: BigInt(shard.HashKeyRange?.StartingHashKey ?? '-1'),
          end: BigInt(shard.HashKeyRange?.EndingHashKey ?? '-1'),
        },
      ]),
    );
    const userRecords: StoredReading[] = [];
    for (const [shardId, records] of stored) {
      for (const record of records) {
        const data = record.Data ?? new Uint8Array(0);
        const decoded = decodeAggregate(data);
        if (!decoded.ok) throw decoded.error;
        if (!decoded.aggregated) {
          userRecords.push({
            shardId,
            partitionKey: record.PartitionKey ?? '',
            explicitHashKey: undefined,
            reading: JSON.parse(textDecoder.decode(data)) as Reading,
          });
          continue;
        }
        for (const { partitionKey, explicitHashKey, data: userData } of decoded.records) {
          userRecords.push({
            shardId,
            partitionKey,
            explicitHashKey,
            reading: JSON.parse(textDecoder.decode(userData)) as Reading,
          });
        }
      }
    }
    const kinesisRecords = [...stored.values()].reduce((total, { length }) => total + length, 0);
    expect(kinesisRecords).toBeLessThan(sent.length / 100);
    expect(producer.metrics()).toMatchObject({
      recordsPut: sent.length,
      kinesisRecordsPut: kinesisRecords,
    });
    expect(userRecords.map(({ reading }) => reading.Timestamp).sort((a, b) => a - b)).toEqual(
      sent.map(({ Timestamp }) => Timestamp),
    );
    expect(new Set(userRecords.map(({ shardId }) => shardId)).size).toBe(2);
    const misplaced = userRecords.filter(({ shardId, partitionKey, explicitHashKey }) => {
      const range = ranges.get(shardId);
      const hashKey = hashKeyOf(
        explicitHashKey === undefined ? { partitionKey } : { partitionKey, explicitHashKey },
      );
      return range === undefined || hashKey < range.start || hashKey > range.end;
    });
    expect(misplaced).toEqual([]);
  });
});
