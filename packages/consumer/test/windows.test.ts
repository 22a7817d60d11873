import { readFileSync } from 'node:fs';
import { type Reading, ReadingSchema } from '@kds/schema';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  createDecoder,
  createWindowedHandler,
  isWindowEvent,
  type KinesisStreamRecord,
  type KinesisWindowEvent,
  MAX_WINDOW_STATE_BYTES,
  PoisonPolicy,
  type WindowEnd,
  WindowStateError,
  windowStateBytes,
} from '../src/index.js';
import { encodeText, makeJsonRecord, makeReading, sequenceNumber } from './helpers/records.js';

const Stats = z.record(z.string(), z.object({ count: z.number(), max: z.number() }));
type Stats = z.infer<typeof Stats>;

function windowEvent(
  records: KinesisStreamRecord[],
  overrides: Partial<KinesisWindowEvent<unknown>> = {},
): KinesisWindowEvent<unknown> {
  return {
    Records: records,
    window: { start: '2026-11-26T10:00:00Z', end: '2026-11-26T10:01:00Z' },
    state: {},
    shardId: 'shardId-000000000006',
    eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
    ...overrides,
  };
}

function statsHandler(poison: 'skip' | 'fail' = PoisonPolicy.Skip) {
  const ended: Array<{ state: Stats; window: WindowEnd }> = [];
  const handler = createWindowedHandler({
    decoder: createDecoder({ schema: ReadingSchema }),
    state: Stats,
    initial: (): Stats => ({}),
    aggregate: (state, reading: Reading) => {
      const previous = state[reading.Spot] ?? { count: 0, max: Number.NEGATIVE_INFINITY };
      state[reading.Spot] = {
        count: previous.count + 1,
        max: Math.max(previous.max, reading.Temperature),
      };
      return state;
    },
    onWindowEnd: (state, window) => {
      ended.push({ state, window });
    },
    poison,
  });
  return { handler, ended };
}

const reading = (index: number, overrides: Partial<Reading> = {}): KinesisStreamRecord =>
  makeJsonRecord(makeReading({ Timestamp: 1_000 + index, ...overrides }), sequenceNumber(index));

describe('createWindowedHandler', () => {
  it('starts from the initial state on the first invocation ({}) and returns the folded state', async () => {
    // Prepare
    const { handler, ended } = statsHandler();

    // Act
    const response = await handler(
      windowEvent([reading(1, { Temperature: 30 }), reading(2, { Temperature: 37 })]),
    );

    // Assess
    expect(response).toEqual({ state: { Q: { count: 2, max: 37 } } });
    expect(ended).toEqual([]);
  });

  it('carries the state an earlier invocation returned', async () => {
    // Prepare
    const { handler } = statsHandler();

    // Act
    const response = await handler(
      windowEvent([reading(3, { Temperature: 20 })], { state: { Q: { count: 2, max: 37 } } }),
    );

    // Assess
    expect(response.state).toEqual({ Q: { count: 3, max: 37 } });
  });

  it('hands the state to onWindowEnd on the final invocation, which has no records', async () => {
    // Prepare
    const { handler, ended } = statsHandler();
    const state = { Q: { count: 3, max: 37 } };

    // Act
    const response = await handler(
      windowEvent([], { state, isFinalInvokeForWindow: true, isWindowTerminatedEarly: true }),
    );

    // Assess
    expect(response.state).toEqual(state);
    expect(ended).toEqual([
      {
        state,
        window: {
          start: new Date('2026-11-26T10:00:00Z'),
          end: new Date('2026-11-26T10:01:00Z'),
          shardId: 'shardId-000000000006',
          eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
          terminatedEarly: true,
        },
      },
    ]);
  });

  it('rejects a state that does not match the schema with WindowStateError naming the field', async () => {
    // Prepare
    const { handler } = statsHandler();

    // Act
    const failing = handler(windowEvent([reading(1)], { state: { Q: { count: 'two', max: 1 } } }));

    // Assess
    await expect(failing).rejects.toThrow(WindowStateError);
    await expect(failing).rejects.toThrow(/Q\.count/);
  });

  it('with poison "fail", reports the first bad record and returns the state of the records before it', async () => {
    // Prepare
    const { handler } = statsHandler(PoisonPolicy.Fail);
    const bad: KinesisStreamRecord = {
      ...reading(2),
      kinesis: { ...reading(2).kinesis, data: encodeText('not json') },
    };

    // Act
    const response = await handler(windowEvent([reading(1), bad, reading(3)]));

    // Assess
    expect(response).toEqual({
      state: { Q: { count: 1, max: 36 } },
      batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }],
    });
  });

  it('fails the final invocation when onWindowEnd throws, so Lambda retries it', async () => {
    // Prepare
    const onWindowEnd = vi.fn(async () => {
      throw new Error('table unavailable');
    });
    const handler = createWindowedHandler({
      decoder: createDecoder({ schema: ReadingSchema }),
      state: Stats,
      initial: (): Stats => ({}),
      aggregate: (state) => state,
      onWindowEnd,
    });

    // Act
    const failing = handler(windowEvent([], { isFinalInvokeForWindow: true }));

    // Assess
    await expect(failing).rejects.toThrow('table unavailable');
  });
});

describe('isWindowEvent and windowStateBytes', () => {
  it('recognises the example tumbling-window event of the Lambda Developer Guide', () => {
    // Prepare
    // https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html (KinesisTimeWindowEvent)
    const event = JSON.parse(
      readFileSync(new URL('./events/kinesis-window-event.json', import.meta.url), 'utf8'),
    ) as KinesisWindowEvent;

    // Act & Assess
    expect(isWindowEvent(event)).toBe(true);
    expect(isWindowEvent({ Records: event.Records })).toBe(false);
  });

  it('measures state as UTF-8 JSON bytes against the 1 MB cap', () => {
    // Act & Assess
    expect(windowStateBytes({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
    expect(windowStateBytes({ a: 'x'.repeat(MAX_WINDOW_STATE_BYTES) })).toBeGreaterThan(
      MAX_WINDOW_STATE_BYTES,
    );
  });
});
