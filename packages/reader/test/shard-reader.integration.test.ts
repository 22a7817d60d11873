import {
  CreateStreamCommand,
  type KinesisClient,
  MergeShardsCommand,
  PutRecordsCommand,
  type Shard,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createKinesisClient,
  createShardReader,
  createShardReadLimiter,
  listShards,
  parentShardIds,
  readableShards,
  type StartPosition,
  waitForStreamActive,
} from '../src/index.js';

/** Half of the 128-bit hash key space: a split there gives two even children. */
const MIDDLE_HASH_KEY = (2n ** 127n).toString();
/** Reads after which a shard that never ends fails the test instead of hanging it. */
const MAX_READS = 500;

let client: KinesisClient;
const readLimiter = createShardReadLimiter();

beforeAll(async () => {
  client = createKinesisClient({
    // kinesalite, started by the shared global setup.
    endpoint: inject('kinesisEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
});

async function put(streamName: string, texts: readonly string[]): Promise<void> {
  await client.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: texts.map((text, i) => ({
        PartitionKey: `key-${i}`,
        Data: new TextEncoder().encode(text),
      })),
    }),
  );
}

/** Reads a shard until it ends; returns the payloads read. */
async function readToEnd(streamName: string, shardId: string): Promise<string[]> {
  const start: StartPosition = { type: 'TRIM_HORIZON' };
  const reader = createShardReader({ client, streamName, shardId, start, readLimiter });
  const texts: string[] = [];
  try {
    for (let reads = 0; reads < MAX_READS; reads += 1) {
      const { records, ended } = await reader.read();
      texts.push(...records.map((record) => new TextDecoder().decode(record.Data)));
      if (ended) return texts;
    }
    throw new Error(`${shardId} did not end within ${MAX_READS} reads`);
  } finally {
    reader.close();
  }
}

const idsOf = (shards: readonly Shard[]): string[] =>
  shards.map((shard) => shard.ShardId ?? '').sort();

describe('createShardReader on kinesalite', () => {
  it('reads a shard, then its split children and their merged child, each to its end', async () => {
    // Prepare: one shard with records, read up to its tip while it is open.
    const streamName = `reader-${Date.now()}`;
    await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
    await waitForStreamActive(client, streamName);
    const [parent] = await listShards(client, streamName);
    const parentId = parent?.ShardId ?? '';
    await put(streamName, ['a1', 'a2', 'a3']);
    const reader = createShardReader({
      client,
      streamName,
      shardId: parentId,
      start: { type: 'TRIM_HORIZON' },
      readLimiter,
    });
    const beforeSplit: string[] = [];
    for (let reads = 0; reads < MAX_READS && beforeSplit.length < 3; reads += 1) {
      const { records, ended } = await reader.read();
      expect(ended).toBe(false);
      beforeSplit.push(...records.map((record) => new TextDecoder().decode(record.Data)));
    }

    // Act: split, then read the parent on to its end.
    await client.send(
      new SplitShardCommand({
        StreamName: streamName,
        ShardToSplit: parentId,
        NewStartingHashKey: MIDDLE_HASH_KEY,
      }),
    );
    await waitForStreamActive(client, streamName);
    let parentEnd = await reader.read();
    for (let reads = 0; reads < MAX_READS && !parentEnd.ended; reads += 1) {
      expect(parentEnd.records).toEqual([]);
      parentEnd = await reader.read();
    }
    reader.close();
    const afterSplit = await listShards(client, streamName);
    const children = readableShards(afterSplit, (shardId) => shardId === parentId);

    await put(streamName, ['b1', 'b2', 'b3', 'b4']);
    const [left, right] = idsOf(children);
    await client.send(
      new MergeShardsCommand({
        StreamName: streamName,
        ShardToMerge: left ?? '',
        AdjacentShardToMerge: right ?? '',
      }),
    );
    await waitForStreamActive(client, streamName);
    await put(streamName, ['c1']);
    const childTexts = [
      ...(await readToEnd(streamName, left ?? '')),
      ...(await readToEnd(streamName, right ?? '')),
    ];
    const afterMerge = await listShards(client, streamName);
    const ended = new Set([parentId, left, right]);
    const [merged] = readableShards(afterMerge, (shardId) => ended.has(shardId));
    const mergedReader = createShardReader({
      client,
      streamName,
      shardId: merged?.ShardId ?? '',
      start: { type: 'TRIM_HORIZON' },
      readLimiter,
    });
    let mergedRead = await mergedReader.read();
    for (let reads = 0; reads < MAX_READS && mergedRead.records.length === 0; reads += 1) {
      mergedRead = await mergedReader.read();
    }
    mergedReader.close();

    // Assess
    expect(beforeSplit).toEqual(['a1', 'a2', 'a3']);
    expect(parentEnd).toMatchObject({ ended: true, records: [] });
    expect(reader.lastSequenceNumber).toBeDefined();
    expect(idsOf(children)).toHaveLength(2);
    for (const child of children) expect(parentShardIds(child)).toEqual([parentId]);
    expect(childTexts.sort()).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(parentShardIds(merged ?? {}).sort()).toEqual([left, right]);
    expect(mergedRead.ended).toBe(false);
    expect(mergedRead.records.map((record) => new TextDecoder().decode(record.Data))).toEqual([
      'c1',
    ]);
  });
});
