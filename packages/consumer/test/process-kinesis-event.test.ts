import { type Reading, ReadingSchema } from '@kds/schema';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDecoder,
  DecodeError,
  type KinesisStreamRecord,
  PoisonPolicy,
  type PoisonRecord,
  processKinesisEvent,
  type Sink,
  SinkError,
  where,
} from '../src/index.js';
import {
  loadEvent,
  makeEvent,
  makeJsonRecord,
  makeReading,
  makeRecord,
  recordAt,
  sequenceNumber,
} from './helpers/records.js';

const decoder = createDecoder({ schema: ReadingSchema });
const hot = where<Reading, 'Temperature'>('Temperature', '>=', 35);

/** A sink that stores everything it is given. */
const storeAll = (): ReturnType<typeof vi.fn<Sink<Reading>>> =>
  vi.fn<Sink<Reading>>(async () => undefined);

/** A sink that fails the items whose record has one of the given sequence numbers. */
const failing = (...sequenceNumbers: string[]): ReturnType<typeof vi.fn<Sink<Reading>>> =>
  vi.fn<Sink<Reading>>(async (items) => ({
    failed: items
      .filter((item) => sequenceNumbers.includes(item.record.kinesis.sequenceNumber))
      .map((item) => ({ item, error: new SinkError('throttled') })),
  }));

const sequenceNumbersOf = (records: readonly KinesisStreamRecord[]): string[] =>
  records.map((record) => record.kinesis.sequenceNumber);

describe('processKinesisEvent', () => {
  let sink: ReturnType<typeof storeAll>;

  beforeEach(() => {
    sink = storeAll();
  });

  describe('poison records', () => {
    it('reports the poison records in batchItemFailures and stores the good ones', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink });

      // Assess
      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: '49590338271490256608559692538361571095921575989136589099' },
        { itemIdentifier: '49590338271490256608559692538361571095921575989136589100' },
        { itemIdentifier: '49590338271490256608559692538361571095921575989136589101' },
      ]);
      expect(sink).toHaveBeenCalledOnce();
      const stored = sink.mock.calls[0]?.[0] ?? [];
      expect(stored.map((item) => item.value.Temperature)).toEqual([41, 18, 37]);
      expect(sequenceNumbersOf(stored.map((item) => item.record))).toEqual(
        sequenceNumbersOf([recordAt(event, 0), recordAt(event, 4), recordAt(event, 5)]),
      );
    });

    it('hands every poison record to onPoison with its DecodeError', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const onPoison = vi.fn<(poison: PoisonRecord) => void>();

      // Act
      await processKinesisEvent(event, { decoder, sink, onPoison });

      // Assess
      expect(onPoison).toHaveBeenCalledTimes(3);
      const poisons = onPoison.mock.calls.map(([poison]) => poison);
      expect(poisons.map((poison) => poison.error.code)).toEqual([
        'BAD_BASE64',
        'BAD_JSON',
        'SCHEMA',
      ]);
      expect(poisons.map((poison) => poison.record)).toEqual([
        recordAt(event, 1),
        recordAt(event, 2),
        recordAt(event, 3),
      ]);
      expect(poisons.every((poison) => poison.error instanceof DecodeError)).toBe(true);
    });

    it("reports nothing with poison 'skip' but still calls onPoison", async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const onPoison = vi.fn<(poison: PoisonRecord) => void>();

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink,
        poison: PoisonPolicy.Skip,
        onPoison,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([]);
      expect(onPoison).toHaveBeenCalledTimes(3);
      expect(sink.mock.calls[0]?.[0]).toHaveLength(3);
      expect(result.summary).toMatchObject({ poison: 3, stored: 3, failed: 0 });
    });

    it("reports poison records with poison 'report'", async () => {
      // Prepare
      const event = makeEvent([makeRecord('%%%%', '7')]);

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink,
        poison: PoisonPolicy.Report,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
      expect(sink).not.toHaveBeenCalled();
    });
  });

  describe('batchItemFailures order', () => {
    it.each([
      { case: "'10' after '9'", poison: '10', failed: '9' },
      {
        case: 'more digits after fewer',
        poison: '100000000000000000000',
        failed: '99999999999999999999',
      },
      {
        case: 'numbers beyond 2^53 that differ in the last digit',
        poison: sequenceNumber(1),
        failed: sequenceNumber(0),
      },
      {
        case: 'numbers beyond 2^53 that Number() cannot tell apart',
        poison: '9007199254740993',
        failed: '9007199254740992',
      },
    ])('sorts by BigInt sequence number: $case', async ({ poison, failed }) => {
      // Prepare
      // The poison record is reported first, the sink failure after: only sorting puts it last.
      const event = makeEvent([
        makeJsonRecord(makeReading({ Spot: 'A' }), failed),
        makeRecord('not base64!!', poison),
      ]);

      // Act
      const result = await processKinesisEvent(event, { decoder, sink: failing(failed) });

      // Assess
      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: failed },
        { itemIdentifier: poison },
      ]);
    });

    it('sorts many failures from both sources into sequence order', async () => {
      // Prepare
      const offsets = [12, 3, 250, 7, 1000, 0];
      const event = makeEvent(
        offsets.map((offset, i) =>
          i % 2 === 0
            ? makeRecord('!!!!', sequenceNumber(offset))
            : makeJsonRecord(makeReading({ Timestamp: i }), sequenceNumber(offset)),
        ),
      );
      const sinkFailures = offsets.filter((_, i) => i % 2 === 1).map(sequenceNumber);

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing(...sinkFailures),
      });

      // Assess
      expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
        [0, 3, 7, 12, 250, 1000].map(sequenceNumber),
      );
    });
  });

  describe('filter', () => {
    it('drops the values the filter rejects before the sink', async () => {
      // Prepare
      const event = loadEvent('readings.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, filter: hot });

      // Assess
      const stored = sink.mock.calls[0]?.[0] ?? [];
      expect(stored.map((item) => item.value)).toEqual([
        { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
        { Timestamp: 1_732_600_000_002, Spot: 'B', Temperature: 35 },
      ]);
      expect(result.batchItemFailures).toEqual([]);
      expect(result.summary).toMatchObject({ decoded: 4, filteredOut: 2, stored: 2 });
    });

    it('passes every decoded value to the sink without a filter', async () => {
      // Prepare
      const event = loadEvent('readings.json');

      // Act
      await processKinesisEvent(event, { decoder, sink });

      // Assess
      expect(sink.mock.calls[0]?.[0]).toHaveLength(4);
    });

    it('does not call the sink when the filter drops everything', async () => {
      // Prepare
      const event = makeEvent([makeJsonRecord(makeReading({ Temperature: 20 }))]);

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, filter: hot });

      // Assess
      expect(sink).not.toHaveBeenCalled();
      expect(result).toEqual({
        batchItemFailures: [],
        summary: { received: 1, decoded: 1, poison: 0, filteredOut: 1, stored: 0, failed: 0 },
      });
    });
  });

  describe('sink', () => {
    it('turns per-item sink failures into batchItemFailures', async () => {
      // Prepare
      const event = loadEvent('readings.json');
      const rejected = recordAt(event, 2).kinesis.sequenceNumber;

      // Act
      const result = await processKinesisEvent(event, { decoder, sink: failing(rejected) });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: rejected }]);
      expect(result.summary).toMatchObject({ stored: 3, failed: 1 });
    });

    it('treats an empty failed list as all stored', async () => {
      // Prepare
      const event = loadEvent('kms-readings.json');
      const emptySink = vi.fn<Sink<Reading>>(async () => ({ failed: [] }));

      // Act
      const result = await processKinesisEvent(event, { decoder, sink: emptySink });

      // Assess
      expect(result.batchItemFailures).toEqual([]);
      expect(result.summary).toMatchObject({ stored: 2, failed: 0 });
    });

    it('rejects when the sink throws, so Lambda retries the batch', async () => {
      // Prepare
      const event = loadEvent('readings.json');
      const outage = new SinkError('DynamoDB is down');
      const broken = vi.fn<Sink<Reading>>(async () => {
        throw outage;
      });

      // Act
      const processing = processKinesisEvent(event, { decoder, sink: broken });

      // Assess
      await expect(processing).rejects.toBe(outage);
    });
  });

  describe('summary', () => {
    it('counts every stage of a mixed batch', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const rejected = recordAt(event, 5).kinesis.sequenceNumber;

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing(rejected),
        filter: hot,
      });

      // Assess
      expect(result.summary).toEqual({
        received: 6,
        decoded: 3,
        poison: 3,
        filteredOut: 1,
        stored: 1,
        failed: 1,
      });
      expect(result.batchItemFailures).toHaveLength(4);
      expect(result.batchItemFailures.at(-1)).toEqual({ itemIdentifier: rejected });
    });

    it('counts nothing for an empty event', async () => {
      // Act
      const result = await processKinesisEvent(makeEvent([]), { decoder, sink });

      // Assess
      expect(result).toEqual({
        batchItemFailures: [],
        summary: { received: 0, decoded: 0, poison: 0, filteredOut: 0, stored: 0, failed: 0 },
      });
      expect(sink).not.toHaveBeenCalled();
    });
  });
});
