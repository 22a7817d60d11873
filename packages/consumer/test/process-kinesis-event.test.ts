import { gzipSync } from 'node:zlib';
import { type Reading, ReadingSchema } from '@kds/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDecoder,
  createPipeline,
  DecodeError,
  EventError,
  HashKeyOutOfRangeError,
  type KinesisStreamEvent,
  type KinesisStreamRecord,
  PoisonHookError,
  PoisonPolicy,
  type PoisonRecord,
  processKinesisEvent,
  type Sink,
  SinkError,
  StepError,
  where,
} from '../src/index.js';
import { makeAggregate, testDeaggregate } from './helpers/aggregates.js';
import { TWO_SHARDS } from './helpers/kpl.js';
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
const isHot = where('Temperature', '>=', 35);
const hot = createPipeline<Reading>().filter(isHot);

type SinkMock = ReturnType<typeof vi.fn<Sink<Reading>>>;

/** A sink that stores everything it is given. */
const storeAll = (): SinkMock => vi.fn<Sink<Reading>>(async () => undefined);

/** A sink that fails the items whose record has one of the given sequence numbers. */
const failing = (...sequenceNumbers: string[]): SinkMock =>
  vi.fn<Sink<Reading>>(async (items) => ({
    failed: items
      .filter((item) => sequenceNumbers.includes(item.record.kinesis.sequenceNumber))
      .map((item) => ({ item, error: new SinkError('throttled') })),
  }));

const sequenceNumbersOf = (records: readonly KinesisStreamRecord[]): string[] =>
  records.map((record) => record.kinesis.sequenceNumber);

/** The sequence numbers of the records a sink was given, over all its calls. */
const storedSequenceNumbers = (sink: SinkMock): string[] =>
  sink.mock.calls.flatMap(([items]) => sequenceNumbersOf(items.map((item) => item.record)));

const seqAt = (event: KinesisStreamEvent, index: number): string =>
  recordAt(event, index).kinesis.sequenceNumber;

describe('processKinesisEvent', () => {
  let sink: SinkMock;

  beforeEach(() => {
    sink = storeAll();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('poison policies on a batch with poison records in the middle', () => {
    // poison-batch.json: 0 good, 1 bad base64, 2 not JSON, 3 breaks the schema, 4 good, 5 good.
    it.each([
      {
        policy: undefined,
        name: 'skip (the default)',
        reported: [] as number[],
        stored: [0, 4, 5],
        hooked: 3,
        unprocessed: 0,
      },
      {
        policy: PoisonPolicy.Skip,
        name: 'skip',
        reported: [],
        stored: [0, 4, 5],
        hooked: 3,
        unprocessed: 0,
      },
      {
        policy: PoisonPolicy.Report,
        name: 'report',
        reported: [1],
        stored: [0, 4, 5],
        hooked: 3,
        unprocessed: 0,
      },
      {
        policy: PoisonPolicy.Fail,
        name: 'fail',
        reported: [1],
        stored: [0],
        hooked: 1,
        unprocessed: 4,
      },
    ])(
      'with poison $name it reports $reported, stores $stored and calls onPoison $hooked times',
      async ({ policy, reported, stored, hooked, unprocessed }) => {
        // Prepare
        const event = loadEvent('poison-batch.json');
        const onPoison = vi.fn<(poison: PoisonRecord) => void>();

        // Act
        const result = await processKinesisEvent(event, {
          decoder,
          sink,
          onPoison,
          ...(policy === undefined ? {} : { poison: policy }),
        });

        // Assess
        expect(result.batchItemFailures).toEqual(
          reported.map((index) => ({ itemIdentifier: seqAt(event, index) })),
        );
        expect(storedSequenceNumbers(sink)).toEqual(stored.map((index) => seqAt(event, index)));
        expect(onPoison).toHaveBeenCalledTimes(hooked);
        expect(result.summary.unprocessed).toBe(unprocessed);
      },
    );

    it('hands every poison record to onPoison with its DecodeError, in sequence order', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const onPoison = vi.fn<(poison: PoisonRecord) => void>();

      // Act
      await processKinesisEvent(event, { decoder, sink, onPoison });

      // Assess
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

    it("returns the poison's DecodeError as the failure behind the report", async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, poison: PoisonPolicy.Fail });

      // Assess
      expect(result.failure?.record).toBe(recordAt(event, 1));
      expect(result.failure?.error).toBeInstanceOf(DecodeError);
      expect(result.failure?.error).toMatchObject({ code: 'BAD_BASE64' });
    });

    it('awaits an async onPoison (a dead-letter queue) before checkpointing past the record', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const parked: string[] = [];
      const onPoison = async ({ record }: PoisonRecord): Promise<void> => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        parked.push(record.kinesis.sequenceNumber);
      };

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, onPoison });

      // Assess
      expect(parked).toEqual([1, 2, 3].map((index) => seqAt(event, index)));
      expect(result.batchItemFailures).toEqual([]);
    });

    it.each([
      {
        case: 'rejects',
        onPoison: async (): Promise<void> => {
          throw new Error('queue unavailable');
        },
      },
      {
        case: 'throws',
        onPoison: (): void => {
          throw new Error('queue unavailable');
        },
      },
    ])('reports the poison and stops when onPoison $case, even with skip', async ({ onPoison }) => {
      // Prepare
      const event = loadEvent('poison-batch.json');

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink,
        onPoison,
        poison: PoisonPolicy.Skip,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 1) }]);
      expect(result.failure?.error).toBeInstanceOf(PoisonHookError);
      expect(result.failure?.error).toMatchObject({
        code: 'POISON_HOOK',
        message: `onPoison failed for record ${seqAt(event, 1)}: queue unavailable`,
        cause: { message: 'queue unavailable' },
      });
      expect(storedSequenceNumbers(sink)).toEqual([seqAt(event, 0)]);
      expect(result.summary.unprocessed).toBe(4);
    });
  });

  describe('stop at the first failure', () => {
    it('reports only the lowest sequence number of several sink failures', async () => {
      // Prepare
      const event = loadEvent('readings.json');
      const failingSink = failing(seqAt(event, 3), seqAt(event, 1));

      // Act
      const result = await processKinesisEvent(event, { decoder, sink: failingSink });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 1) }]);
      expect(result.failure?.error).toBeInstanceOf(SinkError);
      expect(result.summary).toMatchObject({ stored: 2, failed: 2 });
    });

    it.each([
      { case: "'9' before '10'", low: '9', high: '10' },
      {
        case: 'fewer digits before more',
        low: '99999999999999999999',
        high: '100000000000000000000',
      },
      {
        case: 'beyond 2^53, differing in the last digit',
        low: sequenceNumber(0),
        high: sequenceNumber(1),
      },
      { case: 'beyond 2^53, equal as Numbers', low: '9007199254740992', high: '9007199254740993' },
    ])('compares sequence numbers as BigInt: $case', async ({ low, high }) => {
      // Prepare
      // The poison is found first while decoding; only the comparison puts the sink failure first.
      const event = makeEvent([
        makeJsonRecord(makeReading({ Spot: 'A' }), low),
        makeRecord('not base64!!', high),
      ]);

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing(low),
        poison: PoisonPolicy.Report,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: low }]);
    });

    it('reports the poison when it comes before a sink failure (poison report)', async () => {
      // Prepare
      const event = makeEvent([
        makeRecord('not base64!!', '9'),
        makeJsonRecord(makeReading({ Spot: 'A' }), '10'),
      ]);

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing('10'),
        poison: PoisonPolicy.Report,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: '9' }]);
      expect(result.summary).toMatchObject({ poison: 1, stored: 0, failed: 1 });
    });

    it('reports the lowest failure even when the event lists the records out of order', async () => {
      // Prepare
      const offsets = [12, 3, 250, 7, 1000, 0];
      const event = makeEvent(
        offsets.map((offset) =>
          makeJsonRecord(makeReading({ Timestamp: offset }), sequenceNumber(offset)),
        ),
      );

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing(sequenceNumber(250), sequenceNumber(7)),
      });

      // Assess
      expect(result.failure?.record.kinesis.sequenceNumber).toBe(sequenceNumber(7));
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(7) }]);
    });

    it('gives the sink its items in sequence order', async () => {
      // Prepare
      const offsets = [12, 3, 250, 7, 1000, 0];
      const event = makeEvent(
        offsets.map((offset) =>
          makeJsonRecord(makeReading({ Timestamp: offset }), sequenceNumber(offset)),
        ),
      );

      // Act
      await processKinesisEvent(event, { decoder, sink });

      // Assess
      expect(storedSequenceNumbers(sink)).toEqual([0, 3, 7, 12, 250, 1000].map(sequenceNumber));
    });
  });

  describe('pipeline', () => {
    it('drops the values a filter step rejects before the sink', async () => {
      // Prepare
      const event = loadEvent('readings.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, pipeline: hot });

      // Assess
      const stored = sink.mock.calls[0]?.[0] ?? [];
      expect(stored.map((item) => item.value)).toEqual([
        { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
        { Timestamp: 1_732_600_000_002, Spot: 'B', Temperature: 35 },
      ]);
      expect(result.batchItemFailures).toEqual([]);
      expect(result.summary).toMatchObject({ decoded: 4, filteredOut: 2, stored: 2 });
    });

    it('does not call the sink when the pipeline drops everything', async () => {
      // Prepare
      const event = makeEvent([makeJsonRecord(makeReading({ Temperature: 20 }))]);

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, pipeline: hot });

      // Assess
      expect(sink).not.toHaveBeenCalled();
      expect(result).toEqual({
        batchItemFailures: [],
        summary: {
          received: 1,
          decoded: 1,
          poison: 0,
          filteredOut: 1,
          stored: 0,
          failed: 0,
          unprocessed: 0,
        },
      });
    });

    it('gives the sink what the pipeline makes of the values it keeps', async () => {
      // Prepare
      const event = loadEvent('readings.json');
      const pipeline = createPipeline<Reading>()
        .filter(isHot)
        .map((reading) => ({ id: `${reading.Spot}#${reading.Timestamp}`, hot: true }));
      const mapped = vi.fn<Sink<{ id: string; hot: boolean }>>(async () => undefined);

      // Act
      const result = await processKinesisEvent(event, { decoder, pipeline, sink: mapped });

      // Assess
      expect(mapped.mock.calls[0]?.[0].map((item) => item.value)).toEqual([
        { id: 'Q#1732600000000', hot: true },
        { id: 'B#1732600000002', hot: true },
      ]);
      expect(result.summary).toMatchObject({ decoded: 4, filteredOut: 2, stored: 2 });
    });

    it.each([
      {
        case: 'a map step',
        options: {
          pipeline: createPipeline<Reading>().map((reading) => {
            if (reading.Spot === 'B') throw new Error('no B here');
            return reading;
          }),
        },
      },
      {
        case: 'a filter step',
        options: {
          pipeline: createPipeline<Reading>().filter((reading) => {
            if (reading.Spot === 'B') throw new Error('no B here');
            return true;
          }),
        },
      },
    ])('reports the record and stops when $case throws', async ({ options }) => {
      // Prepare
      const event = loadEvent('readings.json'); // Q, A, B, C

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, ...options });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 2) }]);
      expect(result.failure?.error).toBeInstanceOf(StepError);
      expect(result.failure?.error).toMatchObject({
        code: 'STEP',
        message: `A pipeline step threw on record ${seqAt(event, 2)}: no B here`,
      });
      expect(storedSequenceNumbers(sink)).toEqual([seqAt(event, 0), seqAt(event, 1)]);
      expect(result.summary).toMatchObject({ failed: 1, unprocessed: 1, stored: 2 });
    });
  });

  describe('sink', () => {
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

    it.each([
      { remaining: 3_000, deadline: 1_000_000 + 3_000 - 1_000 },
      { remaining: 60_000, deadline: 1_000_000 + 60_000 - 1_000 },
      { remaining: 1_000, deadline: 1_000_000 + 1_000 - 500 },
    ])(
      'gives the sink a deadline of $deadline from $remaining ms remaining',
      async ({ remaining, deadline }) => {
        // Prepare
        vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
        const context = { getRemainingTimeInMillis: () => remaining };

        // Act
        await processKinesisEvent(loadEvent('readings.json'), { decoder, sink, context });

        // Assess
        expect(sink.mock.calls[0]?.[1]).toEqual({ deadline });
      },
    );

    it('gives the sink no deadline without a Lambda context', async () => {
      // Act
      await processKinesisEvent(loadEvent('readings.json'), { decoder, sink });

      // Assess
      expect(sink.mock.calls[0]?.[1]).toEqual({ deadline: undefined });
    });
  });

  describe('gzip and encrypted-stream records', () => {
    it('stores gzip records like plain ones and skips the one that does not inflate', async () => {
      // Prepare
      const event = loadEvent('gzip-readings.json');
      const onPoison = vi.fn<(poison: PoisonRecord) => void>();

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, pipeline: hot, onPoison });

      // Assess
      expect(sink.mock.calls[0]?.[0].map((item) => item.value.Temperature)).toEqual([36, 39]);
      expect(onPoison.mock.calls.map(([poison]) => poison.error.code)).toEqual(['BAD_GZIP']);
      expect(result.batchItemFailures).toEqual([]);
    });

    it('stores the readings of an encrypted stream (encryptionType KMS)', async () => {
      // Prepare
      const event = loadEvent('kms-readings.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, pipeline: hot });

      // Assess
      expect(sink.mock.calls[0]?.[0].map((item) => item.value.Spot)).toEqual(['K']);
      expect(result.batchItemFailures).toEqual([]);
    });

    it('reports the oversized records with poison fail', async () => {
      // Prepare
      const event = loadEvent('oversized.json');

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, poison: PoisonPolicy.Fail });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 1) }]);
      expect(result.failure?.error).toMatchObject({ code: 'TOO_LARGE' });
      expect(storedSequenceNumbers(sink)).toEqual([seqAt(event, 0)]);
    });
  });

  describe('KPL aggregates', () => {
    const aggregating = createDecoder({ schema: ReadingSchema, deaggregate: testDeaggregate });
    const users = [
      { partitionKey: 'A', data: Buffer.from(JSON.stringify(makeReading({ Spot: 'A' }))) },
      { partitionKey: 'B', data: Buffer.from('{"Spot":"B"}') },
      { partitionKey: 'C', data: gzipSync(JSON.stringify(makeReading({ Spot: 'C' }))) },
    ];
    const event = makeEvent([
      makeJsonRecord(makeReading({ Spot: 'Z' }), sequenceNumber(0)),
      makeRecord(makeAggregate(users).toString('base64'), sequenceNumber(1)),
      makeJsonRecord(makeReading({ Spot: 'Y' }), sequenceNumber(2)),
    ]);

    it('stores each user record with its sub-sequence number', async () => {
      // Act
      const result = await processKinesisEvent(event, { decoder: aggregating, sink });

      // Assess
      const items = sink.mock.calls[0]?.[0] ?? [];
      expect(items.map((item) => item.value.Spot)).toEqual(['Z', 'A', 'C', 'Y']);
      expect(items.map((item) => item.userRecord?.subSequenceNumber)).toEqual([
        undefined,
        0,
        2,
        undefined,
      ]);
      expect(result.summary).toMatchObject({ received: 3, decoded: 4, poison: 1, stored: 4 });
    });

    it("reports the aggregate's sequence number for a poison user record (poison fail)", async () => {
      // Act
      const result = await processKinesisEvent(event, {
        decoder: aggregating,
        sink,
        poison: PoisonPolicy.Fail,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceNumber(1) }]);
      expect(result.failure?.userRecord?.subSequenceNumber).toBe(1);
      expect((sink.mock.calls[0]?.[0] ?? []).map((item) => item.value.Spot)).toEqual(['Z', 'A']);
      expect(result.summary.unprocessed).toBe(1);
    });
  });

  describe('KPL aggregates with the default decoder', () => {
    // kpl-aggregates.json: 0 plain Z; 1 aggregate A, C, E, M; 2 plain Y; 3 aggregate P (gzip),
    // S (poison: no Temperature), U; 4 aggregate with a bad MD5 (plain, not JSON); 5 aggregate with
    // a malformed body; 6 plain X.
    const event = loadEvent('kpl-aggregates.json');
    const spotsOf = (mock: SinkMock): string[] =>
      mock.mock.calls.flatMap(([items]) => items.map((item) => item.value.Spot));
    /** Where each poison came from: `sequence index/sub-sequence number code`. */
    const describePoison = ({ record, userRecord, error }: PoisonRecord): string =>
      `${event.Records.indexOf(record)}/${userRecord?.subSequenceNumber ?? '-'} ${error.code}`;

    it.each([
      {
        policy: PoisonPolicy.Skip,
        reported: [] as number[],
        stored: 'Z A C E M Y P U X',
        hooked: ['3/1 SCHEMA', '4/- BAD_JSON', '5/- BAD_AGGREGATE'],
        unprocessed: 0,
      },
      {
        policy: PoisonPolicy.Report,
        reported: [3],
        stored: 'Z A C E M Y P U X',
        hooked: ['3/1 SCHEMA', '4/- BAD_JSON', '5/- BAD_AGGREGATE'],
        unprocessed: 0,
      },
      {
        policy: PoisonPolicy.Fail,
        reported: [3],
        stored: 'Z A C E M Y P',
        hooked: ['3/1 SCHEMA'],
        unprocessed: 3,
      },
    ])(
      'with poison $policy it reports $reported, stores $stored, hands $hooked to onPoison',
      async ({ policy, reported, stored, hooked, unprocessed }) => {
        // Prepare
        const onPoison = vi.fn<(poison: PoisonRecord) => void>();

        // Act
        const result = await processKinesisEvent(event, {
          decoder,
          sink,
          onPoison,
          poison: policy,
        });

        // Assess
        expect(result.batchItemFailures).toEqual(
          reported.map((index) => ({ itemIdentifier: seqAt(event, index) })),
        );
        expect(spotsOf(sink).join(' ')).toBe(stored);
        expect(onPoison.mock.calls.map(([poison]) => describePoison(poison))).toEqual(hooked);
        expect(result.summary).toMatchObject({
          received: 7,
          decoded: stored.split(' ').length,
          poison: hooked.length,
          unprocessed,
        });
      },
    );

    it('names the aggregate and the user record at fault behind the report', async () => {
      // Act
      const result = await processKinesisEvent(event, { decoder, sink, poison: PoisonPolicy.Fail });

      // Assess
      expect(result.failure?.record).toBe(recordAt(event, 3));
      expect(result.failure?.userRecord).toMatchObject({ partitionKey: 'S', subSequenceNumber: 1 });
      expect(result.failure?.error).toMatchObject({ code: 'SCHEMA' });
    });

    it('gives the sink each user record with its aggregate and sub-sequence number', async () => {
      // Act
      await processKinesisEvent(event, { decoder, sink });

      // Assess
      const items = sink.mock.calls[0]?.[0] ?? [];
      expect(
        items.map(
          (item) =>
            `${event.Records.indexOf(item.record)}/${item.userRecord?.subSequenceNumber ?? '-'}`,
        ),
      ).toEqual(['0/-', '1/0', '1/1', '1/2', '1/3', '2/-', '3/0', '3/2', '6/-']);
      expect(items[2]?.userRecord).toMatchObject({ partitionKey: 'C', explicitHashKey: '42' });
    });

    it("reports the aggregate's sequence number for the first user record the sink did not store", async () => {
      // Prepare: the sink fails M (1/3) and E (1/2), listed in that order, and X.
      const failingUsers = vi.fn<Sink<Reading>>(async (items) => ({
        failed: ['M', 'E', 'X'].map((spot) => ({
          item: items.find((item) => item.value.Spot === spot) as (typeof items)[number],
          error: new SinkError(`throttled ${spot}`),
        })),
      }));

      // Act
      const result = await processKinesisEvent(event, { decoder, sink: failingUsers });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 1) }]);
      expect(result.failure?.userRecord).toMatchObject({ partitionKey: 'E', subSequenceNumber: 2 });
      expect(result.failure?.error).toMatchObject({ message: 'throttled E' });
    });

    it('prefers the lower user record when a sink failure and a poison share an aggregate', async () => {
      // Prepare: the sink fails P (3/0); S (3/1) is poison, reported.
      const failingP = vi.fn<Sink<Reading>>(async (items) => ({
        failed: items
          .filter((item) => item.value.Spot === 'P')
          .map((item) => ({ item, error: new SinkError('throttled P') })),
      }));

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failingP,
        poison: PoisonPolicy.Report,
      });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 3) }]);
      expect(result.failure?.userRecord?.subSequenceNumber).toBe(0);
      expect(result.failure?.error).toBeInstanceOf(SinkError);
    });

    it('names the user record when a pipeline step throws on it', async () => {
      // Prepare
      const pipeline = createPipeline<Reading>().filter((reading) => {
        if (reading.Spot === 'E') throw new Error('no E here');
        return true;
      });

      // Act
      const result = await processKinesisEvent(event, { decoder, sink, pipeline });

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(event, 1) }]);
      expect(result.failure?.error).toBeInstanceOf(StepError);
      expect(result.failure?.error).toMatchObject({
        message: `A pipeline step threw on record ${seqAt(event, 1)} (user record 2): no E here`,
      });
      expect(spotsOf(sink).join(' ')).toBe('Z A C');
    });

    describe('with the shard hash key range check', () => {
      // kpl-resharded.json, first shard: 0 aggregate A, B (second shard's), C; 1 aggregate E,
      // M (explicit hash key 2^127, the second shard's first), P.
      const resharded = loadEvent('kpl-resharded.json');
      const checking = createDecoder({ schema: ReadingSchema, shardHashRanges: TWO_SHARDS });

      it('hands user records outside the shard to onPoison and stores the others (skip)', async () => {
        // Prepare
        const onPoison = vi.fn<(poison: PoisonRecord) => void>();

        // Act
        const result = await processKinesisEvent(resharded, { decoder: checking, sink, onPoison });

        // Assess
        expect(result.batchItemFailures).toEqual([]);
        expect(spotsOf(sink).join(' ')).toBe('A C E P');
        const poisons = onPoison.mock.calls.map(([poison]) => poison);
        expect(poisons.map((poison) => poison.userRecord?.partitionKey)).toEqual(['B', 'M']);
        expect(poisons.every((poison) => poison.error instanceof HashKeyOutOfRangeError)).toBe(
          true,
        );
      });

      it("reports the aggregate's sequence number with poison report", async () => {
        // Act
        const result = await processKinesisEvent(resharded, {
          decoder: checking,
          sink,
          poison: PoisonPolicy.Report,
        });

        // Assess
        expect(result.batchItemFailures).toEqual([{ itemIdentifier: seqAt(resharded, 0) }]);
        expect(result.failure?.error).toMatchObject({
          code: 'HASH_KEY_OUT_OF_RANGE',
          shardId: 'shardId-000000000000',
        });
        expect(spotsOf(sink).join(' ')).toBe('A C E P');
      });

      it('fails the invocation when the range function throws, rather than skip what it could not check', async () => {
        // Prepare
        const unavailable = createDecoder({
          schema: ReadingSchema,
          shardHashRanges: () => {
            throw new Error('ListShards throttled');
          },
        });

        // Act
        const processing = processKinesisEvent(resharded, { decoder: unavailable, sink });

        // Assess
        await expect(processing).rejects.toThrow('ListShards throttled');
        expect(sink).not.toHaveBeenCalled();
      });
    });
  });

  describe('events that are not Kinesis events', () => {
    it.each([
      { case: 'no Records', event: {} },
      { case: 'Records that is not a list', event: { Records: 'none' } },
      { case: 'null', event: null },
    ])('throws an EventError for $case', async ({ event }) => {
      // Act
      const processing = processKinesisEvent(event as unknown as KinesisStreamEvent, {
        decoder,
        sink,
      });

      // Assess
      await expect(processing).rejects.toThrow(EventError);
      await expect(processing).rejects.toMatchObject({ code: 'BAD_EVENT' });
    });

    it.each([
      { case: 'no kinesis', record: { eventID: 'x' }, message: 'has no kinesis.sequenceNumber' },
    ])('throws an EventError naming the record with $case', async ({ record, message }) => {
      // Prepare
      const event = makeEvent([
        makeJsonRecord(makeReading(), '123'),
        record as unknown as KinesisStreamRecord,
      ]);

      // Act
      const processing = processKinesisEvent(event, { decoder, sink });

      // Assess
      await expect(processing).rejects.toThrow(`Record 1 of the event ${message}`);
    });
  });

  describe('summary', () => {
    it('counts every stage of a mixed batch', async () => {
      // Prepare
      const event = loadEvent('poison-batch.json');
      const rejected = seqAt(event, 5);

      // Act
      const result = await processKinesisEvent(event, {
        decoder,
        sink: failing(rejected),
        pipeline: hot,
      });

      // Assess
      expect(result.summary).toEqual({
        received: 6,
        decoded: 3,
        poison: 3,
        filteredOut: 1,
        stored: 1,
        failed: 1,
        unprocessed: 0,
      });
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: rejected }]);
    });

    it('counts nothing for an empty event', async () => {
      // Act
      const result = await processKinesisEvent(makeEvent([]), { decoder, sink });

      // Assess
      expect(result).toEqual({
        batchItemFailures: [],
        summary: {
          received: 0,
          decoded: 0,
          poison: 0,
          filteredOut: 0,
          stored: 0,
          failed: 0,
          unprocessed: 0,
        },
      });
      expect(sink).not.toHaveBeenCalled();
    });
  });
});
