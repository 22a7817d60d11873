import {
  type Decoder,
  type KinesisStreamRecord,
  type ProcessResult,
  processKinesisEvent,
  type RecordFailure,
} from '@kds/consumer';
import type { ExtendedSequenceNumber } from './leases/lease.js';
import type { WorkerProcessor } from './options.js';

/** The last user record of every Kinesis record decoded: what a checkpoint after it must say. */
type LastSubSequence = Map<string, number>;

/**
 * A decoder that skips the user records a checkpoint already covers and notes the last
 * sub-sequence number of every record it decodes. The KCL resumes a shard AT the checkpoint's
 * sequence number and drops every user record whose (sequence, sub-sequence) is at or before it;
 * this is that rule for the one record a checkpoint can point inside.
 */
function resumingDecoder<T>(
  decoder: Decoder<T>,
  resumeAfter: ExtendedSequenceNumber | undefined,
  lastSub: LastSubSequence,
): Decoder<T> {
  return {
    // A record decoded whole has sub-sequence number 0, the default of `lastSub`: only
    // aggregates get an entry (one per record would cost a map entry per reading).
    decode: (record) => decoder.decode(record),
    decodeAll(record) {
      const sequenceNumber = record.kinesis.sequenceNumber;
      let results = decoder.decodeAll(record);
      const last = results.at(-1)?.userRecord?.subSequenceNumber ?? 0;
      if (last > 0) lastSub.set(sequenceNumber, last);
      if (resumeAfter !== undefined && resumeAfter.sequenceNumber === sequenceNumber) {
        const after = resumeAfter.subSequenceNumber;
        results = results.filter((result) => (result.userRecord?.subSequenceNumber ?? 0) > after);
      }
      return results;
    },
  };
}

/** What one attempt at a batch came to. */
export type AttemptOutcome =
  | {
      readonly ok: true;
      readonly checkpoint: ExtendedSequenceNumber;
      readonly result: ProcessResult;
    }
  | {
      readonly ok: false;
      /** Where everything before the failure is done, if anything is. */
      readonly checkpoint: ExtendedSequenceNumber | undefined;
      /** The records to try again, from the one that failed. */
      readonly remaining: readonly KinesisStreamRecord[];
      /** Why: the processor's failure, or what it threw. */
      readonly failure:
        | RecordFailure
        | { readonly record: KinesisStreamRecord; readonly error: unknown };
      readonly result: ProcessResult | undefined;
    };

/**
 * Runs the processor once over records of one shard (sequence order) and says how far it got, as
 * an extended sequence number the lease can be checkpointed at: after a failure inside a KPL
 * aggregate, the user record before it.
 */
export async function attemptBatch<T, U>(
  records: readonly KinesisStreamRecord[],
  processor: WorkerProcessor<T, U>,
  resumeAfter: ExtendedSequenceNumber | undefined,
): Promise<AttemptOutcome> {
  const lastSub: LastSubSequence = new Map();
  const decoder = resumingDecoder(processor.decoder, resumeAfter, lastSub);
  const checkpointAfter = (record: KinesisStreamRecord): ExtendedSequenceNumber => ({
    sequenceNumber: record.kinesis.sequenceNumber,
    subSequenceNumber: lastSub.get(record.kinesis.sequenceNumber) ?? 0,
  });
  const first = records[0] as KinesisStreamRecord;
  let result: ProcessResult;
  try {
    result = await processKinesisEvent({ Records: [...records] }, {
      ...processor,
      decoder,
    } as Parameters<typeof processKinesisEvent<T, U>>[1]);
  } catch (error) {
    return {
      ok: false,
      checkpoint: undefined,
      remaining: records,
      failure: { record: first, error },
      result: undefined,
    };
  }
  const failed = result.batchItemFailures[0]?.itemIdentifier;
  if (failed === undefined) {
    return { ok: true, checkpoint: checkpointAfter(records.at(-1) as KinesisStreamRecord), result };
  }
  const index = records.findIndex((record) => record.kinesis.sequenceNumber === failed);
  const at = Math.max(0, index);
  const failure = result.failure ?? {
    record: records[at] as KinesisStreamRecord,
    error: undefined,
  };
  const failedSub = failure.userRecord?.subSequenceNumber ?? 0;
  let checkpoint: ExtendedSequenceNumber | undefined;
  if (failedSub > 0) checkpoint = { sequenceNumber: failed, subSequenceNumber: failedSub - 1 };
  else if (at > 0) checkpoint = checkpointAfter(records[at - 1] as KinesisStreamRecord);
  return { ok: false, checkpoint, remaining: records.slice(at), failure, result };
}

/**
 * The records a checkpoint does not cover yet. A shard is resumed AT the checkpoint's sequence
 * number, so the record there comes back: dropped when every user record of it is at or before
 * the checkpoint (a plain record always is), kept otherwise (the decoder then skips the covered
 * user records of the aggregate).
 */
export function dropCovered(
  records: readonly KinesisStreamRecord[],
  resumeAfter: ExtendedSequenceNumber | undefined,
  decoder: Decoder<unknown>,
): readonly KinesisStreamRecord[] {
  const first = records[0];
  if (resumeAfter === undefined || first?.kinesis.sequenceNumber !== resumeAfter.sequenceNumber) {
    return records;
  }
  const last = decoder.decodeAll(first).at(-1)?.userRecord?.subSequenceNumber ?? 0;
  return last <= resumeAfter.subSequenceNumber ? records.slice(1) : records;
}

/**
 * Where a checkpoint past `record` points: after its last user record. Used when a failing record
 * is given up on after its last attempt.
 */
export function checkpointPast(
  record: KinesisStreamRecord,
  processor: { decoder: Decoder<unknown> },
): ExtendedSequenceNumber {
  const results = processor.decoder.decodeAll(record);
  return {
    sequenceNumber: record.kinesis.sequenceNumber,
    subSequenceNumber: results.at(-1)?.userRecord?.subSequenceNumber ?? 0,
  };
}
