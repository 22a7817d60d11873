/**
 * A fixed number of the latest values: pushing past the capacity forgets the oldest, so a run of
 * any length holds the same memory.
 *
 * @example
 * ```ts
 * import { createSeries } from './series.js';
 *
 * const series = createSeries(3);
 * for (const value of [1, 2, 3, 4]) series.push(value);
 * series.values(); // [2, 3, 4]
 * ```
 */
export function createSeries(capacity: number): Series {
  const ring: Array<number | null> = new Array(capacity).fill(null);
  let next = 0;
  let size = 0;
  return {
    push(value) {
      ring[next] = value;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    values() {
      const start = (next - size + capacity) % capacity;
      return Array.from({ length: size }, (_, i) => ring[(start + i) % capacity] ?? null);
    },
    last() {
      return size === 0 ? null : (ring[(next - 1 + capacity) % capacity] ?? null);
    },
  };
}

/** The latest values of a figure, one per tick; `null` where there was nothing to measure. */
export interface Series {
  push(value: number | null): void;
  /** Oldest first. */
  values(): Array<number | null>;
  last(): number | null;
}
