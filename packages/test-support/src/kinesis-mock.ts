import {
  type _Record,
  DescribeStreamSummaryCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** A Kinesis client mocked with aws-sdk-client-mock: `mockClient(KinesisClient)`. */
export type KinesisStub = AwsClientStub<KinesisClient>;

/** What GetRecords answers one call with: a response, or an error it rejects with. */
export type GetRecordsAnswer = Partial<GetRecordsCommandOutput> | Error;

/**
 * A record as GetRecords returns it: partition key `k`, arrived now, `data` as UTF-8 bytes
 * (default `r<sequenceNumber>`).
 */
export function sdkRecord(
  sequenceNumber: string,
  data: string | Uint8Array = `r${sequenceNumber}`,
): _Record {
  return {
    SequenceNumber: sequenceNumber,
    PartitionKey: 'k',
    Data: typeof data === 'string' ? new TextEncoder().encode(data) : data,
    ApproximateArrivalTimestamp: new Date(),
  };
}

/** The error GetRecords rejects an expired shard iterator with. */
export function expiredIterator(): ExpiredIteratorException {
  return new ExpiredIteratorException({ message: 'expired', $metadata: {} });
}

/**
 * Makes DescribeStreamSummary describe an ACTIVE stream `streamName` of account 000000000000 in
 * us-east-1; returns the stream's ARN.
 */
export function mockActiveStream(kinesis: KinesisStub, streamName = 'S'): string {
  const streamARN = `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`;
  kinesis.on(DescribeStreamSummaryCommand).resolves({
    StreamDescriptionSummary: {
      StreamName: streamName,
      StreamARN: streamARN,
      StreamStatus: 'ACTIVE',
    },
  } as never);
  return streamARN;
}

/**
 * Scripts the reads of a shard: GetShardIterator hands out `iterators` one call after the other
 * and GetRecords gives `answers` one call after the other; the last of each answers every call
 * after it.
 */
export function scriptReads(
  kinesis: KinesisStub,
  iterators: readonly [string, ...string[]],
  answers: readonly GetRecordsAnswer[],
): void {
  let iterating = kinesis.on(GetShardIteratorCommand);
  for (const iterator of iterators.slice(0, -1)) {
    iterating = iterating.resolvesOnce({ ShardIterator: iterator });
  }
  iterating.resolves({ ShardIterator: iterators.at(-1) });
  if (answers.length === 0) return;

  let reading = kinesis.on(GetRecordsCommand);
  for (const answer of answers.slice(0, -1)) {
    reading = answer instanceof Error ? reading.rejectsOnce(answer) : reading.resolvesOnce(answer);
  }
  const last = answers.at(-1);
  if (last instanceof Error) reading.rejects(last);
  else if (last !== undefined) reading.resolves(last);
}

/** The input of each GetShardIterator call the mock received, in order. */
export function iteratorRequests(kinesis: KinesisStub): GetShardIteratorCommandInput[] {
  return kinesis.commandCalls(GetShardIteratorCommand).map(({ args }) => args[0].input);
}
