import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DEFAULT_AGGREGATION_MAX_SIZE } from '@kds/aggregation';
import {
  createDecoder,
  createPipeline,
  type GetRecordsRecord,
  type KinesisStreamEvent,
  type KinesisStreamRecord,
  processKinesisEvent,
  toKinesisStreamEvent,
  where,
} from '@kds/consumer';
import { awsKinesisAgg } from '@kds/interop';
import { type Reading, ReadingSchema } from '@kds/schema';
import { aggregateAll } from '../aggregate.js';
import { tutorialReadings } from '../producer/readings.js';
import { type BenchSuite, formatRate, median, table } from '../suite.js';

/** One Lambda event of this many readings: the largest BatchSize a Kinesis trigger allows. */
const READINGS = 10_000;
/** Untimed rounds first, so every variant runs optimised code. */
const WARM_UP_ROUNDS = 15;
/** Timed rounds; each runs every variant once, in a rotating order, and the median is reported. */
const ROUNDS = 31;
const MIN_TEMPERATURE = 35;
const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;

/** One record of a Lambda Kinesis event, shaped exactly like Lambda's. */
function makeRecord(index: number, partitionKey: string, data: Uint8Array): KinesisStreamRecord {
  const sequenceNumber = (BASE_SEQUENCE_NUMBER + BigInt(index)).toString();
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber,
      data: Buffer.from(data).toString('base64'),
      approximateArrivalTimestamp: 1_732_600_000 + index / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
  };
}

/** The tutorial's readings, 10 to 40 °C, as user records with its keys "1".."100". */
function makeReadings(): { partitionKey: string; data: Buffer }[] {
  return tutorialReadings(READINGS).map((reading, i) => ({
    partitionKey: String(1 + (i % 100)),
    data: Buffer.from(JSON.stringify(reading)),
  }));
}

/** The tutorial's event: one base64 JSON reading per Kinesis record. */
function makePlainEvent(): KinesisStreamEvent {
  return {
    Records: makeReadings().map(({ partitionKey, data }, i) => makeRecord(i, partitionKey, data)),
  };
}

/** The same readings in KPL aggregates of the KPL's default size (51,200 bytes) as a producer packs them. */
function makeAggregatedEvent(): KinesisStreamEvent {
  const flushed = aggregateAll(makeReadings(), DEFAULT_AGGREGATION_MAX_SIZE);
  return {
    Records: flushed.map(({ partitionKey, data }, i) => makeRecord(i, partitionKey, data)),
  };
}

/** The tutorial's readings as GetRecords returns them, for a reader outside Lambda. */
function makeGetRecords(): GetRecordsRecord[] {
  return makeReadings().map(({ partitionKey, data }, i) => ({
    SequenceNumber: (BASE_SEQUENCE_NUMBER + BigInt(i)).toString(),
    PartitionKey: partitionKey,
    Data: data,
    ApproximateArrivalTimestamp: new Date(1_732_600_000_000 + i),
    EncryptionType: 'NONE',
  }));
}

const GET_RECORDS_SOURCE = {
  shardId: 'shardId-000000000000',
  streamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
  region: 'us-east-1',
};

/** Data in base64 JSON, parsed: where the hand-written variants start from. */
const jsonOf = (base64: string): unknown =>
  JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));

/** Whether `json` is a reading (by the zod schema) at or above the threshold. */
function isHotReading(json: unknown): boolean {
  const result = ReadingSchema.safeParse(json);
  return result.success && result.data.Temperature >= MIN_TEMPERATURE;
}

/** How many of the records of `event` hold JSON that `matches`: the floor's loop. */
function countMatching(event: KinesisStreamEvent, matches: (json: unknown) => boolean): number {
  let matched = 0;
  for (const record of event.Records) if (matches(jsonOf(record.kinesis.data))) matched += 1;
  return matched;
}

interface Variant {
  readonly label: string;
  /** Which event it reads: one reading per record, or the same readings in KPL aggregates. */
  readonly input: 'plain' | 'aggregated';
  /** Processes the event and returns how many readings matched, so no work can be optimised away. */
  run(event: KinesisStreamEvent): Promise<number> | number;
}

function variants(getRecords: readonly GetRecordsRecord[]): Variant[] {
  // Deaggregation is on by default: (d) pays for its check on every plain record.
  const decoder = createDecoder({ schema: ReadingSchema });
  const plainOnly = createDecoder({ schema: ReadingSchema, deaggregate: false });
  const hot = where('Temperature', '>=', MIN_TEMPERATURE);
  const hotPipeline = createPipeline<Reading>().filter(hot);
  let stored = 0;
  const noOpSink = async (items: readonly unknown[]): Promise<undefined> => {
    stored = items.length;
    return undefined;
  };
  /** (d) and the variants built on it: @kds/consumer with the filter and the no-op sink. */
  const throughKds = async (event: KinesisStreamEvent, using = decoder): Promise<number> => {
    const result = await processKinesisEvent(event, {
      decoder: using,
      pipeline: hotPipeline,
      sink: noOpSink,
    });
    if (result.batchItemFailures.length > 0) throw new Error('unexpected failures');
    return stored;
  };
  return [
    {
      label: '(a) floor: base64 + JSON.parse + filter',
      input: 'plain',
      run: (event) =>
        countMatching(event, (json) => (json as Reading).Temperature >= MIN_TEMPERATURE),
    },
    {
      label: '(b) floor + zod schema',
      input: 'plain',
      run: (event) => countMatching(event, isHotReading),
    },
    {
      label: '(c) Powertools BatchProcessor + zod',
      input: 'plain',
      async run(event) {
        let matched = 0;
        const processor = new BatchProcessor(EventType.KinesisDataStreams);
        const recordHandler = (record: KinesisStreamRecord): void => {
          const reading = ReadingSchema.parse(jsonOf(record.kinesis.data));
          if (reading.Temperature >= MIN_TEMPERATURE) matched += 1;
        };
        const response = await processPartialResponse(event, recordHandler, processor);
        if (response.batchItemFailures.length > 0) throw new Error('unexpected failures');
        return matched;
      },
    },
    {
      label: '(d) @kds/consumer, no-op sink',
      input: 'plain',
      run: (event) => throughKds(event),
    },
    {
      label: '(e) (d) with deaggregate: false',
      input: 'plain',
      run: (event) => throughKds(event, plainOnly),
    },
    {
      label: '(f) aggregated: @kds/consumer (d)',
      input: 'aggregated',
      run: (event) => throughKds(event),
    },
    {
      label: '(g) aggregated: aws-kinesis-agg + zod',
      input: 'aggregated',
      run(event) {
        let matched = 0;
        for (const record of event.Records) {
          awsKinesisAgg.deaggregateSync(record.kinesis, true, (error, users = []) => {
            if (error) throw error;
            for (const user of users) if (isHotReading(jsonOf(user.data))) matched += 1;
          });
        }
        return matched;
      },
    },
    {
      label: '(h) GetRecords records: toKinesisStreamEvent + (d)',
      input: 'plain',
      run: () => throughKds(toKinesisStreamEvent(getRecords, GET_RECORDS_SOURCE)),
    },
  ];
}

/** Records/s of the consumer beside its floor and Powertools, on one 10,000-reading event. */
export const suite: BenchSuite = {
  name: 'consumer',
  description: `one Lambda event of ${READINGS.toLocaleString('en-US')} readings, decoded and filtered (Temperature >= ${MIN_TEMPERATURE}); then the same readings in KPL aggregates, and as GetRecords records`,
  async run(report) {
    const events = { plain: makePlainEvent(), aggregated: makeAggregatedEvent() };
    const getRecords = makeGetRecords();
    const all = variants(getRecords);
    const counts = new Set<number>();
    const times = all.map((): number[] => []);
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
      for (let k = 0; k < all.length; k += 1) {
        const index = (round + k) % all.length;
        const variant = all[index] as Variant;
        const started = performance.now();
        const matched = await variant.run(events[variant.input]);
        const elapsed = performance.now() - started;
        if (round >= WARM_UP_ROUNDS) times[index]?.push(elapsed);
        counts.add(matched);
      }
    }
    // The conversion alone, so the share of (h) it takes is seen apart from decoding fresh records.
    const conversionTimes: number[] = [];
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
      const started = performance.now();
      const event = toKinesisStreamEvent(getRecords, GET_RECORDS_SOURCE);
      const elapsed = performance.now() - started;
      if (event.Records.length !== READINGS) throw new Error('The conversion lost records');
      if (round >= WARM_UP_ROUNDS) conversionTimes.push(elapsed);
    }
    if (counts.size !== 1) throw new Error(`The variants disagree on the matches: ${[...counts]}`);
    const rates = times.map((samples) => READINGS / (median(samples) / 1000));
    const [
      floor = 0,
      ,
      powertools = 0,
      kds = 0,
      plainOnly = 0,
      aggregated = 0,
      awsAgg = 0,
      fromGetRecords = 0,
    ] = rates;
    report(
      table(
        ['variant', 'median ms', 'readings/s', 'x floor'],
        all.map((variant, i) => [
          variant.label,
          median(times[i] ?? []).toFixed(2),
          formatRate(rates[i] ?? 0),
          ((rates[i] ?? 0) / floor).toFixed(2),
        ]),
      ),
    );
    report('');
    report(`matching readings per event: ${[...counts][0]}`);
    report(`aggregated event: ${events.aggregated.Records.length} Kinesis records`);
    report(`(d) / (a) = ${(kds / floor).toFixed(2)}  (target >= 0.6)`);
    report(`(d) / (c) = ${(kds / powertools).toFixed(2)}  (target >= 1.7)`);
    report(
      `(d) / (e) = ${(kds / plainOnly).toFixed(2)}  (the cost of deaggregation on plain records)`,
    );
    report(`(f) / (g) = ${(aggregated / awsAgg).toFixed(2)}`);
    report(
      `(h) / (d) = ${(fromGetRecords / kds).toFixed(2)}  (GetRecords records: converted, then decoded fresh; (d) reuses one event)`,
    );
    const conversionMs = median(conversionTimes);
    report(
      `toKinesisStreamEvent alone: ${conversionMs.toFixed(2)} ms per event, ${formatRate(READINGS / (conversionMs / 1000))} records`,
    );
  },
};
