import type { Producer } from '@kds/producer';
import type { Reading } from '@kds/schema';
import type { Device } from './device.js';

/** Puts awaited at once at most, so a large `--count` does not hold every promise in memory. */
const SEND_WINDOW = 10_000;
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

/**
 * Puts `count` readings of a device through a producer and tallies where Kinesis put them.
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
  options: { count: number; minTemperature: number },
): Promise<SendOutcome> {
  const { count, minTemperature } = options;
  const shards: Record<string, number> = {};
  const lastSequenceNumbers: Record<string, string> = {};
  const errors: string[] = [];
  let sent = 0;
  let failed = 0;
  let matching = 0;

  const started = performance.now();
  let window: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const reading = device.next();
    window.push(
      producer.put(reading).then(
        ({ shardId, sequenceNumber }) => {
          sent += 1;
          if (reading.Temperature >= minTemperature) matching += 1;
          shards[shardId] = (shards[shardId] ?? 0) + 1;
          const last = lastSequenceNumbers[shardId];
          // Sequence numbers exceed 2^53: compare them as BigInt.
          if (last === undefined || BigInt(sequenceNumber) > BigInt(last)) {
            lastSequenceNumbers[shardId] = sequenceNumber;
          }
        },
        (error: unknown) => {
          failed += 1;
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
  const elapsedMs = Math.round(performance.now() - started);

  const sortedShards = Object.fromEntries(
    Object.entries(shards).sort(([a], [b]) => a.localeCompare(b)),
  );
  return { sent, failed, shards: sortedShards, lastSequenceNumbers, matching, elapsedMs, errors };
}
