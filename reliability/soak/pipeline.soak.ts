import { createProducer, type Producer } from '@kds/producer';
import { encodeReading, type Reading } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import { type LocalPipeline, startPipeline } from '../src/pipeline.js';
import { keepLast } from '../src/put-results.js';
import { FIRST_TIMESTAMP, makeReadings, matching } from '../src/readings.js';
import { recordResult } from '../src/results.js';
import { type Sample, slopePerMinute } from '../src/trend.js';
import { startEmulatorProcess } from './emulators.js';

/** The soak: 10 minutes at 500 readings/s. `KDS_SOAK_MINUTES` shortens a trial run. */
const MINUTES = Number(process.env.KDS_SOAK_MINUTES ?? 10);
const RATE_PER_SECOND = 500;
const SAMPLE_EVERY_MS = 10_000;
/** Memory settles (JIT, SDK clients, sockets, V8's heap sizing) in the first minute. */
const WARM_UP_MS = 60_000;
/**
 * A leak of 100 bytes per reading (500/s) grows RSS by about 3 MiB a minute; a flat series after a
 * full collection stays well inside 2.
 */
const MAX_RSS_SLOPE_MIB_PER_MINUTE = 2;
/** The live heap after a full collection is the sharper measure: the same leak shows at full size. */
const MAX_HEAP_SLOPE_MIB_PER_MINUTE = 1;
const CONSUME_TIMEOUT_MS = 300_000;
const MIN_TEMPERATURE = 35;
/** Bounds the puts awaited at once, as a device with a send window would. */
const SEND_WINDOW = 1_000;

const mib = (bytes: number): number => bytes / (1024 * 1024);
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

describe('scenario 7: soak of the local pipeline', () => {
  it(`runs ${MINUTES} min at ${RATE_PER_SECOND} readings/s with no RSS growth trend and no reading lost`, async () => {
    // Prepare
    const total = Math.round(MINUTES * 60 * RATE_PER_SECOND);
    const readings = makeReadings(total);
    const emulators = await startEmulatorProcess();
    // Fixed-size tallies: the harness itself must not grow with the readings it has seen.
    const seen = new Uint8Array(total);
    const sentAt = new Float64Array(total);
    let maxEndToEndMs = 0;
    let maxPutMs = 0;
    let pipeline: LocalPipeline | undefined;
    let producer: Producer<Reading> | undefined;
    const samples: Array<Sample & { heapMiB: number; emulatorsMiB: number }> = [];
    let sampler: NodeJS.Timeout | undefined;
    try {
      pipeline = await startPipeline({
        endpoints: emulators.endpoints,
        minTemperature: MIN_TEMPERATURE,
        onHandled: (handled) => {
          const now = performance.now();
          for (const reading of handled) {
            const index = reading.Timestamp - FIRST_TIMESTAMP;
            seen[index] = Math.min(255, (seen[index] ?? 0) + 1);
            maxEndToEndMs = Math.max(maxEndToEndMs, now - (sentAt[index] ?? now));
          }
        },
      });
      producer = createProducer<Reading>({
        client: pipeline.kinesis,
        streamName: pipeline.streamName,
        serialize: encodeReading,
      });
      const started = performance.now();
      const sample = (): void => {
        // With --expose-gc (the soak config): measure what is live, not what awaits collection.
        (globalThis as { gc?: () => void }).gc?.();
        const memory = process.memoryUsage();
        samples.push({
          atMs: performance.now() - started,
          value: mib(memory.rss),
          heapMiB: mib(memory.heapUsed),
          emulatorsMiB: emulators.rssMiB(),
        });
      };
      sample();
      sampler = setInterval(sample, SAMPLE_EVERY_MS);

      // Act
      let accepted = 0;
      let rejected = 0;
      const last: Record<string, string> = {};
      let window: Array<Promise<void>> = [];
      for (const [index, reading] of readings.entries()) {
        const ahead = (index * 1000) / RATE_PER_SECOND - (performance.now() - started);
        if (ahead > 1) await new Promise((resolve) => setTimeout(resolve, ahead));
        const putAt = performance.now();
        sentAt[index] = putAt;
        window.push(
          producer.put(reading).then(
            (result) => {
              accepted += 1;
              maxPutMs = Math.max(maxPutMs, performance.now() - putAt);
              keepLast(last, result);
            },
            () => {
              rejected += 1;
            },
          ),
        );
        if (window.length >= SEND_WINDOW) {
          await Promise.all(window);
          window = [];
        }
      }
      await producer.flush();
      await Promise.all(window);
      await pipeline.trigger.waitForCheckpoints(last, {
        timeoutMs: CONSUME_TIMEOUT_MS,
      });
      clearInterval(sampler);
      sample();
      const stored = await pipeline.scanStored();

      // Assess
      let lost = 0;
      let duplicated = 0;
      for (const count of seen) {
        if (count === 0) lost += 1;
        if (count > 1) duplicated += 1;
      }
      const afterWarmUp = samples.filter((s) => s.atMs >= WARM_UP_MS);
      const slope = slopePerMinute(afterWarmUp);
      const heapSlope = slopePerMinute(
        afterWarmUp.map((s) => ({ atMs: s.atMs, value: s.heapMiB })),
      );
      const rss = samples.map((s) => s.value);
      const figures = {
        minutes: MINUTES,
        ratePerSecond: RATE_PER_SECOND,
        sent: total,
        accepted,
        rejected,
        lost,
        duplicates: duplicated,
        matching: matching(readings, MIN_TEMPERATURE).length,
        stored: stored.length,
        maxPutMs: Math.round(maxPutMs),
        maxEndToEndMs: Math.round(maxEndToEndMs),
        rssStartMiB: round(rss[0] ?? 0),
        rssAfterWarmUpMiB: round(afterWarmUp[0]?.value ?? 0),
        rssEndMiB: round(rss.at(-1) ?? 0),
        rssMaxMiB: round(Math.max(...rss)),
        rssSlopeMiBPerMinute: round(slope, 3),
        heapSlopeMiBPerMinute: round(heapSlope, 3),
        heapEndMiB: round(samples.at(-1)?.heapMiB ?? 0),
        emulatorsRssEndMiB: round(samples.at(-1)?.emulatorsMiB ?? 0),
        samples: samples.length,
        rssSeriesMiB: rss.map((value) => round(value, 0)).join(' '),
      };
      recordResult('soak', figures);
      expect(rejected).toBe(0);
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect(stored.length).toBe(figures.matching);
      expect(afterWarmUp.length).toBeGreaterThanOrEqual(3);
      expect(slope).toBeLessThan(MAX_RSS_SLOPE_MIB_PER_MINUTE);
      expect(heapSlope).toBeLessThan(MAX_HEAP_SLOPE_MIB_PER_MINUTE);
    } finally {
      if (sampler !== undefined) clearInterval(sampler);
      await producer?.close().catch(() => {});
      await pipeline?.stop();
      await emulators.stop();
    }
  });
});
