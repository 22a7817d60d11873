import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/latency-histogram.js';

/** The exact percentile (nearest rank) of some values. */
function exactPercentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

describe('LatencyHistogram', () => {
  it('reports zeros before anything is recorded', () => {
    // Act
    const percentiles = new LatencyHistogram().percentiles();

    // Assess
    expect(percentiles).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });

  it('keeps every percentile within 1/16 (plus 1 us) of the exact one, and the max exact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 600_000, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        (values) => {
          // Prepare
          const histogram = new LatencyHistogram();

          // Act
          for (const value of values) histogram.record(value);
          const percentiles = histogram.percentiles();

          // Assess
          const rounded = values.map((value) => Math.round(value * 1000) / 1000);
          for (const [key, fraction] of [
            ['p50', 0.5],
            ['p90', 0.9],
            ['p99', 0.99],
          ] as const) {
            const exact = exactPercentile(rounded, fraction);
            expect(Math.abs(percentiles[key] - exact)).toBeLessThanOrEqual(exact / 16 + 0.001);
          }
          expect(percentiles.max).toBe(Math.max(...rounded));
          expect(percentiles.count).toBe(values.length);
        },
      ),
    );
  });

  it('tells 1 ms from 100 ms in a mix of fast and slow puts', () => {
    // Prepare
    const histogram = new LatencyHistogram();

    // Act
    for (let index = 0; index < 95; index += 1) histogram.record(1);
    for (let index = 0; index < 5; index += 1) histogram.record(100);
    const { p50, p90, p99, max } = histogram.percentiles();

    // Assess
    expect(p50).toBeCloseTo(1, 1);
    expect(p90).toBeCloseTo(1, 1);
    expect(p99).toBeGreaterThan(93);
    expect(max).toBe(100);
  });
});
