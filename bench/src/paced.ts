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
