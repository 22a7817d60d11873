import { PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProducerMetrics } from '../src/index.js';
import { createTestProducer, mockShards, responseFor } from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

/** Kinesis answers each PutRecords after this many (fake) milliseconds. */
const ANSWER_AFTER_MS = 40;

beforeEach(() => {
  kinesisMock.reset();
  mockShards(kinesisMock);
  vi.useFakeTimers();
  kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
    await new Promise((resolve) => setTimeout(resolve, ANSWER_AFTER_MS));
    return responseFor(input);
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('put latency', () => {
  it('measures from put to acknowledgement: buffering time plus the answer', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: 100 });

    // Act
    const outcomes = producer.putMany(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(1_000);
    await outcomes;

    // Assess
    const { putLatencyMs } = producer.metrics();
    expect(putLatencyMs.count).toBe(3);
    for (const value of [putLatencyMs.p50, putLatencyMs.p90, putLatencyMs.p99, putLatencyMs.max]) {
      expect(value).toBeGreaterThanOrEqual(140 * (15 / 16));
      expect(value).toBeLessThanOrEqual(141);
    }
  });
});

describe('onMetrics', () => {
  it('receives a snapshot every metricsIntervalMs and a last one at close()', async () => {
    // Prepare
    const snapshots: ProducerMetrics[] = [];
    const producer = createTestProducer<string>({
      onMetrics: (metrics) => snapshots.push(metrics),
      metricsIntervalMs: 1_000,
    });
    const first = producer.put('a');

    // Act
    await vi.advanceTimersByTimeAsync(2_500);
    await first;
    const second = producer.put('b');
    const closing = producer.close();
    await vi.advanceTimersByTimeAsync(1_000);
    await closing;
    await second;
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect(snapshots.map((snapshot) => snapshot.recordsPut)).toEqual([1, 1, 2]);
    expect(snapshots.at(-1)).toMatchObject({
      requests: 2,
      buffered: 0,
      putLatencyMs: { count: 2 },
    });
  });

  it('keeps producing when the hook throws', async () => {
    // Prepare
    const producer = createTestProducer<string>({
      onMetrics: () => {
        throw new Error('metrics backend down');
      },
      metricsIntervalMs: 10,
    });

    // Act
    const put = producer.put('a');
    await vi.advanceTimersByTimeAsync(500);

    // Assess
    await expect(put).resolves.toMatchObject({ attempts: 1 });
  });
});
