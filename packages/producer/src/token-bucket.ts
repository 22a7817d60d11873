/** How fast a bucket refills, per second; it holds at most one second's worth. */
export interface TokenRates {
  readonly recordsPerSecond: number;
  readonly bytesPerSecond: number;
}

/**
 * A two-dimensional token bucket (records and bytes) for one shard, refilled continuously and
 * holding at most one second's worth; it starts full. A record takes one record token and its size
 * in byte tokens. A record larger than the whole byte capacity passes once the bucket is full and
 * leaves it in debt, so no record size can stall a shard for ever.
 */
export class TokenBucket {
  private readonly rates: TokenRates;
  private records: number;
  private bytes: number;
  private updatedAt: number;

  constructor(rates: TokenRates, now: number) {
    this.rates = rates;
    this.records = rates.recordsPerSecond;
    this.bytes = rates.bytesPerSecond;
    this.updatedAt = now;
  }

  /** Takes the tokens of one record of `size` bytes if they are there. */
  tryTake(size: number, now: number): boolean {
    this.refill(now);
    if (this.records < 1 || this.bytes < Math.min(size, this.rates.bytesPerSecond)) return false;
    this.records -= 1;
    this.bytes -= size;
    return true;
  }

  /** Milliseconds until `count` records totalling at least `size` bytes can pass (0 if now). */
  msUntil(count: number, size: number, now: number): number {
    this.refill(now);
    const { recordsPerSecond, bytesPerSecond } = this.rates;
    const records = Math.min(count, recordsPerSecond);
    const bytes = Math.min(size, bytesPerSecond);
    const recordWait = ((records - this.records) / recordsPerSecond) * 1000;
    const byteWait = ((bytes - this.bytes) / bytesPerSecond) * 1000;
    return Math.max(0, Math.ceil(Math.max(recordWait, byteWait)));
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed <= 0) return;
    this.updatedAt = now;
    const seconds = elapsed / 1000;
    const { recordsPerSecond, bytesPerSecond } = this.rates;
    this.records = Math.min(recordsPerSecond, this.records + seconds * recordsPerSecond);
    this.bytes = Math.min(bytesPerSecond, this.bytes + seconds * bytesPerSecond);
  }
}
