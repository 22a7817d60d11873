import { reshard } from '@kds/local';
import { createProducer, field, Ordering, type PutResult } from '@kds/producer';
import { encodeReading, type Reading } from '@kds/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalPipeline, startPipeline } from '../src/pipeline.js';
import { lastPerShard } from '../src/put-results.js';
import { countByTimestamp, makeReadings, matching, spotsOutOfOrder } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';

/**
 * Readings sent at least; the send goes on until both reshards are done and a third as many again
 * went to the final shards, so every shard is written whatever the machine's speed.
 */
const READINGS = sized({ ci: 3_000, full: 30_000 });
/** Bounds the send should a reshard never finish. */
const MAX_READINGS = READINGS * 10;
/** The send is paced so that it is still going while each reshard runs. */
const RATE_PER_SECOND = 1_000;
const CONSUME_TIMEOUT_MS = sized({ ci: 60_000, full: 300_000 });
const MIN_TEMPERATURE = 35;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let pipeline: LocalPipeline | undefined;

afterEach(async () => {
  await pipeline?.stop();
  pipeline = undefined;
});

describe('scenario 3: reshard 2 -> 1 -> 2 during a continuous send, through the local trigger', () => {
  it('loses no reading and keeps every Spot in order at the handler', async () => {
    // Prepare
    const planned = makeReadings(MAX_READINGS);
    let resharded = false;
    let sentWhenResharded = 0;
    const sentAt = new Map<number, number>();
    const handled: Reading[] = [];
    let maxEndToEndMs = 0;
    pipeline = await startPipeline({
      shardCount: 2,
      minTemperature: MIN_TEMPERATURE,
      onHandled: (batch) => {
        const now = performance.now();
        for (const reading of batch) {
          handled.push(reading);
          maxEndToEndMs = Math.max(maxEndToEndMs, now - (sentAt.get(reading.Timestamp) ?? now));
        }
      },
    });
    const { kinesis, streamName } = pipeline;
    const producer = createProducer<Reading>({
      client: kinesis,
      streamName,
      partitionKey: field('Spot'),
      serialize: encodeReading,
      // Each Spot's readings reach Kinesis in put order, whatever requests are in flight or retried.
      ordering: Ordering.PerKey,
    });
    let acknowledged = 0;
    let maxPutMs = 0;
    const reshards: string[] = [];

    // Act
    const started = performance.now();
    const puts: Array<Promise<PutResult>> = [];
    const sending = (async () => {
      for (const [index, reading] of planned.entries()) {
        if (resharded && index >= READINGS && index >= sentWhenResharded + READINGS / 3) break;
        const due = (index * 1000) / RATE_PER_SECOND;
        const ahead = due - (performance.now() - started);
        if (ahead > 1) await sleep(ahead);
        // The producer's backpressure: with per-key order a Spot has one record in flight at a
        // time, so a sender outrunning that waits here rather than let records age past their TTL.
        await producer.waitForRoom();
        const putAt = performance.now();
        sentAt.set(reading.Timestamp, putAt);
        puts.push(
          producer.put(reading).then((result) => {
            acknowledged += 1;
            maxPutMs = Math.max(maxPutMs, performance.now() - putAt);
            return result;
          }),
        );
      }
    })();
    const resharding = (async () => {
      for (const [step, target] of [1, 2].entries()) {
        // A third and two thirds into the send, and once what was put before is acknowledged:
        // each reshard happens while readings keep coming, and readings land on every shard.
        const mark = Math.floor((READINGS * (step + 1)) / 3);
        while (
          (puts.length < mark || acknowledged < mark - RATE_PER_SECOND / 10) &&
          performance.now() - started < CONSUME_TIMEOUT_MS
        )
          await sleep(5);
        const result = await reshard(kinesis, streamName, target);
        reshards.push(`${result.fromShardCount}->${result.toShardCount} (${result.method})`);
      }
      sentWhenResharded = puts.length;
      resharded = true;
    })();
    await Promise.all([sending, resharding]);
    const readings = planned.slice(0, puts.length);
    const settled = await Promise.allSettled(puts);
    await producer.close();
    const landed = settled.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value] : [],
    );
    const consumeStarted = performance.now();
    await pipeline.trigger.waitForCheckpoints(lastPerShard(landed), {
      timeoutMs: CONSUME_TIMEOUT_MS,
    });
    const consumeMs = performance.now() - consumeStarted;
    const stored = await pipeline.scanStored();

    // Assess
    const handledCounts = countByTimestamp(handled);
    const lost = readings.filter((reading) => !handledCounts.has(reading.Timestamp)).length;
    const duplicates = [...handledCounts.values()].filter((count) => count > 1).length;
    const outOfOrder = spotsOutOfOrder(handled);
    // Where order broke: already in the stream (two puts of a Spot stored in reverse on one shard)?
    const reversedInStream = new Set<string>();
    const lastOfSpot = new Map<string, { shardId: string; sequenceNumber: bigint }>();
    settled.forEach((outcome, index) => {
      const reading = readings[index];
      if (outcome.status !== 'fulfilled' || reading === undefined) return;
      const here = {
        shardId: outcome.value.shardId,
        sequenceNumber: BigInt(outcome.value.sequenceNumber),
      };
      const before = lastOfSpot.get(reading.Spot);
      if (before?.shardId === here.shardId && before.sequenceNumber > here.sequenceNumber)
        reversedInStream.add(reading.Spot);
      lastOfSpot.set(reading.Spot, here);
    });
    const expectedStored = matching(readings, MIN_TEMPERATURE);
    const storedCounts = countByTimestamp(stored);
    const figures = {
      sent: readings.length,
      accepted: landed.length,
      rejected: settled.length - landed.length,
      handled: handled.length,
      lost,
      duplicates,
      spotsOutOfOrder: outOfOrder.length,
      spotsReversedInStream: reversedInStream.size,
      matching: expectedStored.length,
      stored: stored.length,
      shardsWritten: new Set(landed.map((result) => result.shardId)).size,
      reshards: reshards.join(', '),
      producerRetries: producer.metrics().retries,
      producerThrottled: producer.metrics().throttled,
      maxPutMs: Math.round(maxPutMs),
      maxEndToEndMs: Math.round(maxEndToEndMs),
      consumeAfterLastPutMs: Math.round(consumeMs),
    };
    recordResult('reshard', figures);
    expect(reshards).toHaveLength(2);
    expect(figures.rejected).toBe(0);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    expect(outOfOrder).toEqual([]);
    expect(stored.length).toBe(expectedStored.length);
    expect(expectedStored.every((reading) => storedCounts.get(reading.Timestamp) === 1)).toBe(true);
    // 2 shards, then 1 child of both, then 2 children of that one.
    expect(figures.shardsWritten).toBe(5);
  });
});
