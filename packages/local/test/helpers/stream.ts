import { randomUUID } from 'node:crypto';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from '@kds/consumer';
import {
  createLocalTrigger,
  createStream,
  type KinesisHandler,
  type LocalTrigger,
  localClientConfig,
} from '../../src/index.js';

/** A client for the emulator started by the global setup. */
export function kinesisClient(endpoint: string): KinesisClient {
  return new KinesisClient(localClientConfig(endpoint));
}

/** A fresh stream with a unique name; returns its name and ARN. */
export async function freshStream(
  client: KinesisClient,
  shardCount: number,
): Promise<{ streamName: string; streamARN: string }> {
  const streamName = `test-${randomUUID()}`;
  const streamARN = await createStream(client, streamName, { shardCount });
  return { streamName, streamARN };
}

/** A started trigger with the default settings that keeps every event it is invoked with. */
export async function startCollecting(
  client: KinesisClient,
  streamName: string,
): Promise<{ trigger: LocalTrigger; events: KinesisStreamEvent[] }> {
  const events: KinesisStreamEvent[] = [];
  const trigger = createLocalTrigger({
    startingPosition: 'TRIM_HORIZON',
    client,
    streamName,
    handler: async (event) => {
      events.push(event);
    },
  });
  await trigger.start();
  return { trigger, events };
}

/** Puts records with the given keys and payloads; returns shard and sequence number of each. */
export async function putRecords(
  client: KinesisClient,
  streamName: string,
  records: ReadonlyArray<{ key: string; data: string }>,
): Promise<Array<{ shardId: string; sequenceNumber: string }>> {
  const response = await client.send(
    new PutRecordsCommand({
      StreamName: streamName,
      Records: records.map(({ key, data }) => ({
        PartitionKey: key,
        Data: new TextEncoder().encode(data),
      })),
    }),
  );
  return (response.Records ?? []).map((entry) => ({
    shardId: entry.ShardId ?? '',
    sequenceNumber: entry.SequenceNumber ?? '',
  }));
}

/** The highest sequence number per shard of some put results. */
export function lastPerShard(
  results: ReadonlyArray<{ shardId: string; sequenceNumber: string }>,
): Record<string, string> {
  const last: Record<string, string> = {};
  for (const { shardId, sequenceNumber } of results) {
    const current = last[shardId];
    if (current === undefined || BigInt(sequenceNumber) > BigInt(current))
      last[shardId] = sequenceNumber;
  }
  return last;
}

/** The decoded payloads of an event's records. */
export function payloads(event: KinesisStreamEvent): string[] {
  return event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
}

/**
 * A handler that fails every batch holding a payload that starts with `poison`, and keeps the
 * payloads of the batches it handles in `handled`.
 */
export function failingOnPoison(handled: string[]): KinesisHandler {
  return async (event) => {
    const batch = payloads(event);
    if (batch.some((data) => data.startsWith('poison'))) throw new Error('cannot handle poison');
    handled.push(...batch);
  };
}
