import {
  ListShardsCommand,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsRequestEntry,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { decodeAggregate, hashKeyOf, isAggregate } from '@kds/aggregation';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  constant,
  DEFAULT_AGGREGATED_MAX_BUFFERED_RECORDS,
  InvalidOptionError,
  MAX_BYTES_PER_REQUEST,
  MAX_HASH_KEY,
  MAX_RECORDS_PER_REQUEST,
  type Producer,
  type ProducerSettings,
  PutRecordsErrorCode,
} from '../src/index.js';
import {
  closedShard,
  createTestProducer,
  evenShards,
  FAST_RETRIES,
  type FakeStream,
  fakeStream,
  nextMacrotask,
  recordsOf,
  requestBytes,
  responseFor,
  resultsOf,
  sdkError,
  sentRequests,
  sequenceNumberOf,
  shardOf,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const textDecoder = new TextDecoder();

/** A user record as it reached Kinesis: its key, data and the Kinesis entry that carried it. */
interface SentUserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey: string | undefined;
  readonly data: string;
  readonly entry: PutRecordsRequestEntry;
  readonly subSequenceNumber: number | undefined;
}

/** Every user record of every request sent, aggregates decoded with `decodeAggregate`. */
function sentUserRecords(): SentUserRecord[] {
  return sentRequests(kinesisMock).flatMap(sentUserRecordsOf);
}

/** The user records of one request. */
function sentUserRecordsOf(input: PutRecordsCommandInput): SentUserRecord[] {
  return recordsOf(input).flatMap((entry): SentUserRecord[] => {
    const data = entry.Data ?? new Uint8Array(0);
    const decoded = decodeAggregate(data);
    if (!decoded.ok) throw decoded.error;
    if (!decoded.aggregated) {
      return [
        {
          partitionKey: entry.PartitionKey ?? '',
          explicitHashKey: entry.ExplicitHashKey,
          data: textDecoder.decode(data),
          entry,
          subSequenceNumber: undefined,
        },
      ];
    }
    return decoded.records.map((record) => ({
      partitionKey: record.partitionKey,
      explicitHashKey: record.explicitHashKey,
      data: textDecoder.decode(record.data),
      entry,
      subSequenceNumber: record.subSequenceNumber,
    }));
  });
}

/** Puts a batch, flushes, and checks that every put succeeded. */
async function putAllAndFlush(producer: Producer<string>, batch: readonly string[]): Promise<void> {
  const outcomes = producer.putMany(batch);
  await producer.flush();
  resultsOf(await outcomes);
}

const rangeOf = (shard: Shard): { start: bigint; end: bigint } => ({
  start: BigInt(shard.HashKeyRange?.StartingHashKey ?? '-1'),
  end: BigInt(shard.HashKeyRange?.EndingHashKey ?? '-1'),
});

/**
 * Every value of `sent` reached Kinesis exactly once, and each user record's hash key (its
 * ExplicitHashKey, or the MD5 of its partition key) lies in the range of the shard its Kinesis
 * record landed on. `userRecords`: those to check, every one sent by default.
 */
function expectEachOnceInItsShard(
  shards: readonly Shard[],
  sent: readonly string[],
  userRecords: readonly SentUserRecord[] = sentUserRecords(),
): void {
  expect(userRecords.map(({ data }) => data).sort()).toEqual([...sent].sort());
  for (const { entry, partitionKey, explicitHashKey } of userRecords) {
    const shard = shards.find(({ ShardId }) => ShardId === shardOf(shards, entry));
    const { start, end } = rangeOf(shard as Shard);
    const hashKey = hashKeyOf(
      explicitHashKey === undefined ? { partitionKey } : { partitionKey, explicitHashKey },
    );
    expect(hashKey >= start && hashKey <= end).toBe(true);
  }
}

const values = (count: number, prefix = 'reading-'): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

/** Keys "1".."100" as the tutorial's random strategy gives them, but deterministic. */
const keyOf = (value: string): string => String(1 + (Number(value.split('-')[1]) % 100));

beforeEach(() => {
  kinesisMock.reset();
});

describe('grouping per predicted shard', () => {
  it.each([2, 3, 4])(
    'packs the records of each of %i shards into one aggregate per request whose ExplicitHashKey lies in that shard',
    async (shardCount) => {
      // Prepare
      const stream = fakeStream(kinesisMock, evenShards(shardCount));
      const producer = createTestProducer<string>({
        aggregation: true,
        partitionKey: keyOf,
      });
      const sent = values(1_000);

      // Act
      const results = resultsOf(await producer.putMany(sent));
      await producer.close();

      // Assess
      const requests = sentRequests(kinesisMock).map(recordsOf);
      expect(requests.every((entries) => entries.length === shardCount)).toBe(true);
      const entries = requests.flat();
      for (const entry of entries) {
        expect(entry.PartitionKey).toBe('a');
        expect(isAggregate(entry.Data ?? new Uint8Array(0))).toBe(true);
      }
      expectEachOnceInItsShard(stream.shards, sent);
      expect(new Set(results.map(({ shardId }) => shardId)).size).toBe(shardCount);
    },
  );

  it('shares the buffer among the request slots, so several aggregated requests are in flight', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(2));
    const answer = stream.outcome;
    let inFlight = 0;
    let mostInFlight = 0;
    kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await nextMacrotask();
      inFlight -= 1;
      return responseFor(input, answer);
    });
    const producer = createTestProducer<string>({
      aggregation: true,
      partitionKey: keyOf,
      maxBufferedRecords: 1_000,
      maxInFlight: 4,
    });

    // Act
    const results = resultsOf(await producer.putMany(values(1_000)));
    await producer.close();

    // Assess: 1,000 buffered / (4 slots + the batch being collected) = 200 user records a request.
    expect(results).toHaveLength(1_000);
    const perRequest = sentRequests(kinesisMock).map((input) => sentUserRecordsOf(input).length);
    expect(Math.max(...perRequest)).toBe(200);
    expect(perRequest.reduce((sum, count) => sum + count, 0)).toBe(1_000);
    expect(mostInFlight).toBe(4);
  });

  it('buffers 20,000 user records by default, so a request carries up to 4,000 of them', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({ aggregation: true, partitionKey: keyOf });

    // Act
    const results = resultsOf(await producer.putMany(values(10_000)));
    await producer.close();

    // Assess
    expect(results).toHaveLength(10_000);
    const perRequest = sentRequests(kinesisMock).map((input) => sentUserRecordsOf(input).length);
    expect(Math.max(...perRequest)).toBe(DEFAULT_AGGREGATED_MAX_BUFFERED_RECORDS / 5);
    expect(perRequest.length).toBeLessThan(10);
  });

  it('keeps a user ExplicitHashKey inside the aggregate and groups by it', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({ aggregation: true, partitionKey: keyOf });
    const upper = (1n << 127n) + 5n;

    // Act
    const pinned = values(10, 'pinned-').map((value) =>
      producer.put(value, { partitionKey: 'x', explicitHashKey: upper.toString() }),
    );
    const results = await Promise.all(pinned);
    await producer.close();

    // Assess
    const [entry] = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(entry?.ExplicitHashKey).toBe(upper.toString());
    expect(sentUserRecords().map(({ explicitHashKey }) => explicitHashKey)).toEqual(
      Array(10).fill(upper.toString()),
    );
    expect(results.map(({ shardId }) => shardId)).toEqual(
      Array(10).fill(stream.shards[1]?.ShardId),
    );
  });
});

describe('after a reshard', () => {
  /** One shard over the whole hash range, then split in two. */
  const [whole] = evenShards(1) as [Shard];
  const [lower, upper] = evenShards(2).map((shard, index) => ({
    ...shard,
    ShardId: `shardId-00000000000${index + 1}`,
  })) as [Shard, Shard];
  const split = [closedShard(whole.ShardId ?? '', 0n, MAX_HASH_KEY), lower, upper];

  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * On fake timers: the one-shard stream, a producer aggregating on it keyed by `keyOf` (with
   * `settings` on top), and `putAll`, which puts a batch through it and flushes.
   */
  function aggregatingOnWhole(settings: ProducerSettings<string> = {}) {
    vi.useFakeTimers();
    const stream = fakeStream(kinesisMock, [whole]);
    const producer = createTestProducer<string>({
      aggregation: true,
      partitionKey: keyOf,
      ...settings,
    });
    const putAll = (batch: readonly string[]) => putAllAndFlush(producer, batch);
    return { stream, producer, putAll };
  }

  /**
   * The third request carried `meanwhile` as plain records, each with its own key; the fourth put
   * `after` on the split's children, each user record once and in its shard's range.
   */
  function expectPlainThenOnTheChildren(
    stream: FakeStream,
    meanwhile: readonly string[],
    after: readonly string[],
  ): void {
    const [, , third, fourth] = sentRequests(kinesisMock).map(recordsOf);
    expect(third?.map((entry) => entry.PartitionKey)).toEqual(meanwhile.map(keyOf));
    expect(fourth?.map((entry) => shardOf(stream.shards, entry)).sort()).toEqual([
      lower.ShardId,
      upper.ShardId,
    ]);
    const afterRecords = sentUserRecords().filter(({ data }) => data.startsWith('after-'));
    expectEachOnceInItsShard(split, after, afterRecords);
  }

  it('groups the records waiting to be sent by the new shard map, so no aggregate spans two shards', async () => {
    // Prepare: one shard, then split in two while 100 records wait for their batch to be due.
    const { stream, producer } = aggregatingOnWhole({
      maxBufferedTimeMs: 20_000,
      shardMapRefreshMs: 10_000,
    });
    const sent = values(100);
    const results = producer.putMany(sent);
    await vi.advanceTimersByTimeAsync(1);
    expect(sentRequests(kinesisMock)).toHaveLength(0);
    stream.shards = split;

    // Act: the map is read again at 10 s, the batch is due at 20 s.
    await vi.advanceTimersByTimeAsync(20_000);
    const outcomes = resultsOf(await results);
    await producer.close();

    // Assess
    const entries = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(entries.map((entry) => shardOf(stream.shards, entry)).sort()).toEqual([
      lower.ShardId,
      upper.ShardId,
    ]);
    expectEachOnceInItsShard(stream.shards, sent);
    expect(new Set(outcomes.map(({ shardId }) => shardId))).toEqual(
      new Set([lower.ShardId, upper.ShardId]),
    );
  });

  it('sends records plain from the moment an aggregate lands on an unexpected shard until the new map is read', async () => {
    // Prepare: an aggregate goes out by the one-shard map after the stream split, and ListShards
    // answers only when let through.
    const { stream, producer, putAll } = aggregatingOnWhole();
    await putAll(values(50, 'before-'));
    stream.shards = split;
    let letThrough = (): void => undefined;
    const listed = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    kinesisMock.on(ListShardsCommand).callsFake(async () => {
      await listed;
      return { Shards: stream.shards };
    });
    await putAll(values(50, 'stale-'));

    // Act: a batch while the map is read again, then one after it.
    const meanwhile = values(50, 'meanwhile-');
    await putAll(meanwhile);
    letThrough();
    await vi.advanceTimersByTimeAsync(1_000);
    const after = values(50, 'after-');
    await putAll(after);
    await producer.close();

    // Assess
    expectPlainThenOnTheChildren(stream, meanwhile, after);
  });

  it('keeps sending plain when the map read under way at the split answers with the old map, and reads it again', async () => {
    // Prepare: a periodic ListShards read starts before the split and answers only when let
    // through, with the one-shard map it saw.
    const { stream, producer, putAll } = aggregatingOnWhole({ shardMapRefreshMs: 10_000 });
    await putAll(values(50, 'before-'));
    let reads = 0;
    let letThrough = (): void => undefined;
    kinesisMock.on(ListShardsCommand).callsFake(async () => {
      reads += 1;
      const shards = stream.shards;
      if (reads === 1) await new Promise<void>((resolve) => (letThrough = resolve));
      return { Shards: shards };
    });
    await vi.advanceTimersByTimeAsync(10_000);
    stream.shards = split;
    await putAll(values(50, 'stale-'));

    // Act: the old map arrives after the unexpected shard; a batch then, and one after a second.
    letThrough();
    await vi.advanceTimersByTimeAsync(0);
    const meanwhile = values(50, 'meanwhile-');
    await putAll(meanwhile);
    await vi.advanceTimersByTimeAsync(1_000);
    const after = values(50, 'after-');
    await putAll(after);
    await producer.close();

    // Assess
    expect(reads).toBe(2);
    expectPlainThenOnTheChildren(stream, meanwhile, after);
  });
});

describe('what is sent', () => {
  it('sends a group of one as a plain record, and its result has no sub-sequence number', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({ aggregation: true });

    // Act
    const result = await producer.put('alone', { partitionKey: 'solo' });
    await producer.close();

    // Assess
    const entries = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.PartitionKey).toBe('solo');
    expect(entries[0]?.ExplicitHashKey).toBeUndefined();
    expect(textDecoder.decode(entries[0]?.Data)).toBe('alone');
    expect(result.subSequenceNumber).toBeUndefined();
    expect(producer.metrics()).toMatchObject({ recordsPut: 1, kinesisRecordsPut: 1 });
  });

  it('writes string data into the aggregate as its UTF-8 bytes', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({ aggregation: true, partitionKey: keyOf });
    const sent = values(50, 'clé 🌡️ 温度-');

    // Act
    resultsOf(await producer.putMany(sent));
    await producer.close();

    // Assess
    const [entry, ...others] = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(others).toEqual([]);
    expect(isAggregate(entry?.Data ?? new Uint8Array(0))).toBe(true);
    expect(sentUserRecords().map(({ data }) => data)).toEqual(sent);
  });

  it('splits aggregates at maxBytes and gives each user record back exactly once, in order', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const maxBytes = 1_024;
    const producer = createTestProducer<string>({
      aggregation: { maxBytes },
      partitionKey: constant('one-key'),
    });
    const sent = values(500, `${'x'.repeat(40)}-`);

    // Act
    resultsOf(await producer.putMany(sent));
    await producer.close();

    // Assess
    const entries = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) expect(entry.Data?.byteLength).toBeLessThanOrEqual(maxBytes);
    expect(sentUserRecords().map(({ data }) => data)).toEqual(sent);
  });

  it('splits aggregates at maxCount', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({ aggregation: { maxCount: 7 } });

    // Act
    resultsOf(await producer.putMany(values(70)));
    await producer.close();

    // Assess
    expect(sentRequests(kinesisMock).flatMap(recordsOf)).toHaveLength(10);
    expect(producer.metrics()).toMatchObject({ recordsPut: 70, kinesisRecordsPut: 10 });
  });

  it('keeps requests within 500 entries and 5 MiB', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      aggregation: { maxCount: 2 },
      maxBufferedRecords: 5_000,
    });
    const small = values(1_500);
    const large = values(400, `${'y'.repeat(20_000)}-`);

    // Act
    resultsOf(await producer.putMany([...small, ...large]));
    await producer.close();

    // Assess
    const requests = sentRequests(kinesisMock);
    expect(requests.length).toBeGreaterThan(2);
    for (const input of requests) {
      expect(recordsOf(input).length).toBeLessThanOrEqual(MAX_RECORDS_PER_REQUEST);
      expect(requestBytes(input)).toBeLessThanOrEqual(MAX_BYTES_PER_REQUEST);
    }
    expect(sentUserRecords()).toHaveLength(small.length + large.length);
  });

  it('sends plain records when the shard map is unknown (ListShards failed)', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    kinesisMock.on(ListShardsCommand).rejects(sdkError('AccessDeniedException', 400));
    const producer = createTestProducer<string>({ aggregation: true, partitionKey: keyOf });

    // Act
    const results = resultsOf(await producer.putMany(values(50)));
    await producer.close();

    // Assess
    const entries = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(entries).toHaveLength(50);
    expect(entries.every((entry) => !isAggregate(entry.Data ?? new Uint8Array(0)))).toBe(true);
    expect(results.every(({ subSequenceNumber }) => subSequenceNumber === undefined)).toBe(true);
  });
});

describe('results and metrics', () => {
  it('resolves each put with the shard, sequence number and sub-sequence number of its aggregate', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({ aggregation: true, partitionKey: keyOf });
    const sent = values(300);

    // Act
    const results = resultsOf(await producer.putMany(sent));
    await producer.close();

    // Assess
    // The fake stream numbers accepted entries 1, 2, ... in the order it receives them.
    const bySequence = new Map<string, string[]>();
    sentRequests(kinesisMock)
      .flatMap(recordsOf)
      .forEach((entry, index) => {
        const decoded = decodeAggregate(entry.Data ?? new Uint8Array(0));
        if (!decoded.ok || !decoded.aggregated) throw new Error('expected an aggregate');
        bySequence.set(
          sequenceNumberOf(index + 1),
          decoded.records.map(({ data }) => textDecoder.decode(data)),
        );
      });
    results.forEach((result, index) => {
      const aggregate = bySequence.get(result.sequenceNumber) ?? [];
      expect(aggregate[result.subSequenceNumber ?? -1]).toBe(sent[index]);
    });
    expect(producer.metrics()).toMatchObject({
      recordsPut: 300,
      kinesisRecordsPut: 2,
      requests: 1,
    });
  });

  it('counts the bytes of user records and of Kinesis records apart', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      aggregation: true,
      partitionKey: constant('k'),
    });

    // Act
    resultsOf(await producer.putMany(['aa', 'bb', 'cc']));
    await producer.close();

    // Assess
    const [entry] = sentRequests(kinesisMock).flatMap(recordsOf);
    expect(producer.metrics()).toMatchObject({
      recordsPut: 3,
      bytesPut: 3 * (2 + 1),
      kinesisRecordsPut: 1,
      kinesisBytesPut: (entry?.Data?.byteLength ?? 0) + 1,
    });
  });
});

describe('retries', () => {
  it('retries a throttled aggregate with all its records, each put resolving once', async () => {
    // Prepare
    const stream = fakeStream(kinesisMock, evenShards(2));
    let throttledOnce = false;
    stream.outcome = () => {
      if (throttledOnce) return { ok: true };
      throttledOnce = true;
      return { ok: false, errorCode: PutRecordsErrorCode.ProvisionedThroughputExceeded };
    };
    const producer = createTestProducer<string>({
      aggregation: true,
      partitionKey: keyOf,
      ...FAST_RETRIES,
    });
    const sent = values(200);

    // Act
    const results = resultsOf(await producer.putMany(sent));
    await producer.close();

    // Assess
    const [first, second] = sentRequests(kinesisMock);
    const throttled = recordsOf(first)[0];
    const throttledData = decodeAggregate(throttled?.Data ?? new Uint8Array(0));
    if (!throttledData.ok || !throttledData.aggregated) throw new Error('expected an aggregate');
    const retried = recordsOf(second);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.Data).toEqual(throttled?.Data);
    expect(results.filter(({ attempts }) => attempts === 2)).toHaveLength(
      throttledData.records.length,
    );
    expect(stream.accepted).toHaveLength(2);
    expect(producer.metrics()).toMatchObject({
      recordsPut: 200,
      kinesisRecordsPut: 2,
      retries: throttledData.records.length,
      throttled: throttledData.records.length,
    });
  });
});

describe('with per-key ordering', () => {
  it('never packs two records of a key together, and each key arrives in put order', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = createTestProducer<string>({
      aggregation: true,
      ordering: 'per-key',
      partitionKey: keyOf,
      maxBufferedTimeMs: 0,
    });
    const sent = values(300);

    // Act
    resultsOf(await producer.putMany(sent));
    await producer.close();

    // Assess
    for (const entry of sentRequests(kinesisMock).flatMap(recordsOf)) {
      const decoded = decodeAggregate(entry.Data ?? new Uint8Array(0));
      if (!decoded.ok || !decoded.aggregated) continue;
      const keys = decoded.records.map(({ partitionKey }) => partitionKey);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const received = sentUserRecords().map(({ data }) => data);
    for (const key of ['1', '2', '50']) {
      const ofKey = (list: readonly string[]) => list.filter((value) => keyOf(value) === key);
      expect(ofKey(received)).toEqual(ofKey(sent));
    }
  });
});

describe('options', () => {
  it.each([
    [{ maxBytes: 10 }, 'aggregation.maxBytes'],
    [{ maxBytes: 2_000 }, 'aggregation.maxBytes'],
    [{ maxCount: 0 }, 'aggregation.maxCount'],
    [{ maxCount: 1.5 }, 'aggregation.maxCount'],
  ])('refuses %o with an InvalidOptionError naming %s', (aggregation, name) => {
    // Prepare
    const create = () => createTestProducer<string>({ aggregation, maxRecordBytes: 1_500 });

    // Act / Assess
    expect(create).toThrow(InvalidOptionError);
    expect(create).toThrow(name);
  });

  it('fits the default aggregate size to a smaller record limit', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(1));
    const producer = createTestProducer<string>({
      aggregation: true,
      maxRecordBytes: 1_000,
      partitionKey: constant('k'),
    });

    // Act
    resultsOf(await producer.putMany(values(200)));
    await producer.close();

    // Assess
    const entries = sentRequests(kinesisMock).flatMap(recordsOf);
    for (const entry of entries)
      expect((entry.Data?.byteLength ?? 0) + 1).toBeLessThanOrEqual(1_000);
  });
});
