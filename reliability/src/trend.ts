/** One sample of a series: when (ms since the start) and what. */
export interface Sample {
  readonly atMs: number;
  readonly value: number;
}

/**
 * The least-squares slope of a series, in value units per minute: the growth trend of a memory
 * series once its noise is averaged out.
 *
 * @example
 * ```ts
 * import { slopePerMinute } from './trend.js';
 *
 * slopePerMinute([{ atMs: 0, value: 100 }, { atMs: 60_000, value: 102 }]); // 2
 * ```
 */
export function slopePerMinute(samples: readonly Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((sample) => sample.atMs / 60_000);
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = samples.reduce((sum, sample) => sum + sample.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - meanX;
    covariance += dx * ((samples[i] as Sample).value - meanY);
    variance += dx * dx;
  }
  return variance === 0 ? 0 : covariance / variance;
}
