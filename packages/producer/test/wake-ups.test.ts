import { afterEach, expect, it, vi } from 'vitest';
import {
  answerOnceResolved,
  createDeferred,
  createTestProducer,
  resetToAcceptingStream,
  sentRequests,
  sentTextsByRequest,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

// This file holds one test on its own on purpose. It counts every setTimeout call in the process,
// and a producer that another test left open would add its own: a shard-map refresh and that
// request's timeout, whenever its interval ends. Vitest runs each file in a fresh process.

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

it('sends a due record as soon as a request slot frees up, without polling meanwhile', async () => {
  // Prepare
  resetToAcceptingStream(kinesisMock);
  vi.useFakeTimers();
  const response = createDeferred<void>();
  answerOnceResolved(kinesisMock, response.promise);
  const producer = createTestProducer<string>({ maxInFlight: 1, maxBufferedTimeMs: 10 });
  const first = producer.put('first');
  await vi.advanceTimersByTimeAsync(10);
  const second = producer.put('second');

  const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');

  // Act
  await vi.advanceTimersByTimeAsync(1_000);
  const wakeUpsWhileBusy = setTimeoutSpy.mock.calls.length;
  const sentWhileBusy = sentRequests(kinesisMock).length;
  response.resolve();
  await vi.advanceTimersByTimeAsync(0);

  // Assess
  expect(sentWhileBusy).toBe(1);
  expect(wakeUpsWhileBusy).toBeLessThanOrEqual(1);
  await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  expect(sentTextsByRequest(kinesisMock)).toEqual([['first'], ['second']]);
  await producer.close();
});
