import { randomUUID } from 'node:crypto';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { type FaultProxy, startFaultProxy } from '@kds/fault-proxy';
import { createStream, type LocalEmulators, localClientConfig, startEmulators } from '@kds/local';
import { createProducer, type PutOutcome } from '@kds/producer';
import { decodeReading, encodeReading, type Reading } from '@kds/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByTimestamp, makeReadings } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';
import { readStream } from '../src/stream.js';

const READINGS = sized({ ci: 5_000, full: 100_000 });
/** The faults: 20% of entries throttled, 5% of requests failing. */
const THROTTLE_RATE = 0.2;
const REQUEST_FAILURE_RATE = 0.05;
/** Requests stored and then cut off before their answer: the only source of duplicates. */
const RESET_AFTER_SEND_RATE = 0.02;

let emulators: LocalEmulators;
let direct: KinesisClient;
let proxy: FaultProxy;

beforeAll(async () => {
  emulators = await startEmulators();
  direct = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
  proxy = await startFaultProxy({
    target: emulators.kinesis.endpoint,
    faults: {
      throttleRate: THROTTLE_RATE,
      requestFailureRate: REQUEST_FAILURE_RATE,
      resetAfterSendRate: RESET_AFTER_SEND_RATE,
      operations: ['PutRecords'],
    },
    // With this seed, a failure and a reset fall within the first 12 PutRecords requests: the CI
    // size (about 40 requests) meets every kind of fault.
    seed: 6,
  });
});

afterAll(async () => {
  await proxy?.close();
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
