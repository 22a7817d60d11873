import { randomUUID } from 'node:crypto';
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createStream, listShards, localClientConfig } from '@kds/local';

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
