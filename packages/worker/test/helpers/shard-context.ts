import type { ChildShard } from '@aws-sdk/client-kinesis';
import type { ShardReader, ShardReadResult, StartPosition } from '@kds/reader';
import type { Reading } from '@kds/schema';
import { ShardConsumerState } from '../../src/constants.js';
import { type ExtendedSequenceNumber, type Lease, newLease } from '../../src/leases/lease.js';
import type { LogLevel } from '../../src/logger.js';
import { createShardCounters, type ShardCounters } from '../../src/metrics.js';
import {
  type FailedRecord,
  type ResolvedSettings,
  resolveSettings,
  type WorkerProcessor,
  type WorkerSettings,
} from '../../src/options.js';
import type { ShardConsumerContext } from '../../src/shard-consumer.js';
import { SHARD_ID, toRecords } from './records.js';

/** One scripted read: a result, or an error the read rejects with. */
export type ScriptedRead = Partial<ShardReadResult> | Error;

export interface FakeShardOptions {
  readonly processor: WorkerProcessor<Reading>;
  /** The reads in order; once they run out, the lease is lost (so the consumer exits). */
  readonly reads?: readonly ScriptedRead[];
  readonly lease?: Partial<Lease>;
  /** The other leases of the table, for the parents' state. */
  readonly leases?: readonly Lease[];
  readonly settings?: Partial<WorkerSettings<Reading>>;
  /** Called on each checkpoint, after it is noted; may throw. */
  readonly onCheckpoint?: (checkpoint: ExtendedSequenceNumber) => void | Promise<void>;
  readonly onRecordFailed?: (failed: FailedRecord) => void | Promise<void>;
  /** Called on each read, before it returns: to change the lease or the worker meanwhile. */
  readonly onRead?: (shard: FakeShard) => void;
  /** Called on each sleep, after it is noted. */
  readonly onSleep?: (ms: number, shard: FakeShard) => void;
}

/** A shard consumer's context whose collaborators are scripted, and what it was asked to do. */
export interface FakeShard {
  readonly context: ShardConsumerContext<Reading, Reading>;
  readonly counters: ShardCounters;
  /** What happened, in order: `read`, `checkpoint <seq>[:sub]`, `sleep <ms>`, `failed <seq>`, `children <ids>`. */
  readonly events: string[];
  readonly checkpoints: ExtendedSequenceNumber[];
  readonly sleeps: number[];
  readonly retryAttempts: number[];
  readonly starts: StartPosition[];
  readonly children: (readonly ChildShard[])[];
  readonly failed: FailedRecord[];
  readonly logs: { level: LogLevel; message: string }[];
  /** Reads done so far. */
  reads: number;
  held: boolean;
  stopping: boolean;
  readerClosed: boolean;
}

const formatted = ({ sequenceNumber, subSequenceNumber }: ExtendedSequenceNumber): string =>
  subSequenceNumber > 0 ? `${sequenceNumber}:${subSequenceNumber}` : sequenceNumber;

/** The delay the fake gives attempt `n` of a batch: 100 ms doubled per attempt. */
export const fakeRetryDelay = (attempt: number): number => 100 * 2 ** (attempt - 1);

/** A fake context for `runShardConsumer` over one shard. */
export function fakeShard(options: FakeShardOptions): FakeShard {
  const { processor, reads = [], leases = [] } = options;
  const settings: ResolvedSettings = resolveSettings({
    applicationName: 'readings-archiver',
    streamName: 'TestDataStream',
    initialPosition: 'TRIM_HORIZON',
    processor,
    ...options.settings,
  });
  const lease: Lease = {
    ...newLease({
      leaseKey: SHARD_ID,
      checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
    }),
    leaseOwner: 'w1',
    leaseCounter: 1,
    ...options.lease,
  };
  const counters = createShardCounters(ShardConsumerState.WaitingForParents);
  const abort = new AbortController();

  const shard: FakeShard = {
    counters,
    events: [],
    checkpoints: [],
    sleeps: [],
    retryAttempts: [],
    starts: [],
    children: [],
    failed: [],
    logs: [],
    reads: 0,
    held: true,
    stopping: false,
    readerClosed: false,
    context: undefined as unknown as ShardConsumerContext<Reading, Reading>,
  };

  const reader = (start: StartPosition): ShardReader => {
    shard.starts.push(start);
    return {
      open: async () => {},
      lastSequenceNumber: undefined,
      read: async () => {
        const next = reads[shard.reads];
        shard.reads += 1;
        shard.events.push('read');
        options.onRead?.(shard);
        if (next === undefined) {
          // The script is over: the lease goes, and the consumer with it.
          shard.held = false;
          return { records: [], millisBehindLatest: 0, childShards: [], ended: false };
        }
        if (next instanceof Error) throw next;
        return {
          records: [],
          millisBehindLatest: 0,
          childShards: [],
          ended: false,
          ...next,
        };
      },
      close: () => {
        shard.readerClosed = true;
      },
    };
  };

  const context: ShardConsumerContext<Reading, Reading> = {
    lease,
    settings,
    processor,
    counters,
    signal: abort.signal,
    stopping: () => shard.stopping,
    isHeld: () => shard.held,
    checkpoint: async (checkpoint) => {
      shard.events.push(`checkpoint ${formatted(checkpoint)}`);
      await options.onCheckpoint?.(checkpoint);
      shard.checkpoints.push(checkpoint);
    },
    leaseOf: (shardId) => leases.find(({ leaseKey }) => leaseKey === shardId),
    createChildLeases: async (children) => {
      shard.events.push(`children ${children.map(({ ShardId }) => ShardId).join(',')}`);
      shard.children.push(children);
    },
    openReader: (start) => reader(start),
    toRecords,
    onRecordFailed: async (failed) => {
      await options.onRecordFailed?.(failed);
      shard.events.push(`failed ${failed.record.kinesis.sequenceNumber}`);
      shard.failed.push(failed);
    },
    log: (level, message) => {
      shard.logs.push({ level, message });
    },
    sleep: async (ms) => {
      shard.events.push(`sleep ${ms}`);
      shard.sleeps.push(ms);
      options.onSleep?.(ms, shard);
    },
    retryDelay: (attempt) => {
      shard.retryAttempts.push(attempt);
      return fakeRetryDelay(attempt);
    },
  };
  (shard as { context: ShardConsumerContext<Reading, Reading> }).context = context;
  return shard;
}

/** A lease of another shard of the table, at a checkpoint. */
export function otherLease(leaseKey: string, sequenceNumber: string): Lease {
  return {
    ...newLease({ leaseKey, checkpoint: { sequenceNumber, subSequenceNumber: 0 } }),
    leaseOwner: 'w2',
  };
}
