/** Sub-buckets per power of two: values are kept within 1/16 (about 6 %). */
const SUB_BUCKET_BITS = 4;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Microsecond values up to 2^40 (about 12 days) are told apart; longer ones share the last bucket. */
const MAX_EXPONENT = 40;
const BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

/** The percentiles `metrics()` reports, in milliseconds. */
export interface LatencyPercentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

function bucketOf(micros: number): number {
  if (micros < SUB_BUCKETS) return micros;
  if (micros < 2 ** 31) {
    // Integer arithmetic below 2^31 us (about 36 min): the hot path of every put.
    const shift = 31 - Math.clz32(micros) - SUB_BUCKET_BITS;
    return SUB_BUCKETS + shift * SUB_BUCKETS + ((micros >>> shift) - SUB_BUCKETS);
  }
  const exponent = Math.min(MAX_EXPONENT, Math.floor(Math.log2(micros)));
  const shift = exponent - SUB_BUCKET_BITS;
  const sub = Math.max(0, Math.floor(micros / 2 ** shift) - SUB_BUCKETS);
  return Math.min(BUCKETS - 1, SUB_BUCKETS + shift * SUB_BUCKETS + sub);
}

/** The upper edge of a bucket, in microseconds. */
function upperOf(bucket: number): number {
  if (bucket < SUB_BUCKETS) return bucket;
  const shift = Math.floor((bucket - SUB_BUCKETS) / SUB_BUCKETS);
  const sub = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
  return (SUB_BUCKETS + sub + 1) * 2 ** shift - 1;
}

/**
 * A log-linear histogram of durations (HdrHistogram's layout, 16 sub-buckets per power of two):
 * constant memory and O(1) recording, whatever the number of puts.
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMicros = 0;

  record(milliseconds: number): void {
    const micros = Math.max(0, Math.round(milliseconds * 1000));
    const bucket = bucketOf(micros);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  percentiles(): LatencyPercentiles {
    return {
      count: this.total,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      max: this.maxMicros / 1000,
    };
  }

  /** The smallest recorded bucket edge at or below which `fraction` of the values lie, in ms. */
  private percentile(fraction: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(fraction * this.total);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(upperOf(bucket), this.maxMicros) / 1000;
    }
    return this.maxMicros / 1000;
  }
}
