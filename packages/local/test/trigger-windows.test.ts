// Tumbling windows as the Lambda Developer Guide describes them:
// https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { type KinesisWindowEvent, MAX_WINDOW_STATE_BYTES } from '@kds/consumer';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLocalTrigger,
  createShardReadLimiter,
  type LocalTriggerOptions,
  MalformedResponseError,
  type OnFailureRecord,
  SHARD_END,
  WindowStateTooLargeError,
} from '../src/index.js';
import { fakeStream } from './helpers/fake-stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

const kinesis = mockClient(KinesisClient);

/** A 60-second window: [120 s, 180 s) after the epoch, and the one after it. */
const WINDOW_SECONDS = 60;
const W0 = { start: '1970-01-01T00:02:00Z', end: '1970-01-01T00:03:00Z' };
const W1 = { start: '1970-01-01T00:03:00Z', end: '1970-01-01T00:04:00Z' };
const IN_W0 = 130_000;
const END_OF_W0 = 180_000;
const IN_W1 = 190_000;

interface Seen {
  readonly shardId: string;
  readonly texts: string[];
  readonly state: unknown;
  readonly window: { start: string; end: string };
  readonly final: boolean;
  readonly early: boolean;
}

type CountState = { count?: number; texts?: string[] };

/** Folds the texts of the records into `{ count, texts }`; `behave` may answer otherwise. */
function recordingHandler(
  seen: Seen[],
  behave: (seen: Seen, call: number) => unknown = () => undefined,
): LocalTriggerOptions['handler'] {
  return async (raw) => {
    const event = raw as KinesisWindowEvent<CountState>;
    const texts = event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString());
    const entry: Seen = {
      shardId: event.shardId,
      texts,
      state: event.state,
      window: event.window,
      final: event.isFinalInvokeForWindow,
      early: event.isWindowTerminatedEarly,
    };
    seen.push(entry);
    const answer = behave(entry, seen.length);
    if (answer instanceof Error) throw answer;
    if (answer !== undefined) return answer as never;
    const state = event.state as CountState;
    return {
      state: {
        count: (state.count ?? 0) + texts.length,
        texts: [...(state.texts ?? []), ...texts],
      },
    };
  };
}

const until = (condition: () => boolean): Promise<void> =>
  vi.waitFor(
    () => {
      if (!condition()) throw new Error('not yet');
    },
    { timeout: WAIT_GUARD.timeoutMs, interval: 5 },
  );

const of = (seen: readonly Seen[], shardId: string) =>
  seen
    .filter((entry) => entry.shardId === shardId)
    .map(({ texts, state, window, final, early }) => ({ texts, state, window, final, early }));

function windowedTrigger(
  handler: LocalTriggerOptions['handler'],
  clock: () => number,
  extra: Partial<LocalTriggerOptions> = {},
) {
  return createLocalTrigger({
    client: new KinesisClient({ region: 'us-east-1' }),
    streamName: 'S',
    startingPosition: 'TRIM_HORIZON',
    tumblingWindowInSeconds: WINDOW_SECONDS,
    retryDelayMs: 0,
    readLimiter: createShardReadLimiter({ intervalMs: 0 }),
    clock,
    handler,
    ...extra,
  } as LocalTriggerOptions);
}

describe('local trigger with tumblingWindowInSeconds (mocked Kinesis)', () => {
  beforeEach(() => {
    kinesis.reset();
  });

  it('carries the state per shard and window, ends each window with a final invocation of no records once the clock passes its end, and checkpoints then', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A', 'B']);
    stream.put('A', 'a1', IN_W0);
    stream.put('A', 'a2', IN_W0 + 1_000);
    const lastOfB = stream.put('B', 'b1', IN_W0 + 2_000);
    let now = IN_W0;
    const seen: Seen[] = [];
    const trigger = windowedTrigger(recordingHandler(seen), () => now, { batchSize: 1 });

    // Act: the records are handled, but the window is still open.
    await trigger.start();
    await until(() => seen.length === 3);
    const beforeTheEnd = { checkpoints: trigger.checkpoints(), seen: [...seen] };
    now = END_OF_W0;
    await trigger.waitForCheckpoints({ B: lastOfB }, WAIT_GUARD);
    await until(() => of(seen, 'A').some((entry) => entry.final));
    await trigger.stop();

    // Assess
    expect(beforeTheEnd.checkpoints).toEqual({});
    expect(beforeTheEnd.seen.some((entry) => entry.final)).toBe(false);
    const plain = { window: W0, final: false, early: false };
    expect(of(seen, 'A')).toEqual([
      { ...plain, texts: ['a1'], state: {} },
      { ...plain, texts: ['a2'], state: { count: 1, texts: ['a1'] } },
      { ...plain, texts: [], state: { count: 2, texts: ['a1', 'a2'] }, final: true },
    ]);
    expect(of(seen, 'B')).toEqual([
      { ...plain, texts: ['b1'], state: {} },
      { ...plain, texts: [], state: { count: 1, texts: ['b1'] }, final: true },
    ]);
    expect(Object.keys(trigger.checkpoints()).sort()).toEqual(['A', 'B']);
  });

  it('closes a window when a record of a later window arrives, before delivering that record in a fresh state', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A']);
    stream.put('A', 'a1', IN_W0);
    const last = stream.put('A', 'a2', IN_W1);
    const seen: Seen[] = [];
    const trigger = windowedTrigger(recordingHandler(seen), () => 0);

    // Act
    await trigger.start();
    await until(() => seen.length === 3);
    await trigger.stop();

    // Assess: the clock never moved; the record of W1 ended W0. W1 stays open, held back.
    expect(of(seen, 'A')).toEqual([
      { texts: ['a1'], state: {}, window: W0, final: false, early: false },
      { texts: [], state: { count: 1, texts: ['a1'] }, window: W0, final: true, early: false },
      { texts: ['a2'], state: {}, window: W1, final: false, early: false },
    ]);
    expect(BigInt(trigger.checkpoints().A ?? '0')).toBeLessThan(BigInt(last));
  });

  it('through a reshard 2 → 1: each parent ends its window at its end, and the child starts the same window in a fresh state', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A', 'B']);
    stream.put('A', 'a1', IN_W0);
    stream.put('B', 'b1', IN_W0 + 1_000);
    stream.reshard(['A', 'B'], ['C']);
    const lastOfC = stream.put('C', 'c1', IN_W0 + 2_000);
    let now = IN_W0;
    const seen: Seen[] = [];
    const trigger = windowedTrigger(recordingHandler(seen), () => now);

    // Act
    await trigger.start();
    await until(() => seen.some((entry) => entry.shardId === 'C'));
    const parentsDone = trigger.checkpoints();
    now = END_OF_W0;
    await trigger.waitForCheckpoints({ C: lastOfC }, WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(parentsDone).toEqual({ A: SHARD_END, B: SHARD_END });
    const final = { window: W0, final: true, early: false, texts: [] };
    expect(of(seen, 'A')).toEqual([
      { texts: ['a1'], state: {}, window: W0, final: false, early: false },
      { ...final, state: { count: 1, texts: ['a1'] } },
    ]);
    expect(of(seen, 'B').at(-1)).toEqual({ ...final, state: { count: 1, texts: ['b1'] } });
    expect(of(seen, 'C')).toEqual([
      { texts: ['c1'], state: {}, window: W0, final: false, early: false },
      { ...final, state: { count: 1, texts: ['c1'] } },
    ]);
  });

  it('retries a failed invocation with the state from before it, and takes the state of a partial batch response up to its failure', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A']);
    stream.put('A', 'a1', IN_W0);
    const a2 = stream.put('A', 'a2', IN_W0 + 1);
    stream.put('A', 'a3', IN_W0 + 2);
    const last = stream.put('A', 'a4', IN_W0 + 3);
    let now = IN_W0;
    const seen: Seen[] = [];
    const handler = recordingHandler(seen, (_entry, call) => {
      // First call: a1 a2 a3 → a1 folded, a2 reported. Second: a2 a3 → throws.
      if (call === 1) {
        return { state: { count: 1, texts: ['a1'] }, batchItemFailures: [{ itemIdentifier: a2 }] };
      }
      return call === 2 ? new Error('downstream unavailable') : undefined;
    });
    const trigger = windowedTrigger(handler, () => now, {
      batchSize: 3,
      functionResponseTypes: ['ReportBatchItemFailures'],
    });

    // Act
    await trigger.start();
    await until(() => seen.some((entry) => entry.texts.includes('a4')));
    now = END_OF_W0;
    await trigger.waitForCheckpoints({ A: last }, WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(of(seen, 'A').map(({ texts, state, final }) => ({ texts, state, final }))).toEqual([
      { texts: ['a1', 'a2', 'a3'], state: {}, final: false },
      { texts: ['a2', 'a3'], state: { count: 1, texts: ['a1'] }, final: false },
      { texts: ['a2', 'a3'], state: { count: 1, texts: ['a1'] }, final: false },
      { texts: ['a4'], state: { count: 3, texts: ['a1', 'a2', 'a3'] }, final: false },
      { texts: [], state: { count: 4, texts: ['a1', 'a2', 'a3', 'a4'] }, final: true },
    ]);
  });

  it('fails an invocation whose response has no state (Lambda treats it as failed), and retries a failed final invocation until it succeeds', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A']);
    const only = stream.put('A', 'a1', IN_W0);
    const seen: Seen[] = [];
    const failures: OnFailureRecord[] = [];
    const errors: unknown[] = [];
    let finals = 0;
    const handler = recordingHandler(seen, (entry) => {
      if (!entry.final) return { batchItemFailures: [] };
      finals += 1;
      return finals === 1 ? new Error('table unavailable') : undefined;
    });
    const trigger = windowedTrigger(handler, () => END_OF_W0, {
      maximumRetryAttempts: 0,
      onFailure: (record, details) => {
        failures.push(record);
        errors.push(details.error);
      },
      onError: (error) => errors.push(error),
    });

    // Act
    await trigger.start();
    await trigger.waitForCheckpoints({ A: only }, WAIT_GUARD);
    await trigger.stop();

    // Assess: the record was given up (OnFailure); the window still ended, its final retried.
    expect(failures.map((record) => record.KinesisBatchInfo.batchSize)).toEqual([1]);
    expect(errors[0]).toBeInstanceOf(MalformedResponseError);
    expect(errors[1]).toEqual(new Error('table unavailable'));
    expect(of(seen, 'A').map(({ texts, state, final }) => ({ texts, state, final }))).toEqual([
      { texts: ['a1'], state: {}, final: false },
      { texts: [], state: {}, final: true },
      { texts: [], state: {}, final: true },
    ]);
  });

  it('terminates a window early when the state passes 1 MB: a final invocation with the last state that fitted, then the batch again in a fresh state; a batch that overflows even a fresh state fails with WindowStateTooLargeError', async () => {
    // Prepare
    const stream = fakeStream(kinesis, ['A']);
    stream.put('A', 'a1', IN_W0);
    stream.put('A', 'big', IN_W0 + 1);
    const last = stream.put('A', 'a3', IN_W0 + 2);
    const seen: Seen[] = [];
    const errors: unknown[] = [];
    const failed: unknown[] = [];
    const oversized = { blob: 'x'.repeat(MAX_WINDOW_STATE_BYTES) };
    const handler = recordingHandler(seen, (entry) =>
      entry.texts.includes('big') ? { state: oversized } : undefined,
    );
    let now = IN_W0;
    const trigger = windowedTrigger(handler, () => now, {
      batchSize: 1,
      maximumRetryAttempts: 0,
      onFailure: (_record, details) => {
        failed.push(details.error);
      },
      onError: (error) => errors.push(error),
    });

    // Act
    await trigger.start();
    await until(() => seen.some((entry) => entry.texts.includes('a3')));
    now = END_OF_W0;
    await trigger.waitForCheckpoints({ A: last }, WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(
      of(seen, 'A').map(({ texts, state, final, early }) => ({ texts, state, final, early })),
    ).toEqual([
      { texts: ['a1'], state: {}, final: false, early: false },
      { texts: ['big'], state: { count: 1, texts: ['a1'] }, final: false, early: false },
      { texts: [], state: { count: 1, texts: ['a1'] }, final: true, early: true },
      { texts: ['big'], state: {}, final: false, early: false },
      { texts: ['a3'], state: {}, final: false, early: false },
      { texts: [], state: { count: 1, texts: ['a3'] }, final: true, early: false },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WindowStateTooLargeError);
    expect(errors[0]).toMatchObject({
      code: 'WINDOW_STATE_TOO_LARGE',
      shardId: 'A',
      windowStart: W0.start,
    });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(WindowStateTooLargeError);
  });
});
