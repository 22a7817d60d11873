/**
 * Exponential backoff with full jitter: a uniform delay in `[0, min(max, base * 2^(attempt-1)))`.
 * Full jitter spreads retries of a throttled shard so they do not arrive together again.
 */
export function fullJitterDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.random() * ceiling;
}
