import { createHash } from 'node:crypto';
import {
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';
import {
  createProducer,
  MAX_HASH_KEY,
  type Producer,
  type ProducerSettings,
  type PutOutcome,
  type PutResult,
} from '../../src/index.js';

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

/** Retries wait at most a few milliseconds so the tests stay fast. */
export const FAST_RETRIES = { retryBaseDelayMs: 1, retryMaxDelayMs: 5 } as const;

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

/**
 * An entry outcome by the record's text and how many times it has been sent (1 the first time):
 * for a `FakeStream` that fails chosen attempts of chosen records.
 */
export function byAttempt(
  outcome: (data: string, attempt: number) => EntryOutcome,
): (entry: PutRecordsRequestEntry) => EntryOutcome {
  const attempts = new Map<string, number>();
  return (entry) => {
    const data = textOf(entry);
    const attempt = (attempts.get(data) ?? 0) + 1;
    attempts.set(data, attempt);
    return outcome(data, attempt);
  };
}

/** The text of every record sent, in the order sent, across requests. */
export function sentTexts(kinesisMock: AwsClientStub<KinesisClient>): string[] {
  return sentRequests(kinesisMock).flatMap((input) => recordsOf(input).map(textOf));
}

/** The texts of the records of each PutRecords request, one array a request, in call order. */
export function sentTextsByRequest(kinesisMock: AwsClientStub<KinesisClient>): string[][] {
  return sentRequests(kinesisMock).map((input) => recordsOf(input).map(textOf));
}

/** Every PutRecords waits for `gate`, then accepts every entry (see `responseFor`). */
export function answerOnceResolved(
  kinesisMock: AwsClientStub<KinesisClient>,
  gate: Promise<unknown>,
): void {
  kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
    await gate;
    return responseFor(input);
  });
}

/**
 * A producer on the mocked client and the tutorial's stream; settings override the defaults. The
 * per-shard rate limit is off unless a test sets `rateLimitPercent`: batching and retry tests put
 * more than one shard's second of records at once, which the limit would rightly spread over time.
 */
export function createTestProducer<T = unknown>(settings: ProducerSettings<T> = {}): Producer<T> {
  return createProducer<T>({
    client: createTestClient(),
    streamName: TEST_STREAM_NAME,
    rateLimitPercent: Number.POSITIVE_INFINITY,
    ...settings,
  });
}

/** An open shard as ListShards returns it. */
export function openShard(shardId: string, startingHashKey: bigint, endingHashKey: bigint): Shard {
  return {
    ShardId: shardId,
    HashKeyRange: {
      StartingHashKey: startingHashKey.toString(),
      EndingHashKey: endingHashKey.toString(),
    },
    SequenceNumberRange: { StartingSequenceNumber: sequenceNumberOf(0) },
  };
}

/** A shard closed by a reshard: it has an ending sequence number. */
export function closedShard(
  shardId: string,
  startingHashKey: bigint,
  endingHashKey: bigint,
): Shard {
  const shard = openShard(shardId, startingHashKey, endingHashKey);
  return {
    ...shard,
    SequenceNumberRange: {
      StartingSequenceNumber: sequenceNumberOf(0),
      EndingSequenceNumber: sequenceNumberOf(1_000),
    },
  };
}

/** `count` open shards splitting the hash space evenly, as CreateStream makes them. */
export function evenShards(count: number): Shard[] {
  const size = (MAX_HASH_KEY + 1n) / BigInt(count);
  return Array.from({ length: count }, (_, index) =>
    openShard(
      `shardId-${String(index).padStart(12, '0')}`,
      size * BigInt(index),
      index === count - 1 ? MAX_HASH_KEY : size * BigInt(index + 1) - 1n,
    ),
  );
}

/** Makes the mocked ListShards answer with these shards (one open shard, the whole range, by default). */
export function mockShards(
  kinesisMock: AwsClientStub<KinesisClient>,
  shards: Shard[] = evenShards(1),
): void {
  kinesisMock.on(ListShardsCommand).resolves({ Shards: shards });
}

/**
 * Resets the mock to a one-shard stream that accepts every record: ListShards answers with one open
 * shard (the whole range) and every PutRecords succeeds entry by entry (see `responseFor`).
 */
export function resetToAcceptingStream(kinesisMock: AwsClientStub<KinesisClient>): void {
  kinesisMock.reset();
  mockShards(kinesisMock);
  kinesisMock
    .on(PutRecordsCommand)
    .callsFake((input: PutRecordsCommandInput) => responseFor(input));
}

/**
 * For a test file: before each test the mock is a one-shard stream that accepts every record
 * (`resetToAcceptingStream`); after each, real timers and the spied functions are back.
 */
export function useAcceptingStream(kinesisMock: AwsClientStub<KinesisClient>): void {
  beforeEach(() => {
    resetToAcceptingStream(kinesisMock);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/**
 * The first PutRecords answers entry by entry with `outcome` (see `responseFor`); every later one
 * accepts every entry.
 */
export function answerFirstRequestWith(
  kinesisMock: AwsClientStub<KinesisClient>,
  outcome: (entry: PutRecordsRequestEntry, index: number) => EntryOutcome,
): void {
  kinesisMock
    .on(PutRecordsCommand)
    .callsFakeOnce((input: PutRecordsCommandInput) => responseFor(input, outcome))
    .callsFake((input: PutRecordsCommandInput) => responseFor(input));
}

/** The first PutRecords fails as a whole with `error`; every later one accepts every entry. */
export function rejectFirstRequestWith(
  kinesisMock: AwsClientStub<KinesisClient>,
  error: Error,
): void {
  kinesisMock
    .on(PutRecordsCommand)
    .rejectsOnce(error)
    .callsFake((input: PutRecordsCommandInput) => responseFor(input));
}

/** How many times the producer read the shard map. */
export function listShardsCalls(kinesisMock: AwsClientStub<KinesisClient>): number {
  return kinesisMock.commandCalls(ListShardsCommand).length;
}

/** The results of outcomes that must all be successes. */
export function resultsOf(outcomes: readonly PutOutcome[]): PutResult[] {
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw new Error(`expected every put to succeed, got ${String(outcome.error)}`);
    return outcome.value;
  });
}

export const TEST_STREAM_NAME = 'TestDataStream';

/** MD5 of a key's UTF-8 bytes as an unsigned 128-bit big-endian integer, as Kinesis computes it. */
export function md5HashKey(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

/** The open shard Kinesis would put an entry on: by ExplicitHashKey, else the MD5 of its key. */
export function shardOf(shards: readonly Shard[], entry: PutRecordsRequestEntry): string {
  const hashKey =
    entry.ExplicitHashKey === undefined
      ? md5HashKey(entry.PartitionKey ?? '')
      : BigInt(entry.ExplicitHashKey);
  const shard = shards.find(
    (candidate) =>
      candidate.SequenceNumberRange?.EndingSequenceNumber === undefined &&
      BigInt(candidate.HashKeyRange?.StartingHashKey ?? '-1') <= hashKey &&
      hashKey <= BigInt(candidate.HashKeyRange?.EndingHashKey ?? '-1'),
  );
  if (shard?.ShardId === undefined) throw new Error(`no open shard holds ${hashKey}`);
  return shard.ShardId;
}

/**
 * A stand-in Kinesis stream for the mock: ListShards answers with `shards` (which a test may change,
 * as a reshard would), and PutRecords puts each entry on the shard its hash key falls in, with
 * increasing sequence numbers, unless `outcome` fails it. Every accepted entry is recorded in
 * `accepted`, in the order Kinesis took them.
 */
export interface FakeStream {
  shards: Shard[];
  /** Every accepted entry, in the order Kinesis took them, with `performance.now()` then. */
  readonly accepted: Array<{ shardId: string; partitionKey: string; data: string; at: number }>;
  outcome: (entry: PutRecordsRequestEntry, index: number) => EntryOutcome;
}

export function fakeStream(
  kinesisMock: AwsClientStub<KinesisClient>,
  shards: Shard[] = evenShards(1),
): FakeStream {
  let sequence = 0;
  const stream: FakeStream = { shards, accepted: [], outcome: () => ({ ok: true }) };
  kinesisMock.on(ListShardsCommand).callsFake(() => ({ Shards: stream.shards }));
  kinesisMock.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    let failed = 0;
    const Records = recordsOf(input).map((entry, index): PutRecordsResultEntry => {
      const result = stream.outcome(entry, index);
      if (!result.ok) {
        failed += 1;
        return { ErrorCode: result.errorCode, ErrorMessage: `${result.errorCode} for ${index}` };
      }
      const shardId = shardOf(stream.shards, entry);
      stream.accepted.push({
        shardId,
        partitionKey: entry.PartitionKey ?? '',
        data: textOf(entry),
        at: performance.now(),
      });
      sequence += 1;
      return { ShardId: shardId, SequenceNumber: sequenceNumberOf(sequence) };
    });
    return { FailedRecordCount: failed, Records, $metadata: { httpStatusCode: 200 } };
  });
  return stream;
}
