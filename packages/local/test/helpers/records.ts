import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from '@kds/consumer';
import { toKinesisEvent } from '../../src/index.js';

/** Lambda records r0..r{n-1} of one shard, with increasing sequence numbers. */
export function lambdaRecords(
  count: number,
  options: { arrivedAt?: Date; key?: string } = {},
): KinesisStreamRecord[] {
  const { arrivedAt = new Date(), key = 'k' } = options;
  const records: _Record[] = Array.from({ length: count }, (_, i) => ({
    SequenceNumber: (
      49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n + BigInt(i)
    ).toString(),
    PartitionKey: key,
    Data: new TextEncoder().encode(`r${i}`),
    ApproximateArrivalTimestamp: arrivedAt,
  }));
  return toKinesisEvent(records, {
    shardId: 'shardId-000000000000',
    streamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/S',
    region: 'us-east-1',
  }).Records;
}

/** The payloads of Lambda records. */
export const dataOf = (records: readonly KinesisStreamRecord[]): string[] =>
  records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString());
