import type { _Record, ChildShard } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from '@kds/consumer';
import type { ShardReader, StartPosition } from '@kds/reader';
import { attemptBatch, checkpointPast, dropCovered } from './batch-processor.js';
import { ShardConsumerState } from './constants.js';
import { LeaseLostError } from './errors.js';
import { type ExtendedSequenceNumber, isSentinel, type Lease, Sentinel } from './leases/lease.js';
import type { LogLevel } from './logger.js';
import type { ShardCounters } from './metrics.js';
import type { FailedRecord, ResolvedSettings, WorkerProcessor } from './options.js';

/** Attempts at a checkpoint failing with another error than a lost lease, once stopping. */
const CHECKPOINT_ATTEMPTS_WHEN_STOPPING = 3;

/** How a shard consumer ended. */
export type ShardConsumerExit = 'ended' | 'stopped' | 'lost';

/** What a shard consumer needs of the worker around it. */
export interface ShardConsumerContext<T, U> {
  readonly lease: Lease;
  readonly settings: ResolvedSettings;
  readonly processor: WorkerProcessor<T, U>;
  readonly counters: ShardCounters;
  /** Aborted when the lease is lost or the worker stops: wakes every wait, cancels a read. */
  readonly signal: AbortSignal;
  /** True once the worker is stopping gracefully: finish the batch in hand, checkpoint, return. */
  stopping(): boolean;
  /** True while this worker may deliver the shard's records (renewed within the failover time). */
  isHeld(): boolean;
  /** Writes a checkpoint, conditional on holding the lease; throws `LeaseLostError` otherwise. */
  checkpoint(checkpoint: ExtendedSequenceNumber): Promise<void>;
  /** The leases of the table as last seen, by shard id: for the parents' state. */
  leaseOf(shardId: string): Lease | undefined;
  /** Creates the leases of a finished shard's children (idempotent). */
  createChildLeases(childShards: readonly ChildShard[]): Promise<void>;
  openReader(start: StartPosition, signal: AbortSignal): ShardReader;
  toRecords(records: readonly _Record[]): KinesisStreamRecord[];
  onRecordFailed: ((failed: FailedRecord) => void | Promise<void>) | undefined;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  sleep(ms: number): Promise<void>;
  /** Full-jitter delay of a retry: `[0, min(max, base * 2^(attempt - 1)))`. */
  retryDelay(attempt: number): number;
}

const formatCheckpoint = ({ sequenceNumber, subSequenceNumber }: ExtendedSequenceNumber): string =>
  subSequenceNumber > 0 ? `${sequenceNumber}:${subSequenceNumber}` : sequenceNumber;

/** Where reading a lease's shard starts, as the KCL does: AT the checkpoint's sequence number. */
function startOf(lease: Lease, settings: ResolvedSettings): StartPosition {
  const { sequenceNumber } = lease.checkpoint;
  if (!isSentinel(lease.checkpoint)) return { type: 'AT_SEQUENCE_NUMBER', sequenceNumber };
  if (sequenceNumber === Sentinel.Latest) return { type: 'LATEST' };
  if (sequenceNumber === Sentinel.AtTimestamp && typeof settings.initialPosition === 'object') {
    return { type: 'AT_TIMESTAMP', timestamp: settings.initialPosition.atTimestamp };
  }
  return { type: 'TRIM_HORIZON' };
}

const byteLength = (records: readonly _Record[]): number =>
  records.reduce((sum, record) => sum + (record.Data?.byteLength ?? 0), 0);

/**
 * Reads one leased shard and hands its records to the processor, batch by batch, in sequence
 * order: after its parents are read to their end, from its checkpoint, checkpointing after each
 * batch (at the sub-sequence number inside a KPL aggregate). A failing batch is tried again from
 * the record that failed, with backoff. Stops delivering as soon as the lease is no longer held.
 */
export async function runShardConsumer<T, U>(
  context: ShardConsumerContext<T, U>,
): Promise<ShardConsumerExit> {
  const { lease, settings, processor, counters, signal } = context;
  const shardId = lease.leaseKey;
  const halted = (): ShardConsumerExit | undefined => {
    if (!context.isHeld()) return 'lost';
    if (context.stopping() || signal.aborted) return 'stopped';
    return undefined;
  };

  counters.state = ShardConsumerState.WaitingForParents;
  for (;;) {
    const waiting = lease.parentShardIds.filter((parent) => {
      const parentLease = context.leaseOf(parent);
      // A parent without a lease was trimmed (or cleaned up): nothing of it is left to read.
      return (
        parentLease !== undefined && parentLease.checkpoint.sequenceNumber !== Sentinel.ShardEnd
      );
    });
    if (waiting.length === 0) break;
    const exit = halted();
    if (exit !== undefined) return exit;
    context.log('debug', 'waiting for parent shards', { parents: waiting });
    await context.sleep(settings.parentShardPollIntervalMs);
  }
  if (lease.checkpoint.sequenceNumber === Sentinel.ShardEnd) {
    counters.state = ShardConsumerState.Ended;
    return 'ended';
  }

  /** Writes a checkpoint; false when the lease is gone. Other errors are retried while held. */
  const checkpoint = async (at: ExtendedSequenceNumber): Promise<boolean> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await context.checkpoint(at);
        counters.checkpoints += 1;
        counters.checkpoint = formatCheckpoint(at);
        return true;
      } catch (error) {
        if (error instanceof LeaseLostError) {
          context.log('warn', 'checkpoint refused: lease lost', {
            checkpoint: formatCheckpoint(at),
          });
          return false;
        }
        context.log('warn', 'checkpoint failed, retrying', { error, attempt });
        if (!context.isHeld()) return false;
        // Stopping, waits end at once: a few attempts, then the next owner reads the batch again.
        if (context.stopping() && attempt >= CHECKPOINT_ATTEMPTS_WHEN_STOPPING) return false;
        await context.sleep(context.retryDelay(attempt));
      }
    }
  };

  let resumeAfter: ExtendedSequenceNumber | undefined = isSentinel(lease.checkpoint)
    ? undefined
    : lease.checkpoint;

  /** Processes one read's records until done; how it stopped if it did not finish. */
  const processAll = async (
    records: readonly KinesisStreamRecord[],
  ): Promise<ShardConsumerExit | undefined> => {
    let pending = records;
    let attempts = 0;
    while (pending.length > 0) {
      if (!context.isHeld()) return 'lost';
      const outcome = await attemptBatch(pending, processor, resumeAfter);
      if (outcome.checkpoint !== undefined) {
        if (!(await checkpoint(outcome.checkpoint))) return 'lost';
        resumeAfter = outcome.checkpoint;
        // Progress: the attempts counted are those of the record that failed now.
        attempts = 0;
      }
      if (outcome.ok) {
        counters.records += pending.length;
        return undefined;
      }
      counters.records += pending.length - outcome.remaining.length;
      pending = outcome.remaining;
      attempts += 1;
      const failed = pending[0] as KinesisStreamRecord;
      context.log('warn', 'batch failed', {
        sequenceNumber: failed.kinesis.sequenceNumber,
        attempt: attempts,
        error: outcome.failure.error,
      });
      if (attempts >= settings.maxAttempts) {
        await context.onRecordFailed?.({
          shardId,
          record: failed,
          error: outcome.failure.error,
          attempts,
        });
        counters.recordsFailed += 1;
        const past = checkpointPast(failed, processor);
        if (!(await checkpoint(past))) return 'lost';
        resumeAfter = past;
        counters.records += 1;
        pending = pending.slice(1);
        attempts = 0;
        continue;
      }
      // Stopping: what is done is checkpointed; the rest is read again by the next owner.
      const exit = halted();
      if (exit !== undefined) return exit;
      counters.retries += 1;
      await context.sleep(context.retryDelay(attempts));
    }
    return undefined;
  };

  const reader = context.openReader(startOf(lease, settings), signal);
  counters.state = ShardConsumerState.Reading;
  try {
    for (;;) {
      const exit = halted();
      if (exit !== undefined) return exit;
      let result: Awaited<ReturnType<ShardReader['read']>>;
      try {
        result = await reader.read();
      } catch (error) {
        const stopped = halted();
        if (stopped !== undefined) return stopped;
        context.log('error', 'read failed', { error });
        await context.sleep(settings.idleTimeBetweenReadsMs);
        continue;
      }
      counters.millisBehindLatest = result.millisBehindLatest;
      const records = dropCovered(
        context.toRecords(result.records),
        resumeAfter,
        processor.decoder,
      );
      if (records.length > 0) {
        // The lease may have gone while the read was under way: deliver nothing then.
        const before = halted();
        if (before === 'lost') return before;
        const stopped = await processAll(records);
        if (stopped !== undefined) return stopped;
        counters.bytes += byteLength(result.records);
      }
      if (result.ended) {
        if (!(await checkpoint({ sequenceNumber: Sentinel.ShardEnd, subSequenceNumber: 0 }))) {
          return 'lost';
        }
        await context.createChildLeases(result.childShards);
        counters.state = ShardConsumerState.Ended;
        context.log('info', 'shard ended', {
          children: result.childShards.map((child) => child.ShardId),
        });
        return 'ended';
      }
      // A fan-out read waits for Kinesis to push the next event: no pause between reads.
      if (result.records.length === 0 && settings.transport === 'polling') {
        await context.sleep(settings.idleTimeBetweenReadsMs);
      }
    }
  } finally {
    reader.close();
  }
}
