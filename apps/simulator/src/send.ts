import { compareSequenceNumbers } from '@kds/core';
import type { Producer } from '@kds/producer';
import type { Reading } from '@kds/schema';
import type { Device } from './device.js';
import { NO_OBSERVER, type RunObserver } from './ui/observer.js';

/** Puts awaited at once at most, so a large `--count` does not hold every promise in memory. */
const SEND_WINDOW = 10_000;
/** A paced device wakes at most this often; readings due meanwhile go out together. */
const PACING_TICK_MS = 10;
/** Failure messages kept for the report. */
const MAX_ERRORS_KEPT = 5;

/** What sending came to. */
export interface SendOutcome {
  readonly sent: number;
  readonly failed: number;
  /** Readings accepted per ShardId. */
  readonly shards: Record<string, number>;
  /** Per ShardId, the highest sequence number Kinesis gave a reading. */
  readonly lastSequenceNumbers: Record<string, string>;
  /** Accepted readings at or above the threshold. */
  readonly matching: number;
  readonly elapsedMs: number;
  /** The first few failure messages. */
  readonly errors: readonly string[];
}

/** How many readings to send, how fast, and who to tell. */
export interface SendOptions {
  readonly count: number;
  readonly minTemperature: number;
  /** Readings per second; `undefined` sends as fast as the producer takes them. */
  readonly rate?: number | undefined;
  /** Called as readings go out (paced sends) and once at the end, with (done, total). */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** Stops sending early (Ctrl-C); what was put is still flushed and counted. */
  readonly signal?: AbortSignal | undefined;
  /** Told of each reading Kinesis accepted, and of each refused for good (the live view). */
  readonly observer?: Pick<RunObserver, 'readingAccepted' | 'readingFailed'> | undefined;
}

/**
 * Puts `count` readings of a device, at `rate` per second when given, through a producer and
 * tallies where Kinesis put them.
 *
 * @example
 * ```ts
 * import { createProducer } from '@kds/producer';
 * import { createDevice } from './device.js';
 * import { sendReadings } from './send.js';
 *
 * const outcome = await sendReadings(createProducer({ streamName: 'TestDataStream' }), createDevice(), {
 *   count: 100,
 *   minTemperature: 35,
 * });
 * ```
 */
export async function sendReadings(
  producer: Producer<Reading>,
  device: Device,
  options: SendOptions,
): Promise<SendOutcome> {
  const { count, minTemperature, rate, onProgress, signal, observer = NO_OBSERVER } = options;
  const shards: Record<string, number> = {};
  const lastSequenceNumbers: Record<string, string> = {};
  const errors: string[] = [];
  let sent = 0;
  let failed = 0;
  let matching = 0;

  const started = performance.now();
  let window: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    if (signal?.aborted) break;
    if (rate !== undefined) {
      // The i-th reading is due i / rate seconds after the start.
      const due = started + (i * 1_000) / rate;
      const wait = due - performance.now();
      if (wait > 0) {
        onProgress?.(i, count);
        await new Promise((resolve) => setTimeout(resolve, Math.max(wait, PACING_TICK_MS)));
      }
    }
    const reading = device.next();
    window.push(
      producer.put(reading).then(
        ({ shardId, sequenceNumber }) => {
          sent += 1;
          if (reading.Temperature >= minTemperature) matching += 1;
          shards[shardId] = (shards[shardId] ?? 0) + 1;
          const last = lastSequenceNumbers[shardId];
          // Sequence numbers exceed 2^53: compare them as BigInt.
          if (last === undefined || compareSequenceNumbers(sequenceNumber, last) > 0) {
            lastSequenceNumbers[shardId] = sequenceNumber;
          }
          observer.readingAccepted(reading, shardId, sequenceNumber);
        },
        (error: unknown) => {
          failed += 1;
          observer.readingFailed(error);
          if (errors.length < MAX_ERRORS_KEPT)
            errors.push((error as Error).message ?? String(error));
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
  onProgress?.(sent + failed, count);
  const elapsedMs = Math.round(performance.now() - started);

  const sortedShards = Object.fromEntries(
    Object.entries(shards).sort(([a], [b]) => a.localeCompare(b)),
  );
  return { sent, failed, shards: sortedShards, lastSequenceNumbers, matching, elapsedMs, errors };
}
