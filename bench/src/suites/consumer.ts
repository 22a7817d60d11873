import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import {
  createDecoder,
  type KinesisStreamEvent,
  type KinesisStreamRecord,
  processKinesisEvent,
  where,
} from '@kds/consumer';
import { ReadingSchema, SPOTS } from '@kds/schema';
import { type BenchSuite, formatRate, table } from '../suite.js';

/** One Lambda event of this many readings: the largest BatchSize a Kinesis trigger allows. */
const READINGS = 10_000;
/** Untimed rounds first, so every variant runs optimised code. */
const WARM_UP_ROUNDS = 15;
/** Timed rounds; each runs every variant once, in a rotating order, and the median is reported. */
const ROUNDS = 31;
const MIN_TEMPERATURE = 35;
const BASE_SEQUENCE_NUMBER = 49590338271490256608559692538361571095921575989136588898n;

/** The tutorial's event: readings of 10 to 40 °C, base64 JSON, shaped exactly like Lambda's. */
function makeEvent(): KinesisStreamEvent {
  const records: KinesisStreamRecord[] = [];
  for (let i = 0; i < READINGS; i += 1) {
    const reading = {
      Timestamp: 1_732_600_000_000 + i,
      Spot: SPOTS[i % SPOTS.length],
      Temperature: 10 + ((i * 7) % 31),
    };
    const sequenceNumber = (BASE_SEQUENCE_NUMBER + BigInt(i)).toString();
    records.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: String(1 + (i % 100)),
        sequenceNumber,
        data: Buffer.from(JSON.stringify(reading)).toString('base64'),
        approximateArrivalTimestamp: 1_732_600_000 + i / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
    });
  }
  return { Records: records };
}

interface Variant {
  readonly label: string;
  /** Processes the event and returns how many readings matched, so no work can be optimised away. */
  run(event: KinesisStreamEvent): Promise<number> | number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function variants(): Variant[] {
  const decoder = createDecoder({ schema: ReadingSchema });
  const hot = where('Temperature', '>=', MIN_TEMPERATURE);
  let stored = 0;
  const noOpSink = async (items: readonly unknown[]): Promise<undefined> => {
    stored = items.length;
    return undefined;
  };
  return [
    {
      label: '(a) floor: base64 + JSON.parse + filter',
      run(event) {
        let matched = 0;
        for (const record of event.Records) {
          const value = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
          if (value.Temperature >= MIN_TEMPERATURE) matched += 1;
        }
        return matched;
      },
    },
    {
      label: '(b) floor + zod schema',
      run(event) {
        let matched = 0;
        for (const record of event.Records) {
          const json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
          const result = ReadingSchema.safeParse(json);
          if (result.success && result.data.Temperature >= MIN_TEMPERATURE) matched += 1;
        }
        return matched;
      },
    },
    {
      label: '(c) Powertools BatchProcessor + zod',
      async run(event) {
        let matched = 0;
        const processor = new BatchProcessor(EventType.KinesisDataStreams);
        const recordHandler = (record: KinesisStreamRecord): void => {
          const json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
          const reading = ReadingSchema.parse(json);
          if (reading.Temperature >= MIN_TEMPERATURE) matched += 1;
        };
        const response = await processPartialResponse(event, recordHandler, processor);
        if (response.batchItemFailures.length > 0) throw new Error('unexpected failures');
        return matched;
      },
    },
    {
      label: '(d) @kds/consumer, no-op sink',
      async run(event) {
        const result = await processKinesisEvent(event, { decoder, filter: hot, sink: noOpSink });
        if (result.batchItemFailures.length > 0) throw new Error('unexpected failures');
        return stored;
      },
    },
  ];
}

/** Records/s of the consumer beside its floor and Powertools, on one 10,000-reading event. */
export const suite: BenchSuite = {
  name: 'consumer',
  description: `one Lambda event of ${READINGS.toLocaleString('en-US')} readings, decoded and filtered (Temperature >= ${MIN_TEMPERATURE})`,
  async run(report) {
    const event = makeEvent();
    const all = variants();
    const counts = new Set<number>();
    const times = all.map((): number[] => []);
    for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
      for (let k = 0; k < all.length; k += 1) {
        const index = (round + k) % all.length;
        const variant = all[index] as Variant;
        const started = performance.now();
        const matched = await variant.run(event);
        const elapsed = performance.now() - started;
        if (round >= WARM_UP_ROUNDS) times[index]?.push(elapsed);
        counts.add(matched);
      }
    }
    if (counts.size !== 1) throw new Error(`The variants disagree on the matches: ${[...counts]}`);
    const rates = times.map((samples) => READINGS / (median(samples) / 1000));
    const [floor = 0, , powertools = 0, kds = 0] = rates;
    report(
      table(
        ['variant', 'median ms', 'records/s', 'x floor'],
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
    report(`(d) / (a) = ${(kds / floor).toFixed(2)}  (target >= 0.6)`);
    report(`(d) / (c) = ${(kds / powertools).toFixed(2)}  (target >= 1.7)`);
  },
};
