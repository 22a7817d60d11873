import type { _Record } from '@aws-sdk/client-kinesis';
import { type GetRecordsRecord, toKinesisStreamEvent } from '@kds/consumer';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { toKinesisEvent } from '../src/index.js';
import { lambdaKinesisEvent } from './helpers/event-shape.js';

const source = {
  shardId: 'shardId-000000000006',
  streamARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
  region: 'us-east-2',
  invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
};

describe('toKinesisEvent', () => {
  it('builds the records of the recorded Lambda example event, field for field', () => {
    // Prepare: the records of the Lambda Developer Guide's example event, as GetRecords gives them.
    const sent: Array<[string, string, number]> = [
      [
        '49590338271490256608559692538361571095921575989136588898',
        'Hello, this is a test.',
        1_545_084_650_987,
      ],
      [
        '49590338271490256608559692540925702759324208523137515618',
        'This is only a test.',
        1_545_084_711_166,
      ],
    ];
    const records = sent.map(
      ([sequenceNumber, text, arrivedAt]): _Record => ({
        SequenceNumber: sequenceNumber,
        PartitionKey: '1',
        Data: new TextEncoder().encode(text),
        ApproximateArrivalTimestamp: new Date(arrivedAt),
      }),
    );

    // Act
    const event = toKinesisEvent(records, source);

    // Assess
    expect(event).toEqual(lambdaKinesisEvent);
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
