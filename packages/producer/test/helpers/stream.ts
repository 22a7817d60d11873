import { randomUUID } from 'node:crypto';
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createStream, listShards, localClientConfig } from '@kds/local';
import { emulatorClient } from '@kds/test-support';
import { inject } from 'vitest';
import { createProducer, type Producer, type ProducerSettings } from '../../src/index.js';
import type { Reading } from './readings.js';

/** GetRecords calls per shard at most while reading a stream back. */
const MAX_READS_PER_SHARD = 50;

/** A client for the emulator of the global setup. */
export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient(localClientConfig(endpoint));
}

/** A fresh stream with a unique name. */
export async function freshStream(client: KinesisClient, shardCount: number): Promise<string> {
  const streamName = `producer-${randomUUID()}`;
  await createStream(client, streamName, { shardCount });
  return streamName;
}

/**
 * For an integration test file: a client of the global setup's kinesalite (destroyed after the
 * file), and `producerOnFreshStream`, which makes a fresh stream of `shardCount` shards and a
 * producer of readings onto it (`settings` on top) with a client of its own.
 */
export function useKinesalite(): {
  client: KinesisClient;
  producerOnFreshStream(
    shardCount: number,
    settings: ProducerSettings<Reading>,
  ): Promise<{ streamName: string; producer: Producer<Reading> }>;
} {
  const endpoint = inject('kinesisEndpoint');
  const client = emulatorClient(({ kinesisEndpoint }) => kinesisClient(kinesisEndpoint));
  return {
    client,
    async producerOnFreshStream(shardCount, settings) {
      const streamName = await freshStream(client, shardCount);
      const producer = createProducer<Reading>({
        clientConfig: localClientConfig(endpoint),
        streamName,
        ...settings,
      });
      return { streamName, producer };
    },
  };
}

/** Every record of every shard (open or closed), from the start, per shard id. */
export async function readBack(
  client: KinesisClient,
  streamName: string,
  expected: number,
): Promise<Map<string, _Record[]>> {
  const perShard = new Map<string, _Record[]>();
  let total = 0;
  for (const shard of await listShards(client, streamName)) {
    const shardId = shard.ShardId ?? '';
    const records: _Record[] = [];
    let { ShardIterator: iterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    for (let read = 0; read < MAX_READS_PER_SHARD && iterator !== undefined; read += 1) {
      const page = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
      );
      records.push(...(page.Records ?? []));
      iterator = page.NextShardIterator;
      if ((page.Records ?? []).length === 0) break;
    }
    perShard.set(shardId, records);
    total += records.length;
    if (total > expected) break;
  }
  return perShard;
}
