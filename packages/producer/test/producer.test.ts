import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { MIB } from '@kds/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  constant,
  createProducer,
  InvalidOptionError,
  MAX_BYTES_PER_REQUEST,
  MAX_RECORDS_PER_REQUEST,
  ProducerClosedError,
  type ProducerSettings,
  PutAbortedError,
  RecordTooLargeError,
} from '../src/index.js';
import {
  answerOnceResolved,
  createDeferred,
  createTestClient,
  createTestProducer,
  type Deferred,
  nextMacrotask,
  recordsOf,
  requestBytes,
  responseFor,
  resultsOf,
  sentRequests,
  sentTexts,
  sentTextsByRequest,
  sequenceNumberOf,
  TEST_STREAM_NAME,
  textOf,
  useAcceptingStream,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const KiB = 1024;
/** Long enough that only a full batch, flush() or close() can send anything during a test. */
const NEVER_DUE_MS = 60_000;

const values = (count: number, prefix = 'r'): string[] =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);

useAcceptingStream(kinesisMock);

describe('batching', () => {
  it('sends 1,200 puts as requests of 500, 500 and 200 records, in put order', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const puts = values(1_200);

    // Act
    const results = producer.putMany(puts);
    await producer.flush();

    // Assess
    const requests = sentRequests(kinesisMock);
    expect(requests.map((input) => recordsOf(input).length)).toEqual([500, 500, 200]);
    expect(requests.flatMap((input) => recordsOf(input).map(textOf))).toEqual(puts);
    expect(requests.every((input) => input.StreamName === TEST_STREAM_NAME)).toBe(true);
    expect(resultsOf(await results)).toHaveLength(1_200);
  });

  it('sends a full batch of 500 at once, without flush() or the timer', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });

    // Act
    const first = producer.putMany(values(MAX_RECORDS_PER_REQUEST));
    const extra = producer.put('one more');
    await first;

    // Assess
    expect(sentRequests(kinesisMock).map((input) => recordsOf(input).length)).toEqual([500]);
    expect(producer.metrics().buffered).toBe(1);
    await producer.flush();
    await expect(extra).resolves.toMatchObject({ attempts: 1 });
    expect(sentRequests(kinesisMock)).toHaveLength(2);
  });

  it.each([
    {
      name: '900 KiB records go 5 to a request',
      count: 12,
      dataBytes: 900 * KiB,
      key: '1',
      maxRecordBytes: undefined,
      expected: [5, 5, 2],
    },
    {
      name: 'records of exactly 1 MiB fill a request to exactly 5 MiB',
      count: 10,
      dataBytes: MIB - 1,
      key: '1',
      maxRecordBytes: undefined,
      expected: [5, 5],
    },
    {
      name: 'partition keys count: 1 MiB of data + a 256-byte key go only 4 to a request',
      count: 5,
      dataBytes: MIB,
      key: 'k'.repeat(256),
      maxRecordBytes: 2 * MIB,
      expected: [4, 1],
    },
  ])(
    'keeps every request within 5 MiB: $name',
    async ({ count, dataBytes, key, maxRecordBytes, expected }) => {
      // Prepare
      const producer = createTestProducer<Uint8Array>({
        maxBufferedTimeMs: NEVER_DUE_MS,
        partitionKey: constant(key),
        ...(maxRecordBytes === undefined ? {} : { maxRecordBytes }),
      });
      const records = Array.from({ length: count }, (_, index) =>
        new Uint8Array(dataBytes).fill(index),
      );

      // Act
      const results = producer.putMany(records);
      await producer.flush();

      // Assess
      const requests = sentRequests(kinesisMock);
      expect(requests.map((input) => recordsOf(input).length)).toEqual(expected);
      for (const input of requests)
        expect(requestBytes(input)).toBeLessThanOrEqual(MAX_BYTES_PER_REQUEST);
      const sentFirstBytes = requests.flatMap((input) => recordsOf(input).map((e) => e.Data?.[0]));
      expect(sentFirstBytes).toEqual(records.map((_, index) => index));
      expect(resultsOf(await results)).toHaveLength(count);
    },
  );

  describe('without flush()', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    it('sends a partial batch once its oldest record waited maxBufferedTimeMs', async () => {
      // Prepare
      const producer = createTestProducer<string>({ maxBufferedTimeMs: 20 });

      // Act
      const results = producer.putMany(['a', 'b', 'c']);
      await vi.advanceTimersByTimeAsync(19);
      const sentBeforeDue = sentRequests(kinesisMock).length;
      await vi.advanceTimersByTimeAsync(1);

      // Assess
      expect(sentBeforeDue).toBe(0);
      const requests = sentRequests(kinesisMock);
      expect(requests.map((input) => recordsOf(input).map(textOf))).toEqual([['a', 'b', 'c']]);
      expect(resultsOf(await results)).toHaveLength(3);
    });

    it('measures the wait from the oldest record still buffered', async () => {
      // Prepare
      const producer = createTestProducer<string>({ maxBufferedTimeMs: 20 });
      const first = producer.put('first');
      await vi.advanceTimersByTimeAsync(20);
      await first;

      // Act
      await vi.advanceTimersByTimeAsync(5);
      const second = producer.put('second');
      await vi.advanceTimersByTimeAsync(19);
      const sentBeforeDue = sentRequests(kinesisMock).length;
      await vi.advanceTimersByTimeAsync(1);

      // Assess
      expect(sentBeforeDue).toBe(1);
      expect(sentTextsByRequest(kinesisMock)).toEqual([['first'], ['second']]);
      await expect(second).resolves.toMatchObject({ attempts: 1 });
    });
  });
});

describe('flush() and close()', () => {
  it('flush() resolves only once Kinesis answered for every buffered record', async () => {
    // Prepare
    const response = createDeferred<void>();
    answerOnceResolved(kinesisMock, response.promise);
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const put = producer.put('a');
    let flushed = false;

    // Act
    const flushing = producer.flush().then(() => {
      flushed = true;
    });
    await nextMacrotask();
    const flushedBeforeResponse = flushed;
    response.resolve();
    await flushing;

    // Assess
    expect(flushedBeforeResponse).toBe(false);
    expect(sentRequests(kinesisMock)).toHaveLength(1);
    await expect(put).resolves.toMatchObject({ attempts: 1 });
  });

  it('flush() on an idle producer resolves without a request', async () => {
    // Prepare
    const producer = createTestProducer();

    // Act
    await producer.flush();

    // Assess
    expect(sentRequests(kinesisMock)).toHaveLength(0);
  });

  it('close() sends every buffered record before it resolves', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const results = producer.putMany(values(750));

    // Act
    await producer.close();

    // Assess
    const requests = sentRequests(kinesisMock);
    expect(requests.map((input) => recordsOf(input).length)).toEqual([500, 250]);
    expect(producer.metrics()).toMatchObject({ recordsPut: 750, buffered: 0, inFlight: 0 });
    expect(resultsOf(await results)).toHaveLength(750);
  });

  it('rejects a put after close() with ProducerClosedError and sends nothing for it', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    await producer.close();

    // Act
    const put = producer.put('late');

    // Assess
    await expect(put).rejects.toBeInstanceOf(ProducerClosedError);
    await expect(put).rejects.toMatchObject({ code: 'PRODUCER_CLOSED' });
    await producer.flush();
    expect(sentRequests(kinesisMock)).toHaveLength(0);
  });

  it('rejects a put made while close() is still flushing', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const early = producer.put('early');

    // Act
    const closing = producer.close();
    const late = producer.put('late');
    await closing;

    // Assess
    await expect(early).resolves.toMatchObject({ attempts: 1 });
    await expect(late).rejects.toBeInstanceOf(ProducerClosedError);
    expect(sentTexts(kinesisMock)).toEqual(['early']);
  });

  it('close() leaves an injected client usable', async () => {
    // Prepare
    const client = createTestClient();
    const destroy = vi.spyOn(client, 'destroy');
    const producer = createProducer<string>({ client, streamName: TEST_STREAM_NAME });
    const put = producer.put('a');

    // Act
    await producer.close();
    await put;

    // Assess
    expect(destroy).not.toHaveBeenCalled();
  });
  it('close() releases a client the producer built from clientConfig', async () => {
    // Prepare
    const destroy = vi.spyOn(KinesisClient.prototype, 'destroy');
    const producer = createProducer<string>({
      clientConfig: {
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      },
      streamName: TEST_STREAM_NAME,
    });
    const put = producer.put('a');

    // Act
    await producer.close();

    // Assess
    await expect(put).resolves.toMatchObject({ attempts: 1 });
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});

describe('results', () => {
  it('resolves each put with the shard, sequence number and attempts of its response entry', async () => {
    // Prepare
    kinesisMock.on(PutRecordsCommand).callsFake((input) => ({
      FailedRecordCount: 0,
      Records: recordsOf(input).map(
        (_, index): PutRecordsResultEntry => ({
          ShardId: `shardId-00000000000${index % 3}`,
          SequenceNumber: sequenceNumberOf(index * 7),
        }),
      ),
    }));
    const producer = createTestProducer<string>();

    // Act
    const results = producer.putMany(values(5));
    // close(), not flush(): the answers name shards the map lacks, and the map re-read that starts
    // would outlive the test.
    await producer.close();

    // Assess
    expect(resultsOf(await results)).toEqual([
      { shardId: 'shardId-000000000000', sequenceNumber: sequenceNumberOf(0), attempts: 1 },
      { shardId: 'shardId-000000000001', sequenceNumber: sequenceNumberOf(7), attempts: 1 },
      { shardId: 'shardId-000000000002', sequenceNumber: sequenceNumberOf(14), attempts: 1 },
      { shardId: 'shardId-000000000000', sequenceNumber: sequenceNumberOf(21), attempts: 1 },
      { shardId: 'shardId-000000000001', sequenceNumber: sequenceNumberOf(28), attempts: 1 },
    ]);
  });

  it('matches results across requests: put 501 gets the first entry of the second response', async () => {
    // Prepare
    let call = 0;
    kinesisMock.on(PutRecordsCommand).callsFake((input) => {
      call += 1;
      const shardId = `shardId-00000000000${call}`;
      return {
        FailedRecordCount: 0,
        Records: recordsOf(input).map((_, index) => ({
          ShardId: shardId,
          SequenceNumber: sequenceNumberOf(call * 1_000 + index),
        })),
      };
    });
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });

    // Act
    const results = producer.putMany(values(501));
    // close(), not flush(): the answers name shards the map lacks, and the map re-read that starts
    // would outlive the test.
    await producer.close();

    // Assess
    const resolved = resultsOf(await results);
    expect(resolved[0]).toEqual({
      shardId: 'shardId-000000000001',
      sequenceNumber: sequenceNumberOf(1_000),
      attempts: 1,
    });
    expect(resolved[499]).toEqual({
      shardId: 'shardId-000000000001',
      sequenceNumber: sequenceNumberOf(1_499),
      attempts: 1,
    });
    expect(resolved[500]).toEqual({
      shardId: 'shardId-000000000002',
      sequenceNumber: sequenceNumberOf(2_000),
      attempts: 1,
    });
  });

  it('counts records, bytes (data + key) and requests in metrics()', async () => {
    // Prepare
    const producer = createTestProducer<string>({
      maxBufferedTimeMs: NEVER_DUE_MS,
      partitionKey: constant('key'),
    });

    // Act
    const results = producer.putMany(['abc', 'de', 'f']);
    const before = producer.metrics();
    await producer.flush();
    await results;

    // Assess
    expect(before).toMatchObject({ buffered: 3, recordsPut: 0, requests: 0 });
    expect(producer.metrics()).toEqual({
      recordsPut: 3,
      bytesPut: 6 + 3 * 3,
      kinesisRecordsPut: 3,
      kinesisBytesPut: 6 + 3 * 3,
      requests: 1,
      retries: 0,
      throttled: 0,
      expired: 0,
      failed: 0,
      possibleDuplicates: 0,
      heldBackRecords: 0,
      heldBackMs: 0,
      heldBackByShard: {},
      shardMapRefreshes: 1,
      buffered: 0,
      bufferedBytes: 0,
      waiting: 0,
      inFlight: 0,
      putLatencyMs: expect.objectContaining({ count: 3 }),
    });
  });

  it('sends StreamARN instead of StreamName when given the ARN', async () => {
    // Prepare
    const streamARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream';
    const producer = createProducer<string>({ client: createTestClient(), streamARN });

    // Act
    await Promise.all([producer.put('a'), producer.flush()]);

    // Assess
    const [input] = sentRequests(kinesisMock);
    expect(input?.StreamARN).toBe(streamARN);
    expect(input).not.toHaveProperty('StreamName');
  });
});

describe('putMany', () => {
  it('settles each value in its own slot: a bad value fails alone, the others are stored', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxRecordBytes: 1_000 });
    const tooLarge = 'x'.repeat(2_000);

    // Act
    const outcomes = await producer.putMany(['a', tooLarge, 'b', '', 'c']);

    // Assess
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, true, true]);
    const failure = outcomes[1];
    expect(failure?.ok === false && failure.error).toBeInstanceOf(RecordTooLargeError);
    const sent = sentTexts(kinesisMock);
    expect(sent).toEqual(['a', 'b', '', 'c']);
  });

  it('takes any iterable, and resolves at once with no outcome for no values', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    function* generated(): Generator<string> {
      yield 'one';
      yield 'two';
    }

    // Act
    const outcomes = await producer.putMany(generated());
    const none = await producer.putMany([]);

    // Assess
    expect(resultsOf(outcomes).map(({ sequenceNumber }) => sequenceNumber)).toHaveLength(2);
    expect(none).toEqual([]);
  });

  it('gives every value ProducerClosedError after close(), as outcomes rather than a rejection', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    await producer.close();

    // Act
    const outcomes = await producer.putMany(['a', 'b']);

    // Assess
    expect(outcomes).toEqual([
      { ok: false, error: expect.any(ProducerClosedError) },
      { ok: false, error: expect.any(ProducerClosedError) },
    ]);
    expect(sentRequests(kinesisMock)).toHaveLength(0);
  });

  it('gives every value PutAbortedError when the signal is already aborted', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));

    // Act
    const outcomes = await producer.putMany(['a', 'b'], { signal: controller.signal });
    await producer.close();

    // Assess
    expect(
      outcomes.every((outcome) => !outcome.ok && outcome.error instanceof PutAbortedError),
    ).toBe(true);
    expect(sentRequests(kinesisMock)).toHaveLength(0);
  });
});

describe('serialization', () => {
  const utf8 = (text: string): number[] => Array.from(new TextEncoder().encode(text));
  /** A serializer that passes bytes through and turns anything else into `bad`. */
  const orBytes =
    (bad: unknown) =>
    (value: unknown): unknown =>
      value instanceof Uint8Array ? value : bad;

  it.each([
    { name: 'a Uint8Array as is', value: new Uint8Array([0, 255, 7]), bytes: [0, 255, 7] },
    { name: 'a Buffer as is', value: Buffer.from([1, 2, 3]), bytes: [1, 2, 3] },
    { name: 'a string as UTF-8', value: 'héllo ✓ 😀', bytes: utf8('héllo ✓ 😀') },
    {
      name: 'an object as JSON',
      value: { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
      bytes: utf8('{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}'),
    },
    { name: 'a number as JSON', value: 42, bytes: utf8('42') },
    { name: 'an array as JSON', value: [1, 'a'], bytes: utf8('[1,"a"]') },
  ])('the default serializer sends $name', async ({ value, bytes }) => {
    // Prepare
    const producer = createTestProducer<unknown>();

    // Act
    await Promise.all([producer.put(value), producer.flush()]);

    // Assess
    const [entry] = recordsOf(sentRequests(kinesisMock)[0]);
    expect(Array.from(entry?.Data ?? [])).toEqual(bytes);
  });

  it('sends what a custom serialize returns, called with the put value', async () => {
    // Prepare
    const serialize = vi.fn((value: { id: number }) => new TextEncoder().encode(`id=${value.id}`));
    const producer = createTestProducer<{ id: number }>({ serialize });

    // Act
    await Promise.all([producer.put({ id: 7 }), producer.flush()]);

    // Assess
    expect(serialize).toHaveBeenCalledWith({ id: 7 });
    const [entry] = recordsOf(sentRequests(kinesisMock)[0]);
    expect(entry && textOf(entry)).toBe('id=7');
  });

  it.each([
    { name: 'the default serializer meets undefined', serialize: undefined, received: 'undefined' },
    { name: 'serialize returns a number', serialize: orBytes(42), received: 'number' },
    { name: 'serialize returns null', serialize: orBytes(null), received: 'null' },
  ])(
    'rejects the put with InvalidDataError when $name, and sends the others',
    async ({ serialize, received }) => {
      // Prepare
      const producer = createTestProducer<unknown>(
        serialize === undefined ? {} : { serialize: serialize as never },
      );

      // Act
      const bad = producer.put(undefined);
      const good = producer.put(new Uint8Array([1]));
      await producer.flush();

      // Assess
      await expect(bad).rejects.toMatchObject({
        name: 'InvalidDataError',
        code: 'INVALID_DATA',
        received,
      });
      await expect(good).resolves.toMatchObject({ attempts: 1 });
      expect(sentRequests(kinesisMock).flatMap(recordsOf)).toHaveLength(1);
    },
  );

  it('sends a string that serialize returns as its UTF-8 bytes', async () => {
    // Prepare
    const producer = createTestProducer<{ id: number }>({ serialize: ({ id }) => `clé ${id} 🌡️` });

    // Act
    await Promise.all([producer.put({ id: 7 }), producer.flush()]);

    // Assess
    const [entry] = recordsOf(sentRequests(kinesisMock)[0]);
    expect(Array.from(entry?.Data ?? [])).toEqual(utf8('clé 7 🌡️'));
  });

  it('rejects the put when serialize throws, and sends nothing for it', async () => {
    // Prepare
    const failure = new TypeError('cannot serialize');
    const producer = createTestProducer<string>({
      serialize: (value) => {
        if (value === 'bad') throw failure;
        return new TextEncoder().encode(value);
      },
    });

    // Act
    const bad = producer.put('bad');
    const good = producer.put('good');
    await producer.flush();

    // Assess
    await expect(bad).rejects.toBe(failure);
    await expect(good).resolves.toMatchObject({ attempts: 1 });
    expect(sentTexts(kinesisMock)).toEqual(['good']);
  });
});

describe('maxInFlight', () => {
  it.each([1, 2, 3])('keeps at most %i PutRecords requests in flight', async (maxInFlight) => {
    // Prepare
    const pending: Array<Deferred<void>> = [];
    let inFlight = 0;
    let peak = 0;
    kinesisMock.on(PutRecordsCommand).callsFake(async (input) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      const response = createDeferred<void>();
      pending.push(response);
      await response.promise;
      inFlight -= 1;
      return responseFor(input);
    });
    const producer = createTestProducer<string>({ maxInFlight, maxBufferedTimeMs: NEVER_DUE_MS });

    // Act
    const results = producer.putMany(values(5 * MAX_RECORDS_PER_REQUEST));
    await nextMacrotask();
    const startedAtOnce = sentRequests(kinesisMock).length;
    const reportedInFlight = producer.metrics().inFlight;
    while (pending.length > 0) {
      pending.shift()?.resolve();
      await nextMacrotask();
    }

    // Assess
    expect(startedAtOnce).toBe(maxInFlight);
    expect(reportedInFlight).toBe(maxInFlight);
    expect(peak).toBe(maxInFlight);
    expect(sentRequests(kinesisMock)).toHaveLength(5);
    expect(resultsOf(await results)).toHaveLength(5 * MAX_RECORDS_PER_REQUEST);
  });

  it.each([0, -1, 1.5])('rejects maxInFlight %s with an InvalidOptionError', (maxInFlight) => {
    // Act
    const create = (): unknown => createTestProducer({ maxInFlight });

    // Assess
    expect(create).toThrow(InvalidOptionError);
  });
});

describe('flush() under a steady stream of puts', () => {
  it('resolves once the records put before it settled, not those put after', async () => {
    // Prepare
    const responses: Array<Deferred<void>> = [];
    kinesisMock.on(PutRecordsCommand).callsFake(async (input) => {
      const response = createDeferred<void>();
      responses.push(response);
      await response.promise;
      return responseFor(input);
    });
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const before = producer.put('before');
    let afterSettled = false;

    // Act
    const flushing = producer.flush();
    await nextMacrotask();
    const after = producer.put('after').finally(() => {
      afterSettled = true;
    });
    await nextMacrotask();
    responses.shift()?.resolve();
    await flushing;

    // Assess
    await expect(before).resolves.toMatchObject({ attempts: 1 });
    expect(afterSettled).toBe(false);
    expect(sentTextsByRequest(kinesisMock)).toEqual([['before'], ['after']]);
    responses.shift()?.resolve();
    await expect(after).resolves.toMatchObject({ attempts: 1 });
  });
});

describe('options', () => {
  it.each<[keyof ProducerSettings<unknown>, unknown]>([
    ['maxBufferedTimeMs', -1],
    ['recordTtlMs', 0],
    ['retryBaseDelayMs', Number.NaN],
    ['rateLimitPercent', 0],
    ['rateLimitPercent', Number.NaN],
    ['maxBufferedRecords', 0],
    ['maxBufferedRecords', 2.5],
    ['maxBufferedBytes', -1],
    ['requestTimeoutMs', 0],
    ['shardMapRefreshMs', 0],
    ['ordering', 'strict'],
    ['onFull', 'drop'],
  ])('rejects a bad %s with an InvalidOptionError naming it', (name, value) => {
    // Act
    const create = (): unknown => createTestProducer({ [name]: value });

    // Assess
    expect(create).toThrow(InvalidOptionError);
    expect(create).toThrow(name);
  });
});
