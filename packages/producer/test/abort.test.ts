import { getEventListeners } from 'node:events';
import { PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { describe, expect, it, vi } from 'vitest';
import { PutAbortedError, PutRecordsErrorCode } from '../src/index.js';
import {
  answerFirstRequestWith,
  answerOnceResolved,
  createDeferred,
  createTestProducer,
  FAST_RETRIES,
  nextMacrotask,
  responseFor,
  sentRequests,
  sentTexts,
  useAcceptingStream,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const NEVER_DUE_MS = 60_000;
useAcceptingStream(kinesisMock);

describe('AbortSignal', () => {
  it('rejects a put whose signal already fired, and sends nothing', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    const reason = new Error('user gave up');

    // Act
    const put = producer.put('r0', { signal: AbortSignal.abort(reason) });
    await producer.flush();

    // Assess
    await expect(put).rejects.toBeInstanceOf(PutAbortedError);
    await expect(put).rejects.toMatchObject({ code: 'PUT_ABORTED', cause: reason });
    expect(sentTexts(kinesisMock)).toEqual([]);
  });

  it('takes a buffered record out before it is sent; the others go', async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedTimeMs: NEVER_DUE_MS });
    const controller = new AbortController();
    const kept = producer.put('kept');
    const cancelled = producer.put('cancelled', { signal: controller.signal });
    await nextMacrotask();

    // Act
    controller.abort();
    await producer.flush();

    // Assess
    await expect(cancelled).rejects.toBeInstanceOf(PutAbortedError);
    await expect(kept).resolves.toMatchObject({ attempts: 1 });
    expect(sentTexts(kinesisMock)).toEqual(['kept']);
    expect(producer.metrics()).toMatchObject({ buffered: 0, failed: 1 });
  });

  it('cancels a put waiting for room', async () => {
    // Prepare
    const response = createDeferred<void>();
    answerOnceResolved(kinesisMock, response.promise);
    const producer = createTestProducer<string>({ maxBufferedRecords: 1, maxBufferedTimeMs: 0 });
    const controller = new AbortController();
    const first = producer.put('first');
    const waiting = producer.put('waiting', { signal: controller.signal });
    await nextMacrotask();
    const waitingBefore = producer.metrics().waiting;

    // Act
    controller.abort();
    response.resolve();
    await producer.flush();

    // Assess
    expect(waitingBefore).toBe(1);
    await expect(waiting).rejects.toBeInstanceOf(PutAbortedError);
    await expect(first).resolves.toMatchObject({ attempts: 1 });
    expect(sentTexts(kinesisMock)).toEqual(['first']);
  });

  it('does not recall a record already in a request: if Kinesis accepts it, the put resolves', async () => {
    // Prepare
    const response = createDeferred<void>();
    answerOnceResolved(kinesisMock, response.promise);
    const producer = createTestProducer<string>({ maxBufferedTimeMs: 0 });
    const controller = new AbortController();
    const put = producer.put('r0', { signal: controller.signal });
    await nextMacrotask();

    // Act
    controller.abort();
    response.resolve();

    // Assess
    await expect(put).resolves.toMatchObject({ attempts: 1 });
  });

  it('does not retry a record whose signal fired while it was in a request that failed', async () => {
    // Prepare
    const response = createDeferred<void>();
    kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
      await response.promise;
      return responseFor(input, () => ({
        ok: false,
        errorCode: PutRecordsErrorCode.InternalFailure,
      }));
    });
    const producer = createTestProducer<string>({ ...FAST_RETRIES, maxBufferedTimeMs: 0 });
    const controller = new AbortController();
    const put = producer.put('r0', { signal: controller.signal });
    await nextMacrotask();

    // Act
    controller.abort('stop');
    response.resolve();

    // Assess
    await expect(put).rejects.toMatchObject({ code: 'PUT_ABORTED', cause: 'stop' });
    expect(sentRequests(kinesisMock)).toHaveLength(1);
  });

  it('cancels a record waiting out its retry delay', async () => {
    // Prepare
    vi.useFakeTimers();
    // The retry delay is drawn from [0, 1,000) ms: pinned to 500 ms, it cannot end at once.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    answerFirstRequestWith(kinesisMock, () => ({
      ok: false,
      errorCode: PutRecordsErrorCode.InternalFailure,
    }));
    const producer = createTestProducer<string>({ retryBaseDelayMs: 1_000, maxBufferedTimeMs: 0 });
    const controller = new AbortController();
    const put = producer.put('r0', { signal: controller.signal });
    put.catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    const backingOff = producer.metrics();

    // Act
    controller.abort();
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect(backingOff).toMatchObject({ requests: 1, retries: 1, buffered: 1 });
    await expect(put).rejects.toBeInstanceOf(PutAbortedError);
    expect(sentRequests(kinesisMock)).toHaveLength(1);
    expect(producer.metrics().buffered).toBe(0);
  });

  it('stops listening to the signal once the put settled', async () => {
    // Prepare
    const producer = createTestProducer<string>();
    const controller = new AbortController();

    // Act
    const puts = [
      producer.put('a', { signal: controller.signal }),
      producer.put('b', { signal: controller.signal }),
    ];
    const listening = getEventListeners(controller.signal, 'abort').length;
    await producer.flush();
    await Promise.all(puts);

    // Assess
    expect(listening).toBe(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
