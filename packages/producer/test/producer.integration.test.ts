import { PutRecordsCommand, SplitShardCommand } from '@aws-sdk/client-kinesis';
import { listShards, waitForStreamActive } from '@kds/local';
import { describe, expect, it } from 'vitest';
import { hashKeyRoundRobin } from '../src/index.js';
import { ShardMap } from '../src/shard-map.js';
import { type Reading, readings, SPOTS } from './helpers/readings.js';
import { freshStream, readBack, useKinesalite } from './helpers/stream.js';

const { client, producerOnFreshStream } = useKinesalite();

describe('hashKeyRoundRobin on kinesalite', () => {
  it('spreads 10,000 readings over 4 shards within 2 % of 2,500 each, and every one reads back', async () => {
    // Prepare
    const { streamName, producer } = await producerOnFreshStream(4, {
      partitionKey: hashKeyRoundRobin(),
    });
    const sent = readings(10_000);

    // Act
    const outcomes = await producer.putMany(sent);
    await producer.close();
    const stored = await readBack(client, streamName, sent.length);

    // Assess
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(stored.size).toBe(4);
    for (const records of stored.values()) {
      expect(records.length).toBeGreaterThanOrEqual(2_450);
      expect(records.length).toBeLessThanOrEqual(2_550);
    }
    const timestamps = [...stored.values()]
      .flat()
      .map(
        (record) =>
          (JSON.parse(Buffer.from(record.Data ?? []).toString('utf8')) as Reading).Timestamp,
      )
      .sort((a, b) => a - b);
    expect(timestamps).toEqual(sent.map((reading) => reading.Timestamp));
    const perShardFromResults = new Map<string, number>();
    for (const outcome of outcomes) {
      if (outcome.ok) {
        const { shardId } = outcome.value;
        perShardFromResults.set(shardId, (perShardFromResults.get(shardId) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(perShardFromResults)).toEqual(
      Object.fromEntries([...stored].map(([shardId, records]) => [shardId, records.length])),
    );
  });
});

describe('shard prediction against kinesalite', () => {
  it('predicts the shard kinesalite picks for 2,000 keys and ExplicitHashKeys on 5 shards', async () => {
    // Prepare
    const streamName = await freshStream(client, 5);
    const map = ShardMap.fromShards(await listShards(client, streamName));
    const entries = Array.from({ length: 2_000 }, (_, index) => ({
      PartitionKey: `device-${index * 7_919}-${index % 13}`,
      Data: Buffer.from(String(index)),
      ...(index % 4 === 0
        ? { ExplicitHashKey: ((BigInt(index) * 2n ** 116n) % 2n ** 128n).toString() }
        : {}),
    }));

    // Act
    const actual: string[] = [];
    for (let start = 0; start < entries.length; start += 500) {
      const response = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: entries.slice(start, start + 500),
        }),
      );
      actual.push(...(response.Records ?? []).map((record) => record.ShardId ?? ''));
    }

    // Assess
    const predicted = entries.map(
      (entry) => map.predict(entry.PartitionKey, entry.ExplicitHashKey)?.shardId,
    );
    expect(predicted).toEqual(actual);
    expect(new Set(actual).size).toBe(5);
  });

  it('puts the one-letter keys of docs/kinesis-facts.md on the shards it names', async () => {
    // Prepare
    const streamName = await freshStream(client, 2);
    const map = ShardMap.fromShards(await listShards(client, streamName));
    const letters = SPOTS.split('');

    // Act
    const response = await client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: letters.map((letter) => ({ PartitionKey: letter, Data: Buffer.from(letter) })),
      }),
    );

    // Assess
    const onFirst = letters.filter(
      (_, index) => response.Records?.[index]?.ShardId === 'shardId-000000000000',
    );
    expect(onFirst.join('')).toBe('ACEMPSUVWXYZ');
    expect(letters.map((letter) => map.predict(letter)?.shardId)).toEqual(
      response.Records?.map((record) => record.ShardId),
    );
  });
});

describe('resharding on kinesalite', () => {
  it('follows a split: after a record lands on a child shard, round robin spreads over both children', async () => {
    // Prepare
    const { streamName, producer } = await producerOnFreshStream(1, {
      partitionKey: hashKeyRoundRobin(),
    });
    await producer.putMany(readings(10));
    await client.send(
      new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: (2n ** 127n).toString(),
      }),
    );
    await waitForStreamActive(client, streamName);

    // Act: the first batch still aims at the closed parent and lands on a child; the producer
    // reads the map again (at most once a second) and aims at the children from then on.
    await producer.putMany(readings(10));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await producer.putMany(readings(10));
    const later = await producer.putMany(readings(100));
    await producer.close();

    // Assess
    const shards = later.map((outcome) => (outcome.ok ? outcome.value.shardId : 'failed'));
    expect(new Set(shards)).toEqual(new Set(['shardId-000000000001', 'shardId-000000000002']));
    expect(shards.filter((shardId) => shardId === 'shardId-000000000001')).toHaveLength(50);
    expect(producer.metrics().shardMapRefreshes).toBeGreaterThanOrEqual(2);
  });
});
