import type { Producer } from '@kds/producer';
import { type Reading, SPOTS } from '@kds/schema';

/**
 * The value at percentile `p` (0 to 100) of samples sorted ascending, by the nearest-rank method;
 * `NaN` for no samples.
 *
 * @example
 * ```ts
 * import { percentile } from './paced.js';
 *
 * percentile([1, 2, 3, 4], 50); // 2
 * ```
 */
export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/**
 * Yields `count` distinct readings at `ratePerSecond`, each when its turn comes (reading `i` at
 * `i / rate` seconds after the first), so latency suites offer a steady load and time each put.
 *
 * @example
 * ```ts
 * import { pacedReadings } from './paced.js';
 *
 * for await (const reading of pacedReadings(100, 50)) console.log(reading.Spot);
 * ```
 */
export async function* pacedReadings(
  count: number,
  ratePerSecond: number,
): AsyncGenerator<Reading> {
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const wait = started + (i * 1_000) / ratePerSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    yield {
      Timestamp: 1_732_600_000_000 + i,
      Spot: SPOTS[i % SPOTS.length] as Reading['Spot'],
      Temperature: 10 + (i % 31),
    };
  }
}

/**
 * Puts `count` readings through `producer` at `ratePerSecond` ({@link pacedReadings}), noting in
 * `putAt` when each was put (by its Timestamp) for the consumer that receives it; closes the
 * producer once every put was acknowledged and returns each put's time to acknowledgement, in ms.
 *
 * @example
 * ```ts
 * import { createProducer } from '@kds/producer';
 * import { encodeReading, type Reading } from '@kds/schema';
 * import { putPaced } from './paced.js';
 *
 * const producer = createProducer<Reading>({ streamName: 'TestDataStream', serialize: encodeReading });
 * const acknowledged = await putPaced(producer, 100, 50, new Map());
 * ```
 */
export async function putPaced(
  producer: Producer<Reading>,
  count: number,
  ratePerSecond: number,
  putAt: Map<number, number>,
): Promise<number[]> {
  const acknowledged: number[] = [];
  const puts: Promise<void>[] = [];
  for await (const reading of pacedReadings(count, ratePerSecond)) {
    const at = performance.now();
    putAt.set(reading.Timestamp, at);
    puts.push(producer.put(reading).then(() => void acknowledged.push(performance.now() - at)));
  }
  await Promise.all(puts);
  await producer.close();
  return acknowledged;
}

/**
 * A wait that its holder ends with `done()`; `within(ms)` waits for it at most `ms`, a guard
 * against a lost delivery hanging the run (never a measure).
 *
 * @example
 * ```ts
 * import { completion } from './paced.js';
 *
 * const delivered = completion();
 * setTimeout(delivered.done, 10);
 * await delivered.within(60_000);
 * ```
 */
export function completion(): { done(): void; within(ms: number): Promise<void> } {
  let resolve: () => void = () => {};
  const finished = new Promise<void>((settle) => {
    resolve = settle;
  });
  return {
    done: () => resolve(),
    async within(ms) {
      let guard: NodeJS.Timeout | undefined;
      await Promise.race([finished, new Promise((settle) => (guard = setTimeout(settle, ms)))]);
      clearTimeout(guard);
    },
  };
}
