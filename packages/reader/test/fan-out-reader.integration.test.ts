import {
  type _Record,
  CreateStreamCommand,
  KinesisClient,
  PutRecordsCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { EMULATOR_REGION, type RunningEmulator, startKinesisLocal } from '@kds/emulators';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFanOutShardReader,
  createShardReader,
  createShardReadLimiter,
  listShards,
  readableShards,
  registerStreamConsumer,
  type ShardReader,
  waitForStreamActive,
} from '../src/index.js';

/** Readings per test: kinesis-local slows down past a few thousand records. */
const READINGS = 300;
/** Reads after which a consumer that never gets everything fails the test instead of hanging. */
const MAX_READS = 1_000;
/** kinesis-mock sends no ChildShards: the fan-out reader looks for the shard's end this often. */
const SHARD_END_CHECK_MS = 200;

let kinesisLocal: RunningEmulator;
let client: KinesisClient;
let streams = 0;

// One kinesis-local for the file: it takes seconds and 170 MiB to start. It serves
// SubscribeToShard over HTTP/1.1 (chunked event stream), so the emulator client's handler works.
beforeAll(async () => {
  kinesisLocal = await startKinesisLocal();
  client = new KinesisClient({
    endpoint: kinesisLocal.endpoint,
    region: EMULATOR_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
});

afterAll(async () => {
  client?.destroy();
  await kinesisLocal?.stop();
});

async function freshStream(shardCount: number): Promise<{ name: string; arn: string }> {
  streams += 1;
  const name = `efo-${streams}`;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  return { name, arn: await waitForStreamActive(client, name) };
}

/**
 * Puts readings `from` to `to - 1` in batches of 50, one key per ten ids, in id order; returns
 * how many went to each shard.
 */
async function putReadings(stream: string, from: number, to: number): Promise<Map<string, number>> {
  const perShard = new Map<string, number>();
  for (let start = from; start < to; start += 50) {
    const ids = Array.from({ length: Math.min(50, to - start) }, (_, i) => start + i);
    const response = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: ids.map((id) => ({
          Data: new TextEncoder().encode(String(id)),
          PartitionKey: `key-${Math.floor(id / 10)}`,
        })),
      }),
    );
    expect(response.FailedRecordCount ?? 0).toBe(0);
    for (const entry of response.Records ?? []) {
      const shardId = entry.ShardId ?? '';
      perShard.set(shardId, (perShard.get(shardId) ?? 0) + 1);
    }
  }
  return perShard;
}

const idOf = (record: _Record): number => Number(new TextDecoder().decode(record.Data));

/** Reads a shard until `enough` says so or the shard ends; returns the records in read order. */
async function drain(
  reader: ShardReader,
  enough: (records: readonly _Record[]) => boolean,
): Promise<{ records: _Record[]; ended: boolean }> {
  const records: _Record[] = [];
  try {
    for (let reads = 0; reads < MAX_READS; reads += 1) {
      const result = await reader.read();
      records.push(...result.records);
      if (result.ended || enough(records)) return { records, ended: result.ended };
    }
    throw new Error(`no end after ${MAX_READS} reads (${records.length} records)`);
  } finally {
    reader.close();
  }
}

/** Ids per partition key must rise: the order of a key survives any number of shards. */
function expectKeyOrder(records: readonly _Record[]): void {
  const lastByKey = new Map<string, number>();
  for (const record of records) {
    const id = idOf(record);
    const key = record.PartitionKey ?? '';
    expect(id).toBeGreaterThan(lastByKey.get(key) ?? -1);
    lastByKey.set(key, id);
  }
}

const ascendingSequence = (records: readonly _Record[]): boolean =>
  records.every(
    (record, i) =>
      i === 0 || BigInt(record.SequenceNumber ?? 0) > BigInt(records[i - 1]?.SequenceNumber ?? 0),
  );

describe('the fan-out reader on kinesis-local', () => {
  it('gives two fan-out consumers and one polling consumer every reading once, in shard order', async () => {
    // Prepare
    const stream = await freshStream(2);
    const shards = (await listShards(client, stream.name)).map((shard) => shard.ShardId ?? '');
    const consumers = await Promise.all(
      ['alerts', 'archive'].map((consumerName) =>
        registerStreamConsumer(client, { streamARN: stream.arn, consumerName }),
      ),
    );
    const readLimiter = createShardReadLimiter();
    const readers = (kind: string): ShardReader[] =>
      shards.map((shardId) =>
        kind === 'polling'
          ? createShardReader({
              client,
              streamName: stream.name,
              shardId,
              start: { type: 'TRIM_HORIZON' },
              readLimiter,
            })
          : createFanOutShardReader({
              client,
              consumerARN: consumers[kind === 'alerts' ? 0 : 1]?.consumerARN ?? '',
              shardId,
              start: { type: 'TRIM_HORIZON' },
            }),
      );
    const byConsumer = {
      alerts: readers('alerts'),
      archive: readers('archive'),
      polling: readers('polling'),
    };

    // Act
    const perShard = await putReadings(stream.name, 0, READINGS);
    const results = await Promise.all(
      Object.entries(byConsumer).map(async ([name, shardReaders]) => {
        const read = await Promise.all(
          shardReaders.map((reader, index) => {
            const expected = perShard.get(shards[index] ?? '') ?? 0;
            return drain(reader, (records) => records.length >= expected);
          }),
        );
        return [name, read.map((shard) => shard.records)] as const;
      }),
    );

    // Assess
    for (const [, read] of results) {
      const ids = read.flat().map(idOf);
      expect(ids.toSorted((a, b) => a - b)).toEqual(Array.from({ length: READINGS }, (_, i) => i));
      for (const records of read) expect(ascendingSequence(records)).toBe(true);
      expectKeyOrder(read.flat());
    }
    // Every consumer saw each shard's records in the same order.
    const [first, ...others] = results.map(([, read]) =>
      read.map((records) => records.map((record) => record.SequenceNumber)),
    );
    for (const other of others) expect(other).toEqual(first);
  });

  it('resumes subscriptions that end mid-stream from their continuation: no gap, no duplicate', async () => {
    // Prepare
    const stream = await freshStream(1);
    const { consumerARN } = await registerStreamConsumer(client, {
      streamARN: stream.arn,
      consumerName: 'renewing',
    });
    // Subscriptions end after a second, so several end while readings keep arriving.
    const reader = createFanOutShardReader({
      client,
      consumerARN,
      shardId: 'shardId-000000000000',
      start: { type: 'TRIM_HORIZON' },
      subscriptionLifetimeMs: 1_000,
    });

    // Act
    const reading = drain(reader, (records) => records.length >= READINGS);
    for (let from = 0; from < READINGS; from += READINGS / 6) {
      await putReadings(stream.name, from, from + READINGS / 6);
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
    const { records } = await reading;

    // Assess
    expect(records.map(idOf)).toEqual(Array.from({ length: READINGS }, (_, i) => i));
    expect(ascendingSequence(records)).toBe(true);
  });

  it('reads 2 → 1 shards under fan-out: parents to their end, then the child, every reading once', async () => {
    // Prepare
    const stream = await freshStream(2);
    const { consumerARN } = await registerStreamConsumer(client, {
      streamARN: stream.arn,
      consumerName: 'resharding',
    });
    await putReadings(stream.name, 0, READINGS / 2);
    await client.send(
      new UpdateShardCountCommand({
        StreamName: stream.name,
        TargetShardCount: 1,
        ScalingType: 'UNIFORM_SCALING',
      }),
    );
    await waitForStreamActive(client, stream.name);
    await putReadings(stream.name, READINGS / 2, READINGS);

    // Act: read as the lineage rule allows, each shard with a fan-out reader to its end.
    const done = new Set<string>();
    const records: _Record[] = [];
    const childrenNamed = new Set<string>();
    for (let round = 0; round < 10 && records.length < READINGS; round += 1) {
      const shards = await listShards(client, stream.name);
      const listed = new Set(shards.map((shard) => shard.ShardId));
      const ready = readableShards(shards, (id) => done.has(id) || !listed.has(id));
      const read = await Promise.all(
        ready.map(async (shard) => {
          const shardId = shard.ShardId ?? '';
          const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
          const reader = createFanOutShardReader({
            client,
            consumerARN,
            shardId,
            start: { type: 'TRIM_HORIZON' },
            shardEndCheckIntervalMs: SHARD_END_CHECK_MS,
          });
          const result = await drain(reader, (got) => open && got.length >= READINGS / 2);
          return { shardId, ...result };
        }),
      );
      for (const shard of read) {
        records.push(...shard.records);
        if (shard.ended) done.add(shard.shardId);
      }
      for (const shard of shards) if (shard.ParentShardId) childrenNamed.add(shard.ShardId ?? '');
    }

    // Assess
    expect(records.map(idOf).toSorted((a, b) => a - b)).toEqual(
      Array.from({ length: READINGS }, (_, i) => i),
    );
    expectKeyOrder(records);
    expect(childrenNamed.size).toBe(1);
  });
});
