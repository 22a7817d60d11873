import { randomUUID } from 'node:crypto';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { decodeAggregate, hashKeyOf } from '@kds/aggregation';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import { type FaultPlan, type FaultProxy, startFaultProxy } from '@kds/fault-proxy';
import { createStream, listShards, localClientConfig } from '@kds/local';
import { createProducer, type PutOutcome } from '@kds/producer';
import { decodeReading, encodeReading, type Reading, stringifyReading } from '@kds/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByTimestamp, makeReadings } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';
import { readStream } from '../src/stream.js';

const READINGS = sized({ ci: 5_000, full: 100_000 });
/** The scenario's faults on PutRecords. */
const FAULTS: FaultPlan = {
  // The faults: 20% of entries throttled, 5% of requests failing.
  throttleRate: 0.2,
  requestFailureRate: 0.05,
  // Requests stored and then cut off before their answer: the only source of duplicates.
  resetAfterSendRate: 0.02,
  operations: ['PutRecords'],
};
/** The aggregated scenario's fault draws. */
const AGGREGATED_SEED = 6;

/**
 * With aggregation a request carries this buffer's share, 500 / (4 request slots + 1) = 100
 * readings, in one aggregate per shard: about 50 requests at the CI size, so every kind of fault
 * occurs.
 */
const AGGREGATED_BUFFER = 500;
/** Readings per `putMany` call of the aggregated scenario. */
const PUT_MANY_CHUNK = 100;

let emulators: LocalEmulators;
let direct: KinesisClient;
let proxy: FaultProxy;
let aggregatedProxy: FaultProxy;

/** A fault proxy in front of the emulated Kinesis with the scenario's faults, its draws seeded. */
function startFaults(seed: number): Promise<FaultProxy> {
  return startFaultProxy({
    target: emulators.kinesis.endpoint,
    faults: FAULTS,
    seed,
  });
}

beforeAll(async () => {
  emulators = await startEmulators();
  direct = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
  // With these seeds a failure and a reset fall early enough that the CI size (about 40 requests,
  // or 50 aggregated) meets every kind of fault.
  proxy = await startFaults(6);
  aggregatedProxy = await startFaults(AGGREGATED_SEED);
});

afterAll(async () => {
  await proxy?.close();
  await aggregatedProxy?.close();
  direct?.destroy();
  await emulators?.stop();
});

describe('scenario 1: the producer under throttling and failing requests', () => {
  it('loses no reading; its duplicates are the ambiguous ones, as many as it counted', async () => {
    // Prepare
    const streamName = `throttling-${randomUUID()}`;
    await createStream(direct, streamName, { shardCount: 2 });
    const producer = createProducer<Reading>({
      clientConfig: localClientConfig(proxy.endpoint),
      streamName,
      serialize: encodeReading,
    });
    const readings = makeReadings(READINGS);

    // Act
    const started = performance.now();
    // As a device would: wait for room in the producer's buffer before each put (its documented
    // backpressure), so no record waits past its TTL behind 100,000 others.
    const puts: Array<Promise<PutOutcome>> = [];
    for (const reading of readings) {
      await producer.waitForRoom();
      puts.push(
        producer.put(reading).then(
          (value): PutOutcome => ({ ok: true, value }),
          (error: unknown): PutOutcome => ({ ok: false, error }),
        ),
      );
    }
    const outcomes = await Promise.all(puts);
    await producer.close();
    const sendMs = performance.now() - started;
    const metrics = producer.metrics();
    const stored = await readStream(direct, streamName);

    // Assess
    const storedReadings = stored.map((record) => decodeReading(record.data));
    const counts = countByTimestamp(storedReadings);
    const lost = readings.filter((reading) => !counts.has(reading.Timestamp)).length;
    const duplicates = storedReadings.length - counts.size;
    const storedSequenceNumbers = new Set(stored.map((record) => record.sequenceNumber));
    const accepted = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.value] : []));
    const faults = proxy.stats();
    const figures = {
      sent: readings.length,
      accepted: accepted.length,
      rejected: outcomes.length - accepted.length,
      rejections: [
        ...new Set(
          outcomes.flatMap((outcome) =>
            outcome.ok
              ? []
              : [`${(outcome.error as Error).name}: ${(outcome.error as Error).message}`],
          ),
        ),
      ].join('; '),
      stored: storedReadings.length,
      lost,
      duplicates,
      possibleDuplicates: metrics.possibleDuplicates,
      ambiguousEntries: faults.ambiguousEntries,
      throttledEntries: faults.throttledEntries,
      failedRequests: faults.failedRequests,
      resets: faults.resets,
      requests: metrics.requests,
      retries: metrics.retries,
      p99PutMs: metrics.putLatencyMs.p99,
      maxPutMs: metrics.putLatencyMs.max,
      sendMs: Math.round(sendMs),
    };
    recordResult('throttling', figures);
    // The faults really happened.
    expect(faults.throttledEntries).toBeGreaterThan(0);
    expect(faults.failedRequests).toBeGreaterThan(0);
    expect(faults.resets).toBeGreaterThan(0);
    expect(metrics.throttled).toBe(faults.throttledEntries);
    // Every put resolved, with a sequence number the stream holds.
    expect(figures.rejected).toBe(0);
    expect(accepted.every((result) => storedSequenceNumbers.has(result.sequenceNumber))).toBe(true);
    expect(lost).toBe(0);
    // Duplicates only where an answer was lost, and the producer counted each one.
    expect(duplicates).toBe(faults.ambiguousEntries);
    expect(duplicates).toBe(metrics.possibleDuplicates);
  });
});

describe('scenario 1 with aggregation: KPL aggregates under throttling and failing requests', () => {
  it('loses no reading, and every put names the aggregate and index that hold its reading', async () => {
    // Prepare
    const streamName = `aggregated-throttling-${randomUUID()}`;
    await createStream(direct, streamName, { shardCount: 2 });
    const producer = createProducer<Reading>({
      clientConfig: localClientConfig(aggregatedProxy.endpoint),
      streamName,
      serialize: stringifyReading,
      aggregation: true,
      maxBufferedRecords: AGGREGATED_BUFFER,
    });
    const readings = makeReadings(READINGS);

    // Act: chunks of putMany, waiting for room before each, as a fast device would.
    const calls: Array<Promise<PutOutcome[]>> = [];
    for (let start = 0; start < readings.length; start += PUT_MANY_CHUNK) {
      if (!producer.hasRoom()) await producer.waitForRoom();
      calls.push(producer.putMany(readings.slice(start, start + PUT_MANY_CHUNK)));
    }
    const outcomes = (await Promise.all(calls)).flat();
    await producer.close();
    const metrics = producer.metrics();
    const stored = await readStream(direct, streamName);
    const ranges = new Map(
      (await listShards(direct, streamName)).map((shard) => [
        shard.ShardId,
        {
          start: BigInt(shard.HashKeyRange?.StartingHashKey ?? '-1'),
          end: BigInt(shard.HashKeyRange?.EndingHashKey ?? '-1'),
        },
      ]),
    );

    // Assess
    const byTimestamp = new Map<number, number>();
    const userRecordsBySequenceNumber = new Map<string, readonly Uint8Array[]>();
    let outsideTheirShard = 0;
    for (const record of stored) {
      const decoded = decodeAggregate(record.data);
      if (!decoded.ok) throw decoded.error;
      const users = decoded.aggregated
        ? decoded.records
        : [{ partitionKey: record.partitionKey, data: record.data }];
      const range = ranges.get(record.shardId);
      for (const user of users) {
        const hashKey = hashKeyOf(user);
        if (range === undefined || hashKey < range.start || hashKey > range.end) {
          outsideTheirShard += 1;
        }
        const { Timestamp } = decodeReading(user.data);
        byTimestamp.set(Timestamp, (byTimestamp.get(Timestamp) ?? 0) + 1);
      }
      userRecordsBySequenceNumber.set(
        record.sequenceNumber,
        users.map((user) => user.data),
      );
    }
    const heldWhereSaid = outcomes.filter((outcome, index) => {
      if (!outcome.ok) return false;
      const { sequenceNumber, subSequenceNumber = 0 } = outcome.value;
      const data = userRecordsBySequenceNumber.get(sequenceNumber)?.[subSequenceNumber];
      return data !== undefined && decodeReading(data).Timestamp === readings[index]?.Timestamp;
    }).length;
    const storedUserRecords = [...byTimestamp.values()].reduce((sum, count) => sum + count, 0);
    const faults = aggregatedProxy.stats();
    const figures = {
      sent: readings.length,
      accepted: outcomes.filter((outcome) => outcome.ok).length,
      heldWhereSaid,
      kinesisRecords: stored.length,
      storedUserRecords,
      lost: readings.filter((reading) => !byTimestamp.has(reading.Timestamp)).length,
      duplicates: storedUserRecords - byTimestamp.size,
      possibleDuplicates: metrics.possibleDuplicates,
      outsideTheirShard,
      throttledEntries: faults.throttledEntries,
      throttledUserRecords: metrics.throttled,
      failedRequests: faults.failedRequests,
      resets: faults.resets,
      requests: metrics.requests,
      retries: metrics.retries,
    };
    recordResult('throttling-aggregated', figures);
    // The faults really happened, and the readings really travelled in aggregates.
    expect(faults.throttledEntries).toBeGreaterThan(0);
    expect(faults.failedRequests).toBeGreaterThan(0);
    expect(faults.resets).toBeGreaterThan(0);
    expect(metrics.throttled).toBeGreaterThanOrEqual(faults.throttledEntries);
    expect(stored.length).toBeLessThan(readings.length / 10);
    // Every put resolved, naming the Kinesis record and index that hold its own reading.
    expect(figures.accepted).toBe(readings.length);
    expect(heldWhereSaid).toBe(readings.length);
    expect(figures.lost).toBe(0);
    expect(outsideTheirShard).toBe(0);
    // Duplicates only where an answer was lost, and the producer counted each one.
    expect(figures.duplicates).toBe(metrics.possibleDuplicates);
  });
});
