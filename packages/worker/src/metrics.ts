import type { ShardConsumerState } from './constants.js';
import type { LeaseCoordinatorStats } from './leases/coordinator-state.js';

/** What one shard's consumer has done since the worker took its lease. */
export interface ShardMetrics {
  readonly shardId: string;
  readonly state: ShardConsumerState;
  /** How far the last read was behind the tip of the shard (GetRecords `MillisBehindLatest`). */
  readonly millisBehindLatest: number | undefined;
  /** Kinesis records handed to the processor and checkpointed (a KPL aggregate counts once). */
  readonly records: number;
  /** Bytes of those records' data. */
  readonly bytes: number;
  /** Checkpoints written. */
  readonly checkpoints: number;
  /** The last checkpoint written, `sequence` or `sequence:subSequence`. */
  readonly checkpoint: string | undefined;
  /** Attempts at a batch that failed and were tried again. */
  readonly retries: number;
  /** Records given up on after `maxAttempts` (handed to `onRecordFailed`). */
  readonly recordsFailed: number;
}

/** A snapshot of a worker's figures, for `onMetrics` and `worker.metrics()`. */
export interface WorkerMetrics {
  readonly workerId: string;
  /** Leases held now. */
  readonly leasesHeld: number;
  /** Leases taken since start: free or expired ones, and stolen ones. */
  readonly leasesTaken: number;
  /** Of those taken, how many were stolen from a busier worker. */
  readonly leasesStolen: number;
  /** Leases lost: taken by another worker, or not renewed in time. */
  readonly leasesLost: number;
  /** Leases handed back on stop. */
  readonly leasesReleased: number;
  /** Kinesis records processed and checkpointed, all shards. */
  readonly records: number;
  /** Bytes of those records. */
  readonly bytes: number;
  /** Checkpoints written, all shards. */
  readonly checkpoints: number;
  /** Batch attempts tried again, all shards. */
  readonly retries: number;
  /** Records given up on after `maxAttempts` (handed to `onRecordFailed`). */
  readonly recordsFailed: number;
  /** Per shard held now, or held earlier in this worker's life. */
  readonly shards: Readonly<Record<string, ShardMetrics>>;
}

/** A shard consumer's mutable counters. */
export interface ShardCounters {
  state: ShardConsumerState;
  millisBehindLatest: number | undefined;
  records: number;
  bytes: number;
  checkpoints: number;
  checkpoint: string | undefined;
  retries: number;
  recordsFailed: number;
}

/** The counters of a shard that a worker's snapshot adds up over its shards. */
const SUMMED = ['records', 'bytes', 'checkpoints', 'retries', 'recordsFailed'] as const;

type Sums = Record<(typeof SUMMED)[number], number>;

function zeroSums(): Sums {
  return Object.fromEntries(SUMMED.map((name) => [name, 0])) as Sums;
}

/** The worker's mutable counters: one per shard it held. */
export interface WorkerCounters {
  readonly shards: Map<string, ShardCounters>;
}

/** Fresh counters of a worker. */
export function createWorkerCounters(): WorkerCounters {
  return { shards: new Map() };
}

/** A snapshot of the counters. */
export function snapshot(
  workerId: string,
  counters: WorkerCounters,
  leasesHeld: number,
  leases: LeaseCoordinatorStats,
): WorkerMetrics {
  const shards: Record<string, ShardMetrics> = {};
  const sums = zeroSums();
  for (const [shardId, shard] of counters.shards) {
    shards[shardId] = { shardId, ...shard };
    for (const name of SUMMED) sums[name] += shard[name];
  }
  return {
    workerId,
    leasesHeld,
    leasesTaken: leases.taken,
    leasesStolen: leases.stolen,
    leasesLost: leases.lost,
    leasesReleased: leases.released,
    ...sums,
    shards,
  };
}

/** Fresh counters of a shard. */
export function createShardCounters(state: ShardConsumerState): ShardCounters {
  return { state, millisBehindLatest: undefined, checkpoint: undefined, ...zeroSums() };
}
