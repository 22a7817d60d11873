import { type Reading, SPOTS } from '@kds/schema';
import { timestampsBySpot } from '@kds/test-support/readings';

/** The first Timestamp of generated readings; each next one is a millisecond later. */
export const FIRST_TIMESTAMP = 1_732_600_000_000;

/**
 * `count` readings with unique, increasing Timestamps from `start` and pseudo-random Spots and
 * Temperatures (10 to 40, a fixed seed so a failing run replays). The Timestamp identifies a
 * reading, so a lost or duplicated one shows in a count per Timestamp.
 *
 * @example
 * ```ts
 * import { makeReadings } from './readings.js';
 *
 * const readings = makeReadings(1_000);
 * ```
 */
export function makeReadings(count: number, start = FIRST_TIMESTAMP, seed = 42): Reading[] {
  let state = seed;
  return Array.from({ length: count }, (_, i) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return {
      Timestamp: start + i,
      Spot: SPOTS[state % SPOTS.length] as Reading['Spot'],
      Temperature: 10 + ((state >>> 8) % 31),
    };
  });
}

/** The readings at or above a threshold: those the handler stores. */
export function matching(readings: readonly Reading[], minTemperature: number): Reading[] {
  return readings.filter((reading) => reading.Temperature >= minTemperature);
}

/** How often each Timestamp occurs. */
export function countByTimestamp(readings: Iterable<Reading>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const reading of readings)
    counts.set(reading.Timestamp, (counts.get(reading.Timestamp) ?? 0) + 1);
  return counts;
}

/** Spots whose Timestamps were not seen in increasing order (order per key broken). */
export function spotsOutOfOrder(readings: Iterable<Reading>): string[] {
  const broken: string[] = [];
  for (const [spot, timestamps] of timestampsBySpot(readings)) {
    for (let i = 1; i < timestamps.length; i += 1) {
      if ((timestamps[i] as number) <= (timestamps[i - 1] as number)) {
        broken.push(spot);
        break;
      }
    }
  }
  return broken;
}
