import type { _Record } from '@aws-sdk/client-kinesis';
import { type GetRecordsRecord, toKinesisStreamEvent } from '@kds/consumer';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toKinesisEvent } from '../src/index.js';

const source = {
  shardId: 'shardId-000000000006',
  streamARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
  region: 'us-east-2',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
};

describe('toKinesisEvent', () => {
  it('builds the record Lambda sends, field for field', () => {
    // Prepare
    const data = '{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}';
    const record: _Record = {
      SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      PartitionKey: '1',
      Data: new TextEncoder().encode(data),
      ApproximateArrivalTimestamp: new Date(1_545_084_650_987),
    };

    // Act
    const event = toKinesisEvent([record], source);

    // Assess
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: '1',
            sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
            data: Buffer.from(data).toString('base64'),
            approximateArrivalTimestamp: 1545084650.987,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
          awsRegion: 'us-east-2',
          eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
        },
      ],
    });
  });

  it('marks records of an encrypted stream with encryptionType KMS', () => {
    // Prepare
    const record: _Record = {
      SequenceNumber: '1',
      PartitionKey: 'k',
      Data: new Uint8Array([1, 2, 3]),
      ApproximateArrivalTimestamp: new Date(0),
      EncryptionType: 'KMS',
    };

    // Act
    const [first] = toKinesisEvent([record], source).Records;

    // Assess
    expect(first?.kinesis.encryptionType).toBe('KMS');
    expect(first?.kinesis.data).toBe('AQID');
  });

  it('gives the same event as toKinesisStreamEvent of @kds/consumer, which takes the SDK record', () => {
    // Prepare
    const records: _Record[] = [
      {
        SequenceNumber: '1',
        PartitionKey: 'a',
        Data: new Uint8Array([4, 5]),
        ApproximateArrivalTimestamp: new Date(4),
      },
      {
        SequenceNumber: '2',
        PartitionKey: 'b',
        Data: undefined,
        ApproximateArrivalTimestamp: new Date(5),
      },
    ];

    // Act
    const event = toKinesisEvent(records, source);

    // Assess
    expectTypeOf<_Record>().toExtend<GetRecordsRecord>();
    expect(event).toEqual(toKinesisStreamEvent(records, source));
  });
});
