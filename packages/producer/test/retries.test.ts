import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  constant,
  PutRecordsErrorCode,
  RecordExpiredError,
  RecordThrottledError,
  RequestFailedError,
  RequestTimeoutError,
} from '../src/index.js';
import {
  answerFirstRequestWith,
  byAttempt,
  createTestProducer,
  evenShards,
  FAST_RETRIES,
  fakeStream,
  mockShards,
  recordsOf,
  rejectFirstRequestWith,
  responseFor,
  resultsOf,
  sdkError,
  sentRequests,
  textOf,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const { ProvisionedThroughputExceeded, InternalFailure } = PutRecordsErrorCode;

beforeEach(() => {
  kinesisMock.reset();
  mockShards(kinesisMock);
});

describe('failed entries of a response', () => {
  it.each([ProvisionedThroughputExceeded, InternalFailure])(
    're-sends only the entries that failed with %s',
    async (errorCode) => {
      // Prepare
      answerFirstRequestWith(kinesisMock, (_, index) =>
        index % 2 === 1 ? { ok: false, errorCode } : { ok: true },
      );
      const producer = createTestProducer<string>({
        ...FAST_RETRIES,
        partitionKey: (v) => `k-${v}`,
      });

      // Act
      const results = producer.putMany(['r0', 'r1', 'r2', 'r3']);
      await producer.flush();

      // Assess
      const [first, second] = sentRequests(kinesisMock);
      expect(recordsOf(first).map(textOf)).toEqual(['r0', 'r1', 'r2', 'r3']);
      expect(
        recordsOf(second).map((entry) => ({ data: textOf(entry), key: entry.PartitionKey })),
      ).toEqual([
        { data: 'r1', key: 'k-r1' },
        { data: 'r3', key: 'k-r3' },
      ]);
      expect(sentRequests(kinesisMock)).toHaveLength(2);
      expect(resultsOf(await results).map((result) => result.attempts)).toEqual([1, 2, 1, 2]);
    },
  );

  it('re-sends the 500 throttled entries of a full batch together, in one request', async () => {
    // Prepare
    answerFirstRequestWith(kinesisMock, () => ({
      ok: false,
      errorCode: ProvisionedThroughputExceeded,
    }));
    const producer = createTestProducer<string>(FAST_RETRIES);
    const values = Array.from({ length: 500 }, (_, index) => `r${index}`);

    // Act
    const results = producer.putMany(values);
    await producer.flush();

    // Assess
    const requests = sentRequests(kinesisMock);
    expect(requests).toHaveLength(2);
    expect(recordsOf(requests[1]).map(textOf)).toEqual(values);
    expect(resultsOf(await results).every((result) => result.attempts === 2)).toBe(true);
  });

  it('counts retries and throttled entries in metrics()', async () => {
    // Prepare
    answerFirstRequestWith(kinesisMock, (_, index) => {
      if (index === 1) return { ok: false, errorCode: ProvisionedThroughputExceeded };
      if (index === 3) return { ok: false, errorCode: InternalFailure };
      return { ok: true };
    });
    const producer = createTestProducer<string>(FAST_RETRIES);

    // Act
    const results = producer.putMany(['r0', 'r1', 'r2', 'r3']);
    await producer.flush();
    await results;

    // Assess
    expect(producer.metrics()).toMatchObject({
      recordsPut: 4,
      requests: 2,
      retries: 2,
      throttled: 1,
      expired: 0,
      failed: 0,
    });
  });

  it('resolves a re-sent record with the entry of the response that accepted it', async () => {
    // Prepare
    kinesisMock
      .on(PutRecordsCommand)
      .callsFakeOnce((input) =>
        responseFor(input, () => ({ ok: false, errorCode: ProvisionedThroughputExceeded })),
      )
      .callsFake(() => ({
        FailedRecordCount: 0,
        Records: [
          {
            ShardId: 'shardId-000000000003',
            SequenceNumber: '49590338271490256608559692538361571095921575989136588898',
          },
        ],
      }));
    const producer = createTestProducer<string>(FAST_RETRIES);

    // Act
    const result = producer.put('r0');
    // close(), not flush(): the answers name shards the map lacks, and the map re-read that starts
    // would outlive the test.
    await producer.close();

    // Assess
    await expect(result).resolves.toEqual({
      shardId: 'shardId-000000000003',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      attempts: 2,
    });
  });

  it('keeps the ExplicitHashKey of a re-sent record', async () => {
    // Prepare
    answerFirstRequestWith(kinesisMock, () => ({ ok: false, errorCode: InternalFailure }));
    const producer = createTestProducer<string>({ ...FAST_RETRIES, partitionKey: constant('a') });

    // Act
    const result = producer.put('r0', {
      explicitHashKey: '170141183460469231731687303715884105728',
    });
    await producer.flush();

    // Assess
    await expect(result).resolves.toMatchObject({ attempts: 2 });
    const [, second] = sentRequests(kinesisMock);
    expect(recordsOf(second)).toEqual([
      expect.objectContaining({
        PartitionKey: 'a',
        ExplicitHashKey: '170141183460469231731687303715884105728',
      }),
    ]);
  });

  it('re-sends an entry the response left out', async () => {
    // Prepare
    kinesisMock
      .on(PutRecordsCommand)
      .callsFakeOnce((input) => {
        const response = responseFor(input);
        return { ...response, Records: response.Records?.slice(0, 1) };
      })
      .callsFake((input) => responseFor(input));
    const producer = createTestProducer<string>(FAST_RETRIES);

    // Act
    const results = producer.putMany(['r0', 'r1']);
    await producer.flush();

    // Assess
    expect(resultsOf(await results).map((result) => result.attempts)).toEqual([1, 2]);
    expect(recordsOf(sentRequests(kinesisMock)[1]).map(textOf)).toEqual(['r1']);
  });
});

describe('record time to live', () => {
  it('rejects a record throttled until recordTtlMs ran out with RecordExpiredError', async () => {
    // Prepare
    kinesisMock
      .on(PutRecordsCommand)
      .callsFake((input) =>
        responseFor(input, () => ({ ok: false, errorCode: ProvisionedThroughputExceeded })),
      );
    const producer = createTestProducer<string>({
      recordTtlMs: 200,
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 40,
    });

    // Act
    const outcome = await producer.put('r0').catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(RecordExpiredError);
    const requests = sentRequests(kinesisMock).length;
    expect(outcome).toMatchObject({
      code: 'RECORD_EXPIRED',
      lastErrorCode: ProvisionedThroughputExceeded,
      attempts: requests,
    });
    expect(requests).toBeGreaterThan(1);
    expect(producer.metrics()).toMatchObject({ expired: 1, throttled: requests, recordsPut: 0 });
  });

  it('names the request error as lastErrorCode and keeps it as cause', async () => {
    // Prepare
    const unavailable = sdkError('ServiceUnavailable', 503);
    kinesisMock.on(PutRecordsCommand).rejects(unavailable);
    const producer = createTestProducer<string>({
      recordTtlMs: 100,
      maxBufferedTimeMs: 1,
      ...FAST_RETRIES,
    });

    // Act
    const outcome = await producer.put('r0').catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(RecordExpiredError);
    expect(outcome).toMatchObject({ lastErrorCode: 'ServiceUnavailable', cause: unavailable });
  });
});

describe('errors of the whole request', () => {
  it.each([
    { name: 'ServiceUnavailable (503)', error: sdkError('ServiceUnavailable', 503) },
    { name: 'InternalFailure (500)', error: sdkError('InternalFailure', 500) },
    { name: 'ThrottlingException (400)', error: sdkError('ThrottlingException', 400) },
    {
      name: 'a network error without $metadata',
      error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    },
    { name: 'a TimeoutError without $metadata', error: sdkError('TimeoutError') },
  ])('retries the batch after $name, then resolves', async ({ error }) => {
    // Prepare
    rejectFirstRequestWith(kinesisMock, error);
    const producer = createTestProducer<string>(FAST_RETRIES);

    // Act
    const results = producer.putMany(['r0', 'r1']);
    await producer.flush();

    // Assess
    expect(resultsOf(await results).map((result) => result.attempts)).toEqual([2, 2]);
    const [first, second] = sentRequests(kinesisMock);
    expect(recordsOf(second).map(textOf)).toEqual(recordsOf(first).map(textOf));
    expect(producer.metrics()).toMatchObject({ retries: 2, recordsPut: 2, failed: 0 });
  });

  it.each(['ResourceNotFoundException', 'AccessDeniedException', 'ValidationException'])(
    'rejects every put of the batch after %s (400) with RequestFailedError, without retrying',
    async (errorName) => {
      // Prepare
      const error = sdkError(errorName, 400);
      kinesisMock.on(PutRecordsCommand).rejects(error);
      const producer = createTestProducer<string>(FAST_RETRIES);

      // Act
      const settled = Promise.allSettled(['r0', 'r1', 'r2'].map((value) => producer.put(value)));
      await producer.flush();
      const outcomes = await settled;

      // Assess
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'rejected',
        'rejected',
        'rejected',
      ]);
      for (const outcome of outcomes) {
        if (outcome.status !== 'rejected') continue;
        expect(outcome.reason).toBeInstanceOf(RequestFailedError);
        expect(outcome.reason).toMatchObject({ code: 'REQUEST_FAILED', errorName, cause: error });
      }
      expect(sentRequests(kinesisMock)).toHaveLength(1);
      expect(producer.metrics()).toMatchObject({ failed: 3, retries: 0, recordsPut: 0 });
    },
  );

  it('fails only the batch whose request failed', async () => {
    // Prepare
    const error = sdkError('ResourceNotFoundException', 400);
    rejectFirstRequestWith(kinesisMock, error);
    const producer = createTestProducer<string>({ maxBufferedTimeMs: 60_000 });
    const values = Array.from({ length: 501 }, (_, index) => `r${index}`);

    // Act
    const settled = Promise.allSettled(values.map((value) => producer.put(value)));
    await producer.flush();
    const outcomes = await settled;

    // Assess
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(500);
    expect(outcomes[500]).toEqual({
      status: 'fulfilled',
      value: expect.objectContaining({ attempts: 1 }),
    });
  });
});

describe('partial failures', () => {
  it('retries only what failed, round after round, until every record is accepted', async () => {
    // Prepare: record i fails its first (i mod 4) attempts, with alternating codes.
    const stream = fakeStream(kinesisMock, evenShards(2));
    stream.outcome = byAttempt((data, attempt) => {
      const failures = Number(data.slice(1)) % 4;
      if (attempt > failures) return { ok: true };
      return {
        ok: false,
        errorCode: attempt % 2 === 1 ? ProvisionedThroughputExceeded : InternalFailure,
      };
    });
    const producer = createTestProducer<string>(FAST_RETRIES);
    const values = Array.from({ length: 40 }, (_, index) => `r${index}`);

    // Act
    const outcomes = producer.putMany(values);
    await producer.flush();

    // Assess
    expect(resultsOf(await outcomes).map((result) => result.attempts)).toEqual(
      values.map((_, index) => (index % 4) + 1),
    );
    expect(sentRequests(kinesisMock).map((input) => recordsOf(input).length)).toEqual([
      40, 30, 20, 10,
    ]);
    expect(stream.accepted.map((entry) => entry.data).sort()).toEqual([...values].sort());
    expect(producer.metrics()).toMatchObject({ recordsPut: 40, retries: 60, throttled: 40 });
  });
});

describe('failIfThrottled', () => {
  it('fails throttled entries at once with RecordThrottledError and still retries the others', async () => {
    // Prepare
    answerFirstRequestWith(kinesisMock, (_, index) => {
      if (index === 0) return { ok: false, errorCode: ProvisionedThroughputExceeded };
      if (index === 1) return { ok: false, errorCode: InternalFailure };
      return { ok: true };
    });
    const producer = createTestProducer<string>({ ...FAST_RETRIES, failIfThrottled: true });

    // Act
    const [throttled, internal, fine] = await Promise.allSettled(
      ['r0', 'r1', 'r2'].map((value) => producer.put(value)),
    );

    // Assess
    expect(throttled).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({
        code: 'RECORD_THROTTLED',
        errorCode: ProvisionedThroughputExceeded,
        attempts: 1,
      }),
    });
    expect(throttled?.status === 'rejected' && throttled.reason).toBeInstanceOf(
      RecordThrottledError,
    );
    expect(internal).toMatchObject({ status: 'fulfilled', value: { attempts: 2 } });
    expect(fine).toMatchObject({ status: 'fulfilled', value: { attempts: 1 } });
    expect(recordsOf(sentRequests(kinesisMock)[1]).map(textOf)).toEqual(['r1']);
    expect(producer.metrics()).toMatchObject({ throttled: 1, failed: 1, retries: 1 });
  });

  it('fails every record of a throttled request at once', async () => {
    // Prepare
    kinesisMock.on(PutRecordsCommand).rejects(sdkError('ThrottlingException', 400));
    const producer = createTestProducer<string>({ ...FAST_RETRIES, failIfThrottled: true });

    // Act
    const outcomes = await Promise.allSettled(['r0', 'r1'].map((value) => producer.put(value)));

    // Assess
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: expect.objectContaining({
          code: 'RECORD_THROTTLED',
          errorCode: 'ThrottlingException',
        }),
      });
    }
    expect(sentRequests(kinesisMock)).toHaveLength(1);
  });

  it('is off by default: a throttled entry is retried', async () => {
    // Prepare
    answerFirstRequestWith(kinesisMock, () => ({
      ok: false,
      errorCode: ProvisionedThroughputExceeded,
    }));
    const producer = createTestProducer<string>(FAST_RETRIES);

    // Act
    const result = producer.put('r0');

    // Assess
    await expect(result).resolves.toMatchObject({ attempts: 2 });
  });
});

describe('requests with an unknown outcome', () => {
  it('abandons a request unanswered after requestTimeoutMs, retries it and counts possible duplicates', async () => {
    // Prepare
    kinesisMock
      .on(PutRecordsCommand)
      .callsFakeOnce(() => new Promise(() => undefined))
      .callsFake((input) => responseFor(input));
    const producer = createTestProducer<string>({ ...FAST_RETRIES, requestTimeoutMs: 50 });

    // Act
    const outcomes = producer.putMany(['r0', 'r1', 'r2']);
    await producer.flush();

    // Assess
    expect(resultsOf(await outcomes).map((result) => result.attempts)).toEqual([2, 2, 2]);
    expect(producer.metrics()).toMatchObject({ possibleDuplicates: 3, retries: 3, recordsPut: 3 });
    const [first, second] = sentRequests(kinesisMock);
    expect(recordsOf(second).map(textOf)).toEqual(recordsOf(first).map(textOf));
  });

  it('names RequestTimeout as the last error of a record that expires that way', async () => {
    // Prepare
    kinesisMock.on(PutRecordsCommand).callsFake(() => new Promise(() => undefined));
    const producer = createTestProducer<string>({
      ...FAST_RETRIES,
      requestTimeoutMs: 30,
      recordTtlMs: 100,
      maxBufferedTimeMs: 1,
    });

    // Act
    const outcome = await producer.put('r0').catch((error: unknown) => error);

    // Assess
    expect(outcome).toBeInstanceOf(RecordExpiredError);
    expect(outcome).toMatchObject({ lastErrorCode: 'RequestTimeout' });
    expect((outcome as Error).cause).toBeInstanceOf(RequestTimeoutError);
    expect(producer.metrics().possibleDuplicates).toBeGreaterThanOrEqual(1);
  });

  it.each([
    {
      name: 'a reset connection (ECONNRESET)',
      error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      counted: true,
    },
    { name: 'a socket hang up', error: new Error('socket hang up'), counted: true },
    { name: "the SDK's TimeoutError", error: sdkError('TimeoutError'), counted: true },
    {
      name: 'a refused connection (ECONNREFUSED)',
      error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      counted: false,
    },
    { name: 'an answered 503', error: sdkError('ServiceUnavailable', 503), counted: false },
  ])(
    'after $name, retries and counts possible duplicates: $counted',
    async ({ error, counted }) => {
      // Prepare
      rejectFirstRequestWith(kinesisMock, error);
      const producer = createTestProducer<string>(FAST_RETRIES);

      // Act
      const outcomes = producer.putMany(['r0', 'r1']);
      await producer.flush();

      // Assess
      expect(resultsOf(await outcomes).map((result) => result.attempts)).toEqual([2, 2]);
      expect(producer.metrics().possibleDuplicates).toBe(counted ? 2 : 0);
    },
  );
});
