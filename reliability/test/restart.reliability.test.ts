import { KinesisClient } from '@aws-sdk/client-kinesis';
import { type RestartableKinesalite, startRestartableKinesalite } from '@kds/fault-proxy';
import { createStream, localClientConfig } from '@kds/local';
import { createProducer, ProducerError, type PutResult, RecordExpiredError } from '@kds/producer';
import { encodeReading, type Reading } from '@kds/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReadings } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';
import { readStream } from '../src/stream.js';

const RATE_PER_SECOND = 1_000;
const READINGS = sized({ ci: 3_000, full: 20_000 });
/** The producer's time to live; the endpoint stays down longer, so some records must expire. */
const RECORD_TTL_MS = sized({ ci: 2_000, full: 10_000 });
const STOP_AFTER_MS = sized({ ci: 500, full: 5_000 });
const DOWNTIME_MS = sized({ ci: 3_000, full: 15_000 });
/** A request without an answer by then is abandoned: the last attempt of an expiring record. */
const REQUEST_TIMEOUT_MS = 1_000;
/**
 * No put may outlive its TTL by more than one request timeout (an attempt in flight when the TTL
 * passes is let finish) and a second of scheduling on two busy cores.
 */
const SETTLE_BOUND_MS = RECORD_TTL_MS + REQUEST_TIMEOUT_MS + 1_000;
const STREAM = 'Restarted';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let kinesis: RestartableKinesalite;
let direct: KinesisClient;

beforeAll(async () => {
  kinesis = await startRestartableKinesalite();
  direct = new KinesisClient({ ...localClientConfig(kinesis.endpoint), maxAttempts: 1 });
  await createStream(direct, STREAM, { shardCount: 2 });
});

afterAll(async () => {
  direct?.destroy();
  await kinesis?.destroy();
});

interface Settled {
  readonly reading: Reading;
  /** When it was put, from the start of the send. */
  readonly putAtMs: number;
  readonly settleMs: number;
  readonly result?: PutResult;
  readonly error?: unknown;
}

describe('scenario 2: the Kinesis endpoint restarted mid-send', () => {
  it('resolves every put with a sequence number in the stream or rejects it with a typed error, within its TTL', async () => {
    // Prepare
    const producer = createProducer<Reading>({
      clientConfig: localClientConfig(kinesis.endpoint),
      streamName: STREAM,
      serialize: encodeReading,
      recordTtlMs: RECORD_TTL_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      retryMaxDelayMs: 250,
    });
    const readings = makeReadings(READINGS);

    // Act
    const started = performance.now();
    const restarting = (async () => {
      await sleep(STOP_AFTER_MS);
      await kinesis.stop();
      await sleep(DOWNTIME_MS);
      await kinesis.start();
    })();
    const puts: Array<Promise<Settled>> = [];
    for (const [index, reading] of readings.entries()) {
      const ahead = (index * 1000) / RATE_PER_SECOND - (performance.now() - started);
      if (ahead > 1) await sleep(ahead);
      const putAt = performance.now();
      puts.push(
        producer.put(reading).then(
          (result) => ({
            reading,
            result,
            putAtMs: putAt - started,
            settleMs: performance.now() - putAt,
          }),
          (error: unknown) => ({
            reading,
            error,
            putAtMs: putAt - started,
            settleMs: performance.now() - putAt,
          }),
        ),
      );
    }
    await restarting;
    const settled = await Promise.all(puts);
    await producer.close();
    const stored = await readStream(direct, STREAM);

    // Assess
    const inStream = new Set(stored.map((record) => record.sequenceNumber));
    const resolved = settled.filter((put) => put.result !== undefined);
    const rejected = settled.filter((put) => put.error !== undefined);
    const resolvedMissing = resolved.filter(
      (put) => !inStream.has(put.result?.sequenceNumber ?? ''),
    );
    const untyped = rejected.filter((put) => !(put.error instanceof ProducerError));
    const expired = rejected.filter((put) => put.error instanceof RecordExpiredError);
    const maxSettleMs = Math.max(...settled.map((put) => put.settleMs));
    const storedTimestamps = new Set(
      stored.map(
        (record) => (JSON.parse(Buffer.from(record.data).toString()) as Reading).Timestamp,
      ),
    );
    const metrics = producer.metrics();
    const late = settled.filter((put) => put.settleMs > SETTLE_BOUND_MS);
    // A put rejected after an attempt whose answer was lost may be in the stream all the same.
    const rejectedButStored = rejected.filter((put) => storedTimestamps.has(put.reading.Timestamp));
    const figures = {
      sent: readings.length,
      resolved: resolved.length,
      rejected: rejected.length,
      expired: expired.length,
      rejectedButStored: rejected.filter((put) => storedTimestamps.has(put.reading.Timestamp))
        .length,
      stored: stored.length,
      lost: resolvedMissing.length,
      duplicates: stored.length - storedTimestamps.size,
      possibleDuplicates: metrics.possibleDuplicates,
      untypedErrors: untyped.length,
      recordTtlMs: RECORD_TTL_MS,
      downtimeMs: DOWNTIME_MS,
      maxSettleMs: Math.round(maxSettleMs),
      settledPastBound: late.length,
      latePutAtMs:
        late.length === 0
          ? ''
          : `${Math.round(late[0]?.putAtMs ?? 0)}..${Math.round(late.at(-1)?.putAtMs ?? 0)}`,
      lateErrors: [
        ...new Set(
          late.map((put) =>
            put.error instanceof RecordExpiredError
              ? `expired after ${put.error.attempts} attempt(s), last ${String(put.error.lastErrorCode)}`
              : put.error === undefined
                ? 'resolved'
                : String(put.error),
          ),
        ),
      ].join('; '),
    };
    recordResult('restart', figures);
    expect(resolved.length + rejected.length).toBe(readings.length);
    expect(resolvedMissing).toEqual([]);
    expect(untyped).toEqual([]);
    // The outage outlasted the TTL: both outcomes must have happened for the test to mean anything.
    expect(expired.length).toBeGreaterThan(0);
    expect(resolved.length).toBeGreaterThan(0);
    expect(maxSettleMs).toBeLessThanOrEqual(SETTLE_BOUND_MS);
    // Only an attempt without an answer can store a record the producer then gave up on.
    expect(rejectedButStored.length).toBeLessThanOrEqual(metrics.possibleDuplicates);
  });
});
