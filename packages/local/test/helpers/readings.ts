import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandOutput,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from '@kds/consumer';
import { decodeReading, encodeReading, type Reading, SPOTS } from '@kds/schema';
import {
  createLocalTrigger,
  type LocalTrigger,
  type ReshardResult,
  reshard,
} from '../../src/index.js';
import { lastPerShard } from './stream.js';

/** PutRecords takes at most 500 records (see docs/kinesis-facts.md, "Service limits"). */
const PUT_BATCH = 500;
/** Bounds every wait of the scenario. */
const SCENARIO_TIMEOUT_MS = 300_000;

/**
 * `count` readings with Timestamps increasing by one from `start`, spots spread pseudo-randomly
 * (a fixed seed, so a failure reproduces).
 */
export function makeReadings(count: number, start = 1_732_600_000_000): Reading[] {
  let seed = 42;
  return Array.from({ length: count }, (_, i) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return {
      Timestamp: start + i,
      Spot: SPOTS[seed % SPOTS.length] as Reading['Spot'],
      Temperature: 10 + (seed % 31),
    };
  });
}

/** The readings of an event, decoded. */
export function eventReadings(event: KinesisStreamEvent): Reading[] {
  return event.Records.map((record) => decodeReading(Buffer.from(record.kinesis.data, 'base64')));
}

/**
 * Puts readings in order, keyed by Spot, one PutRecords of 500 after the other, so that within a
 * shard the sequence numbers follow the order of the readings. A request refused as a whole (the
 * stream updating) is sent again; a partial failure would break per-key order, so it throws.
 */
export async function putReadingsInOrder(
  client: KinesisClient,
  streamName: string,
  readings: readonly Reading[],
  onProgress: (sent: number) => void = () => {},
): Promise<Array<{ shardId: string; sequenceNumber: string }>> {
  const results: Array<{ shardId: string; sequenceNumber: string }> = [];
  const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
  for (let offset = 0; offset < readings.length; ) {
    const batch = readings.slice(offset, offset + PUT_BATCH);
    let response: PutRecordsCommandOutput;
    try {
      response = await client.send(
        new PutRecordsCommand({
          StreamName: streamName,
          Records: batch.map((reading) => ({
            PartitionKey: reading.Spot,
            Data: encodeReading(reading),
          })),
        }),
      );
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    if ((response.FailedRecordCount ?? 0) > 0) {
      throw new Error(
        `PutRecords refused ${response.FailedRecordCount} records: order would break`,
      );
    }
    for (const entry of response.Records ?? []) {
      results.push({ shardId: entry.ShardId ?? '', sequenceNumber: entry.SequenceNumber ?? '' });
    }
    offset += batch.length;
    onProgress(offset);
  }
  return results;
}

/** What the reshard scenario observed. */
export interface ReshardScenario {
  /** Every reading the handler got, in the order it got them. */
  readonly handled: readonly Reading[];
  readonly sent: readonly Reading[];
  readonly reshards: readonly ReshardResult[];
  /** ShardIds the puts landed on. */
  readonly shardsWritten: ReadonlySet<string>;
  readonly trigger: ReturnType<LocalTrigger['shards']>;
}

/**
 * Starts a trigger on a 2-shard stream, puts `count` readings keyed by Spot while resharding to
 * each of `steps` (e.g. 1 then 2) as the puts pass evenly spaced marks, and waits until the handler
 * has seen everything.
 */
export async function runReshardScenario(
  client: KinesisClient,
  streamName: string,
  options: { count: number; steps: readonly number[]; batchSize?: number },
): Promise<ReshardScenario> {
  const { count, steps, batchSize = 500 } = options;
  const handled: Reading[] = [];
  const trigger = createLocalTrigger({
    startingPosition: 'TRIM_HORIZON',
    client,
    streamName,
    batchSize,
    handler: async (event) => {
      handled.push(...eventReadings(event));
    },
  });
  await trigger.start();
  try {
    const readings = makeReadings(count);
    let sent = 0;
    const writing = putReadingsInOrder(client, streamName, readings, (n) => {
      sent = n;
    });
    const reshards: ReshardResult[] = [];
    const resharding = (async () => {
      for (const [index, target] of steps.entries()) {
        const mark = Math.floor((count * (index + 1)) / (steps.length + 1));
        const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
        while (sent < mark && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        reshards.push(await reshard(client, streamName, target));
      }
    })();
    const [results] = await Promise.all([writing, resharding]);
    await trigger.waitForCheckpoints(lastPerShard(results), { timeoutMs: SCENARIO_TIMEOUT_MS });
    return {
      handled,
      sent: readings,
      reshards,
      shardsWritten: new Set(results.map((result) => result.shardId)),
      trigger: trigger.shards(),
    };
  } finally {
    await trigger.stop();
  }
}
