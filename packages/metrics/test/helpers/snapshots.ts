import type { ProducerMetrics } from '@kds/producer';
import type { ShardMetrics, WorkerMetrics } from '@kds/worker';

/** A snapshot of a producer that has put 1,000 records, with fields replaced by `overrides`. */
export function producerSnapshot(overrides: Partial<ProducerMetrics> = {}): ProducerMetrics {
  return {
    recordsPut: 1_000,
    bytesPut: 64_000,
    kinesisRecordsPut: 40,
    kinesisBytesPut: 65_000,
    requests: 3,
    retries: 2,
    throttled: 1,
    expired: 0,
    failed: 0,
    possibleDuplicates: 0,
    heldBackRecords: 20,
    heldBackMs: 3_000,
    heldBackByShard: { 'shardId-000000000000': { records: 20, ms: 3_000 } },
    shardMapRefreshes: 1,
    buffered: 12,
    bufferedBytes: 768,
    waiting: 0,
    inFlight: 1,
    putLatencyMs: { count: 1_000, p50: 12, p90: 30, p99: 95, max: 140 },
    ...overrides,
  };
}

/** What a worker snapshot says of a shard being read and caught up, with fields replaced. */
export function shard(shardId: string, overrides: Partial<ShardMetrics> = {}): ShardMetrics {
  return {
    shardId,
    state: 'READING',
    millisBehindLatest: 0,
    records: 0,
    bytes: 0,
    checkpoints: 0,
    checkpoint: undefined,
    retries: 0,
    recordsFailed: 0,
    ...overrides,
  };
}

/** A snapshot of a worker holding 2 shards, 1.5 s behind at most, with fields replaced. */
export function workerSnapshot(overrides: Partial<WorkerMetrics> = {}): WorkerMetrics {
  return {
    workerId: 'host:4242:1a2b3c4d',
    leasesHeld: 2,
    leasesTaken: 3,
    leasesStolen: 1,
    leasesLost: 1,
    leasesReleased: 0,
    records: 1_200,
    bytes: 76_800,
    checkpoints: 12,
    retries: 2,
    recordsFailed: 1,
    shards: {
      'shardId-000000000000': shard('shardId-000000000000', { millisBehindLatest: 1_500 }),
      'shardId-000000000001': shard('shardId-000000000001', { millisBehindLatest: 300 }),
    },
    ...overrides,
  };
}
