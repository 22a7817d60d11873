import { LatencyHistogram } from './latency-histogram.js';
import type { ProducerMetrics } from './types.js';

/** The counters of `ProducerMetrics`, mutable inside the producer. */
export interface Counters {
  recordsPut: number;
  bytesPut: number;
  requests: number;
  retries: number;
  throttled: number;
  expired: number;
  failed: number;
  possibleDuplicates: number;
}

/** The producer's gauges at the time of a snapshot. */
export interface Gauges {
  readonly shardMapRefreshes: number;
  readonly buffered: number;
  readonly bufferedBytes: number;
  readonly waiting: number;
  readonly inFlight: number;
}

/** Counters and the put-latency histogram of one producer. */
export class ProducerStats {
  readonly counters: Counters = {
    recordsPut: 0,
    bytesPut: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    expired: 0,
    failed: 0,
    possibleDuplicates: 0,
  };
  readonly putLatency = new LatencyHistogram();

  snapshot(gauges: Gauges): ProducerMetrics {
    return { ...this.counters, ...gauges, putLatencyMs: this.putLatency.percentiles() };
  }
}
