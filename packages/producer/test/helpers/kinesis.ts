import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { createProducer, type Producer, type ProducerSettings } from '../../src/index.js';

/** A client with static credentials: the mocked `send` never signs or reaches the network. */
export function createTestClient(): KinesisClient {
  return new KinesisClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
}

/** A sequence number in the shape Kinesis returns: a decimal well past 2^53. */
export function sequenceNumberOf(index: number): string {
  return (49590338271490256608559692538361571095921575989136588898n + BigInt(index)).toString();
}

export const TEST_SHARD_ID = 'shardId-000000000000';

const textDecoder = new TextDecoder();

/** The text of a record's data as the producer sent it. */
export function textOf(entry: PutRecordsRequestEntry): string {
  return textDecoder.decode(entry.Data);
}

/** The records of one PutRecords request. */
export function recordsOf(input: PutRecordsCommandInput | undefined): PutRecordsRequestEntry[] {
  return input?.Records ?? [];
}

/** Data + partition key bytes of a request: what Kinesis counts toward its 5 MiB. */
export function requestBytes(input: PutRecordsCommandInput): number {
  return recordsOf(input).reduce(
    (total, entry) =>
      total + (entry.Data?.byteLength ?? 0) + Buffer.byteLength(entry.PartitionKey ?? '', 'utf8'),
    0,
  );
}

/** What the mocked PutRecords answers for each entry, in request order. */
export type EntryOutcome = { ok: true } | { ok: false; errorCode: string };

/**
 * A PutRecords response in request order: entry `i` is accepted on one shard with sequence number
 * `sequenceNumberOf(i)`, unless `outcome` fails it with an error code.
 */
export function responseFor(
  input: PutRecordsCommandInput,
  outcome: (entry: PutRecordsRequestEntry, index: number) => EntryOutcome = () => ({ ok: true }),
): PutRecordsCommandOutput {
  let failed = 0;
  const Records: PutRecordsResultEntry[] = recordsOf(input).map((entry, index) => {
    const result = outcome(entry, index);
    if (!result.ok) {
      failed += 1;
      return { ErrorCode: result.errorCode, ErrorMessage: `${result.errorCode} for ${index}` };
    }
    return { ShardId: TEST_SHARD_ID, SequenceNumber: sequenceNumberOf(index) };
  });
  return { FailedRecordCount: failed, Records, $metadata: { httpStatusCode: 200 } };
}

/** An error shaped like the SDK's service exceptions: a name and, when answered, an HTTP status. */
export function sdkError(name: string, httpStatusCode?: number): Error {
  const error = new Error(`${name} from the mock`);
  error.name = name;
  return httpStatusCode === undefined
    ? error
    : Object.assign(error, { $metadata: { httpStatusCode } });
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function createDeferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks and zero-delay timers run. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The input of every PutRecords request the mock received, in call order. */
export function sentRequests(kinesisMock: AwsClientStub<KinesisClient>): PutRecordsCommandInput[] {
  return kinesisMock.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);
}

/** A producer on the mocked client and the tutorial's stream; settings override the defaults. */
export function createTestProducer<T = unknown>(settings: ProducerSettings<T> = {}): Producer<T> {
  return createProducer<T>({
    client: createTestClient(),
    streamName: TEST_STREAM_NAME,
    ...settings,
  });
}

export const TEST_STREAM_NAME = 'TestDataStream';
