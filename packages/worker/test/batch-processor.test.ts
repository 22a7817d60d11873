import type { KinesisStreamRecord, SinkItem, SinkResult } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import { attemptBatch, checkpointPast, dropCovered } from '../src/batch-processor.js';
import type { WorkerProcessor } from '../src/options.js';
import {
  aggregateRecord,
  idOf,
  plainRecord,
  readingDecoder,
  sequenceNumber,
  toRecords,
} from './helpers/records.js';

/** A processor whose sink stores readings and fails those whose id `fails` accepts. */
function storingProcessor(fails: (id: number) => boolean = () => false): {
  processor: WorkerProcessor<Reading>;
  stored: number[];
  calls: number[][];
} {
  const stored: number[] = [];
  const calls: number[][] = [];
  const processor: WorkerProcessor<Reading> = {
    decoder: readingDecoder,
    sink: async (items: readonly SinkItem<Reading>[]): Promise<SinkResult> => {
      calls.push(items.map(({ value }) => idOf(value)));
      const failed = [];
      for (const item of items) {
        if (fails(idOf(item.value)))
          failed.push({ item, error: new Error(`no ${idOf(item.value)}`) });
        else stored.push(idOf(item.value));
      }
      return { failed };
    },
  };
  return { processor, stored, calls };
}

const seqs = (records: readonly KinesisStreamRecord[]): string[] =>
  records.map((record) => record.kinesis.sequenceNumber);

describe('attemptBatch', () => {
  it('checkpoints at the last record when every record is stored', async () => {
    // Prepare
    const { processor, stored } = storingProcessor();
    const records = toRecords([plainRecord(1), plainRecord(2), plainRecord(3)]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome).toMatchObject({
      ok: true,
      checkpoint: { sequenceNumber: sequenceNumber(3), subSequenceNumber: 0 },
    });
    expect(stored).toEqual([100, 200, 300]);
  });

  it('checkpoints at the last user record of an aggregate that ends the batch', async () => {
    // Prepare
    const { processor, stored } = storingProcessor();
    const records = toRecords([plainRecord(1), aggregateRecord(2, [20, 21, 22])]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome).toMatchObject({
      ok: true,
      checkpoint: { sequenceNumber: sequenceNumber(2), subSequenceNumber: 2 },
    });
    expect(stored).toEqual([100, 20, 21, 22]);
  });

  it('checkpoints at the user record before one the sink failed inside an aggregate, and retries from the aggregate', async () => {
    // Prepare
    const { processor } = storingProcessor((id) => id === 22);
    const records = toRecords([
      plainRecord(1),
      aggregateRecord(2, [20, 21, 22, 23]),
      plainRecord(3),
    ]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome.ok).toBe(false);
    expect(outcome.checkpoint).toEqual({ sequenceNumber: sequenceNumber(2), subSequenceNumber: 1 });
    if (outcome.ok) return;
    expect(seqs(outcome.remaining)).toEqual([sequenceNumber(2), sequenceNumber(3)]);
    expect(outcome.failure).toMatchObject({ userRecord: { subSequenceNumber: 2 } });
    expect(outcome.failure.error).toEqual(new Error('no 22'));
  });

  it('checkpoints after the record before an aggregate whose first user record failed', async () => {
    // Prepare
    const { processor } = storingProcessor((id) => id === 20);
    const records = toRecords([aggregateRecord(1, [10, 11]), aggregateRecord(2, [20, 21])]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome.checkpoint).toEqual({ sequenceNumber: sequenceNumber(1), subSequenceNumber: 1 });
    expect(outcome.ok ? [] : seqs(outcome.remaining)).toEqual([sequenceNumber(2)]);
  });

  it('checkpoints after the last good plain record when a later plain record fails', async () => {
    // Prepare
    const { processor } = storingProcessor((id) => id === 300);
    const records = toRecords([plainRecord(1), plainRecord(2), plainRecord(3), plainRecord(4)]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome.checkpoint).toEqual({ sequenceNumber: sequenceNumber(2), subSequenceNumber: 0 });
    expect(outcome.ok ? [] : seqs(outcome.remaining)).toEqual([
      sequenceNumber(3),
      sequenceNumber(4),
    ]);
  });

  it.each([
    { name: 'a plain record', first: plainRecord(1, 7) },
    { name: "an aggregate's first user record", first: aggregateRecord(1, [7, 8]) },
  ])('checkpoints nothing when $name at the start fails', async ({ first }) => {
    // Prepare
    const { processor } = storingProcessor((id) => id === 7);
    const records = toRecords([first, plainRecord(2)]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome).toMatchObject({ ok: false, checkpoint: undefined });
    expect(outcome.ok ? [] : seqs(outcome.remaining)).toEqual(seqs(records));
  });

  it('checkpoints nothing and keeps every record when the processor throws', async () => {
    // Prepare
    const thrown = new Error('sink unreachable');
    const processor: WorkerProcessor<Reading> = {
      decoder: readingDecoder,
      sink: async () => {
        throw thrown;
      },
    };
    const records = toRecords([plainRecord(1), aggregateRecord(2, [20, 21])]);

    // Act
    const outcome = await attemptBatch(records, processor, undefined);

    // Assess
    expect(outcome).toMatchObject({ ok: false, checkpoint: undefined, result: undefined });
    if (outcome.ok) return;
    expect(outcome.remaining).toEqual(records);
    expect(outcome.failure.error).toBe(thrown);
    expect(outcome.failure.record).toBe(records[0]);
  });

  it('skips the user records at or before the sub-sequence number it resumes after', async () => {
    // Prepare
    const { processor, calls } = storingProcessor();
    const records = toRecords([aggregateRecord(2, [20, 21, 22, 23]), plainRecord(3)]);

    // Act
    const outcome = await attemptBatch(records, processor, {
      sequenceNumber: sequenceNumber(2),
      subSequenceNumber: 1,
    });

    // Assess
    expect(calls).toEqual([[22, 23, 300]]);
    expect(outcome.checkpoint).toEqual({ sequenceNumber: sequenceNumber(3), subSequenceNumber: 0 });
  });

  it('checkpoints at the user record before a failure after the point it resumed at', async () => {
    // Prepare
    const { processor, calls } = storingProcessor((id) => id === 23);
    const records = toRecords([aggregateRecord(2, [20, 21, 22, 23, 24])]);

    // Act
    const outcome = await attemptBatch(records, processor, {
      sequenceNumber: sequenceNumber(2),
      subSequenceNumber: 0,
    });

    // Assess
    expect(calls).toEqual([[21, 22, 23, 24]]);
    expect(outcome.checkpoint).toEqual({ sequenceNumber: sequenceNumber(2), subSequenceNumber: 2 });
  });

  it('delivers every user record of an aggregate that is not the one it resumes after', async () => {
    // Prepare
    const { processor, calls } = storingProcessor();
    const records = toRecords([aggregateRecord(4, [40, 41])]);

    // Act
    await attemptBatch(records, processor, {
      sequenceNumber: sequenceNumber(2),
      subSequenceNumber: 1,
    });

    // Assess
    expect(calls).toEqual([[40, 41]]);
  });
});

describe('dropCovered', () => {
  const resumeAt = (offset: number, subSequenceNumber = 0) => ({
    sequenceNumber: sequenceNumber(offset),
    subSequenceNumber,
  });

  it('drops a plain record at the sequence number it resumes at', () => {
    // Prepare
    const records = toRecords([plainRecord(1), plainRecord(2)]);

    // Act
    const kept = dropCovered(records, resumeAt(1), readingDecoder);

    // Assess
    expect(seqs(kept)).toEqual([sequenceNumber(2)]);
  });

  it('keeps an aggregate with user records after the sub-sequence number', () => {
    // Prepare
    const records = toRecords([aggregateRecord(1, [10, 11, 12]), plainRecord(2)]);

    // Act
    const kept = dropCovered(records, resumeAt(1, 1), readingDecoder);

    // Assess
    expect(seqs(kept)).toEqual([sequenceNumber(1), sequenceNumber(2)]);
  });

  it('drops an aggregate whose last user record the checkpoint covers', () => {
    // Prepare
    const records = toRecords([aggregateRecord(1, [10, 11, 12]), plainRecord(2)]);

    // Act
    const kept = dropCovered(records, resumeAt(1, 2), readingDecoder);

    // Assess
    expect(seqs(kept)).toEqual([sequenceNumber(2)]);
  });

  it.each([
    { name: 'no checkpoint', resumeAfter: undefined },
    { name: 'a checkpoint at another record', resumeAfter: resumeAt(0) },
  ])('keeps every record with $name', ({ resumeAfter }) => {
    // Prepare
    const records = toRecords([plainRecord(1), plainRecord(2)]);

    // Act
    const kept = dropCovered(records, resumeAfter, readingDecoder);

    // Assess
    expect(kept).toEqual(records);
  });

  it('keeps nothing of nothing', () => {
    // Act
    const kept = dropCovered([], resumeAt(1), readingDecoder);

    // Assess
    expect(kept).toEqual([]);
  });
});

describe('checkpointPast', () => {
  it('points at a plain record', () => {
    // Prepare
    const [record] = toRecords([plainRecord(5)]);

    // Act
    const past = checkpointPast(record as KinesisStreamRecord, { decoder: readingDecoder });

    // Assess
    expect(past).toEqual({ sequenceNumber: sequenceNumber(5), subSequenceNumber: 0 });
  });

  it("points at an aggregate's last user record", () => {
    // Prepare
    const [record] = toRecords([aggregateRecord(5, [50, 51, 52])]);

    // Act
    const past = checkpointPast(record as KinesisStreamRecord, { decoder: readingDecoder });

    // Assess
    expect(past).toEqual({ sequenceNumber: sequenceNumber(5), subSequenceNumber: 2 });
  });
});
