import { LatencyHistogram } from './latency-histogram.js';
import type { HeldBackMetrics, ProducerMetrics } from './types.js';

/** The counters of `ProducerMetrics`, mutable inside the producer. */
export interface Counters {
  recordsPut: number;
  bytesPut: number;
  kinesisRecordsPut: number;
  kinesisBytesPut: number;
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

/**
 * What the per-shard rate limit held back: the records that had to queue behind their shard's
 * token bucket, and the milliseconds they waited there, in total and per shard.
 */
export class HeldBackTally {
  records = 0;
  ms = 0;
  private readonly byShard = new Map<string, { records: number; ms: number }>();

  /** A record of `shardId` leaves its shard's queue after waiting `ms` there. */
  add(shardId: string, ms: number): void {
    this.records += 1;
    this.ms += ms;
    const shard = this.byShard.get(shardId);
    if (shard === undefined) this.byShard.set(shardId, { records: 1, ms });
    else {
      shard.records += 1;
      shard.ms += ms;
    }
  }

  /** A copy, per shard id. */
  perShard(): Readonly<Record<string, HeldBackMetrics>> {
    const shards: Record<string, HeldBackMetrics> = {};
    for (const [shardId, { records, ms }] of this.byShard) shards[shardId] = { records, ms };
    return shards;
  }
}

/** Counters and the put-latency histogram of one producer. */
export class ProducerStats {
  readonly counters: Counters = {
    recordsPut: 0,
    bytesPut: 0,
    kinesisRecordsPut: 0,
    kinesisBytesPut: 0,
    requests: 0,
    retries: 0,
    throttled: 0,
    expired: 0,
    failed: 0,
    possibleDuplicates: 0,
  };
  readonly putLatency = new LatencyHistogram();
  readonly heldBack = new HeldBackTally();

  snapshot(gauges: Gauges): ProducerMetrics {
    const { heldBack } = this;
    return {
      ...this.counters,
      heldBackRecords: heldBack.records,
      heldBackMs: heldBack.ms,
      heldBackByShard: heldBack.perShard(),
      ...gauges,
      putLatencyMs: this.putLatency.percentiles(),
    };
  }
}
