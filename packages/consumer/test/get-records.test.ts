import { encodeAggregate } from '@kds/aggregation';
import { ReadingSchema } from '@kds/schema';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  createDecoder,
  DEFAULT_INVOKE_IDENTITY_ARN,
  type GetRecordsRecord,
  type KinesisStreamEvent,
  processKinesisEvent,
  type SinkItem,
  toKinesisStreamEvent,
} from '../src/index.js';

const source = {
  shardId: 'shardId-000000000006',
  streamARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
  region: 'us-east-2',
};
const SEQUENCE_NUMBER = '49590338271490256608559692538361571095921575989136588898';

const reading = (spot: string, temperature: number) => ({
  Timestamp: 1_732_600_000_000,
  Spot: spot,
  Temperature: temperature,
});
const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

afterEach(() => {
  vi.useRealTimers();
});

describe('toKinesisStreamEvent', () => {
  it('builds the record Lambda sends, field for field', () => {
    // Prepare
    const data = '{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}';
    const record: GetRecordsRecord = {
      SequenceNumber: SEQUENCE_NUMBER,
      PartitionKey: '1',
      Data: new TextEncoder().encode(data),
      ApproximateArrivalTimestamp: new Date(1_545_084_650_987),
      EncryptionType: 'NONE',
    };

    // Act
    const event = toKinesisStreamEvent([record], source);

    // Assess
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: '1',
            sequenceNumber: SEQUENCE_NUMBER,
            data: Buffer.from(data).toString('base64'),
            approximateArrivalTimestamp: 1545084650.987,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000006:${SEQUENCE_NUMBER}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: DEFAULT_INVOKE_IDENTITY_ARN,
          awsRegion: 'us-east-2',
          eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
        },
      ],
    } satisfies KinesisStreamEvent);
  });

  it('reports the invokeIdentityArn the source names', () => {
    // Prepare
    const invokeIdentityArn = 'arn:aws:iam::123456789012:role/worker-role';

    // Act
    const event = toKinesisStreamEvent(
      [{ SequenceNumber: '1', Data: new Uint8Array([1]) }, { SequenceNumber: '2' }],
      { ...source, invokeIdentityArn },
    );

    // Assess
    expect(event.Records.map((record) => record.invokeIdentityArn)).toEqual([
      invokeIdentityArn,
      invokeIdentityArn,
    ]);
  });

  it('marks records of an encrypted stream with encryptionType KMS', () => {
    // Act
    const [first] = toKinesisStreamEvent(
      [{ SequenceNumber: '1', Data: new Uint8Array([1, 2, 3]), EncryptionType: 'KMS' }],
      source,
    ).Records;

    // Assess
    expect(first?.kinesis.encryptionType).toBe('KMS');
    expect(first?.kinesis.data).toBe('AQID');
  });

  it('encodes only the bytes of a record whose data is a view into a larger buffer', () => {
    // Prepare
    const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);

    // Act
    const [first] = toKinesisStreamEvent(
      [{ SequenceNumber: '1', Data: whole.subarray(2, 5) }],
      source,
    ).Records;

    // Assess
    expect(first?.kinesis.data).toBe('AQID');
  });

  it('fills in what a record lacks: empty data and key, the time of the call as arrival', () => {
    // Prepare
    vi.useFakeTimers({ now: new Date(1_732_600_000_250) });

    // Act
    const [first] = toKinesisStreamEvent([{ SequenceNumber: '7' }], source).Records;

    // Assess
    expect(first?.kinesis).toEqual({
      kinesisSchemaVersion: '1.0',
      partitionKey: '',
      sequenceNumber: '7',
      data: '',
      approximateArrivalTimestamp: 1_732_600_000.25,
    });
  });

  it('returns an event with no records for no records', () => {
    // Act
    const event = toKinesisStreamEvent([], source);

    // Assess
    expect(event).toEqual({ Records: [] });
  });

  it('feeds the decoder: plain records decode, KPL aggregates split into user records', () => {
    // Prepare
    const aggregate = encodeAggregate([
      { partitionKey: 'B', data: bytesOf(reading('B', 40)) },
      { partitionKey: 'C', data: bytesOf(reading('C', 20)) },
    ]);
    const event = toKinesisStreamEvent(
      [
        { SequenceNumber: '1', PartitionKey: 'A', Data: bytesOf(reading('A', 36)) },
        { SequenceNumber: '2', PartitionKey: 'a', Data: aggregate },
      ],
      source,
    );
    const decoder = createDecoder({ schema: ReadingSchema });

    // Act
    const results = event.Records.flatMap((record) => decoder.decodeAll(record));

    // Assess
    expect(
      results.map((result) => ({
        spot: result.ok ? result.value.Spot : result.error.code,
        sequenceNumber: result.record.kinesis.sequenceNumber,
        subSequenceNumber: result.userRecord?.subSequenceNumber,
      })),
    ).toEqual([
      { spot: 'A', sequenceNumber: '1', subSequenceNumber: undefined },
      { spot: 'B', sequenceNumber: '2', subSequenceNumber: 0 },
      { spot: 'C', sequenceNumber: '2', subSequenceNumber: 1 },
    ]);
  });

  it('feeds processKinesisEvent, which stores every user record of an aggregate', async () => {
    // Prepare
    const event = toKinesisStreamEvent(
      [
        {
          SequenceNumber: '5',
          PartitionKey: 'a',
          Data: encodeAggregate([
            { partitionKey: 'D', data: bytesOf(reading('D', 35)) },
            { partitionKey: 'E', data: bytesOf(reading('E', 10)) },
          ]),
        },
      ],
      source,
    );
    const stored: SinkItem<unknown>[] = [];

    // Act
    const result = await processKinesisEvent(event, {
      decoder: createDecoder({ schema: ReadingSchema }),
      sink: async (items) => {
        stored.push(...items);
        return undefined;
      },
    });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(result.summary).toMatchObject({ received: 1, decoded: 2, stored: 2 });
    expect(stored.map((item) => [item.value, item.userRecord?.subSequenceNumber])).toEqual([
      [reading('D', 35), 0],
      [reading('E', 10), 1],
    ]);
  });

  it('accepts records typed as the SDK types them: required fields that may be undefined', () => {
    // The SDK's `_Record` under exactOptionalPropertyTypes: `Data: Uint8Array | undefined`.
    interface SdkShapedRecord {
      SequenceNumber: string | undefined;
      ApproximateArrivalTimestamp?: Date | undefined;
      Data: Uint8Array | undefined;
      PartitionKey?: string | undefined;
      EncryptionType?: 'KMS' | 'NONE' | undefined;
    }
    expectTypeOf<SdkShapedRecord>().toExtend<GetRecordsRecord>();
    expect(
      toKinesisStreamEvent([{ SequenceNumber: undefined, Data: undefined }], source).Records,
    ).toHaveLength(1);
  });
});
