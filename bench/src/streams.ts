import { randomUUID } from 'node:crypto';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createStream, listShards } from '@kds/local';
import { createProducer } from '@kds/producer';
import { encodeReading, type Reading, SPOTS } from '@kds/schema';

/** A stream a suite made for itself. */
export interface FreshStream {
  readonly streamName: string;
  readonly streamARN: string;
}

/**
 * Creates a stream of `shardCount` shards named `prefix` and a random suffix, so no run reads
 * what an earlier one left, and waits until it is ACTIVE.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { freshStream } from './streams.js';
 *
 * const { streamName } = await freshStream(new KinesisClient({}), 'latency', 2);
 * ```
 */
export async function freshStream(
  client: KinesisClient,
  prefix: string,
  shardCount: number,
): Promise<FreshStream> {
  const streamName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const streamARN = await createStream(client, streamName, { shardCount });
  return { streamName, streamARN };
}

/** Partition keys of the prefill: many, so the readings spread evenly over the shards. */
const PARTITION_KEYS = 1_000;

/** A stream full of readings, ready to be read from TRIM_HORIZON. */
export interface PrefilledStream extends FreshStream {
  readonly region: string;
  readonly shardIds: readonly string[];
  /** Readings Kinesis accepted: what a reader must deliver. */
  readonly readings: number;
  /** How long the prefill took, in seconds. */
  readonly prefillSeconds: number;
}

/**
 * Creates a stream of `shards` shards and puts `readings` tutorial readings into it.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { prefillStream } from './streams.js';
 *
 * const stream = await prefillStream(new KinesisClient({}), 4, 200_000);
 * ```
 */
export async function prefillStream(
  kinesis: KinesisClient,
  shards: number,
  readings: number,
): Promise<PrefilledStream> {
  const { streamName, streamARN } = await freshStream(kinesis, 'bench-worker', shards);
  const started = performance.now();
  const producer = createProducer<Reading>({
    client: kinesis,
    streamName,
    partitionKey: (reading) => String(reading.Timestamp % PARTITION_KEYS),
    serialize: encodeReading,
  });
  const puts: Promise<boolean>[] = [];
  for (let i = 0; i < readings; i += 1) {
    if (!producer.hasRoom()) await producer.waitForRoom();
    const reading: Reading = {
      Timestamp: 1_732_600_000_000 + i,
      Spot: SPOTS[i % SPOTS.length] as Reading['Spot'],
      Temperature: 10 + ((i * 7) % 31),
    };
    puts.push(
      producer.put(reading).then(
        () => true,
        () => false,
      ),
    );
  }
  await producer.close();
  const accepted = (await Promise.all(puts)).filter(Boolean).length;
  const prefillSeconds = (performance.now() - started) / 1000;
  const shardList = await listShards(kinesis, { streamName });
  return {
    streamName,
    streamARN,
    region: await kinesis.config.region(),
    shardIds: shardList.map((shard) => shard.ShardId ?? ''),
    readings: accepted,
    prefillSeconds,
  };
}
