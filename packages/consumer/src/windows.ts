import type { BatchItemFailure, KinesisStreamEvent } from '@kds/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { PoisonPolicy } from './constants.js';
import type { Decoder } from './decoder.js';
import { WindowStateError } from './errors.js';
import { processKinesisEvent } from './process-kinesis-event.js';
import type { PoisonRecord } from './process-options.js';
import type { SinkItem } from './sink.js';
import type { LambdaContext } from './types.js';

/**
 * Lambda keeps at most 1 MB of tumbling-window state per shard; past it, Lambda terminates the
 * window early (AWS Lambda Developer Guide, "Implementing stateful Kinesis Data Streams processing",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html). Measured here as the
 * bytes of the state's JSON in UTF-8.
 */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/**
 * The longest tumbling window: `TumblingWindowInSeconds` goes from 0 (no window) to 900
 * (CreateEventSourceMapping, https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
 */
export const MAX_TUMBLING_WINDOW_IN_SECONDS = 900;

/** The time window of an invocation: ISO 8601 instants, e.g. `2020-12-09T07:04:00Z`. */
export interface TumblingWindow {
  start: string;
  end: string;
}

/**
 * The event Lambda sends to a Kinesis function whose event source mapping has
 * `TumblingWindowInSeconds`: the records of one shard and one window, the window, and the `state`
 * the previous invocation of the same shard and window returned (`{}` on its first invocation).
 * The last invocation of a window has `isFinalInvokeForWindow: true` and no records.
 */
export interface KinesisWindowEvent<State = Record<string, unknown>> extends KinesisStreamEvent {
  window: TumblingWindow;
  /** What the previous invocation of this shard and window returned; `{}` on the first one. */
  state: State | Record<string, never>;
  shardId: string;
  eventSourceARN: string;
  /** The window has ended: act on the state (store it); it is dropped afterwards. */
  isFinalInvokeForWindow: boolean;
  /**
   * The window ended before its time (its state reached 1 MB, `MAX_WINDOW_STATE_BYTES`); the next
   * invocations continue the same window with a fresh state.
   */
  isWindowTerminatedEarly: boolean;
}

/** What a windowed function returns: the new state (required) and, optionally, failures. */
export interface KinesisWindowResponse<State = Record<string, unknown>> {
  state: State;
  batchItemFailures?: BatchItemFailure[];
}

/**
 * Whether an event comes from a tumbling-window event source mapping.
 *
 * @example
 * ```ts
 * import { isWindowEvent, type KinesisStreamEvent } from '@kds/consumer';
 *
 * declare const event: KinesisStreamEvent;
 * if (isWindowEvent(event) && event.isFinalInvokeForWindow) console.log(event.window.end);
 * ```
 */
export function isWindowEvent(event: KinesisStreamEvent): event is KinesisWindowEvent<unknown> {
  const candidate = event as Partial<KinesisWindowEvent<unknown>>;
  return (
    typeof candidate.window === 'object' &&
    candidate.window !== null &&
    typeof candidate.isFinalInvokeForWindow === 'boolean'
  );
}

/**
 * The bytes a state takes against Lambda's 1 MB cap: its JSON in UTF-8.
 *
 * @example
 * ```ts
 * import { MAX_WINDOW_STATE_BYTES, windowStateBytes } from '@kds/consumer';
 *
 * const fits = windowStateBytes({ A: { count: 3 } }) <= MAX_WINDOW_STATE_BYTES; // true
 * ```
 */
export function windowStateBytes(state: unknown): number {
  return Buffer.byteLength(JSON.stringify(state) ?? '');
}

/** The window a final invocation closes, as `onWindowEnd` gets it. */
export interface WindowEnd {
  readonly start: Date;
  readonly end: Date;
  readonly shardId: string;
  readonly eventSourceARN: string;
  /** The window ended early (1 MB of state): more of the same window follows, in a fresh state. */
  readonly terminatedEarly: boolean;
}

/** Options of {@link createWindowedHandler}. */
export interface WindowedHandlerOptions<T, S extends StandardSchemaV1> {
  decoder: Decoder<T>;
  /** The schema of the state (zod, valibot...): the state of each event is checked against it. */
  state: S;
  /** The state of a new window (Lambda sends `{}`). */
  initial: () => StandardSchemaV1.InferOutput<S>;
  /** Folds one decoded value into the state; returns the new state (it may change and return it). */
  aggregate: (
    state: StandardSchemaV1.InferOutput<S>,
    value: T,
    item: SinkItem<T>,
  ) => StandardSchemaV1.InferOutput<S>;
  /** Called on the final invocation of a window with its state; a throw fails it (Lambda retries). */
  onWindowEnd: (state: StandardSchemaV1.InferOutput<S>, window: WindowEnd) => void | Promise<void>;
  /** Keeps only the values it accepts. Default: all. */
  filter?: (value: NoInfer<T>) => boolean;
  /**
   * A record that can never decode: `skip` (default; `onPoison`, then past it) or `fail` (report it,
   * stop). `report` is not offered: the state must hold exactly the records before a reported one.
   */
  poison?: typeof PoisonPolicy.Skip | typeof PoisonPolicy.Fail;
  onPoison?: (poison: PoisonRecord) => void | Promise<void>;
}

/** A Lambda handler for tumbling-window events whose state is `State`. */
export type WindowedHandler<State> = (
  event: KinesisWindowEvent<unknown>,
  context?: LambdaContext,
) => Promise<KinesisWindowResponse<State>>;

async function parseState<S extends StandardSchemaV1>(
  schema: S,
  state: unknown,
  initial: () => StandardSchemaV1.InferOutput<S>,
): Promise<StandardSchemaV1.InferOutput<S>> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) {
    throw new WindowStateError(`The window state is not an object (got ${JSON.stringify(state)})`);
  }
  // Lambda starts every window (and every child shard, and a window terminated early) with {}.
  if (Object.keys(state).length === 0) return initial();
  const result = await schema['~standard'].validate(state);
  if (result.issues !== undefined) {
    const issues = result.issues.map((issue) => ({
      path: (issue.path ?? []).map((segment) =>
        typeof segment === 'object' ? segment.key : segment,
      ),
      message: issue.message,
    }));
    throw new WindowStateError(
      `The window state does not match the state schema: ${issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  return result.value;
}

/**
 * Builds a handler for a tumbling-window event source mapping: each invocation decodes its records
 * in sequence order and folds them into the window's state, checked against your schema; the final
 * invocation of a window hands the state to `onWindowEnd` (store it). It stops at the first record
 * that fails and reports it, so the state it returns holds exactly the records before it.
 *
 * @example
 * ```ts
 * import { createDecoder, createWindowedHandler } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 * import { z } from 'zod';
 *
 * const Counts = z.record(z.string(), z.number());
 * export const handler = createWindowedHandler({
 *   decoder: createDecoder({ schema: ReadingSchema }),
 *   state: Counts,
 *   initial: () => ({}),
 *   aggregate: (counts, reading) => ({ ...counts, [reading.Spot]: (counts[reading.Spot] ?? 0) + 1 }),
 *   onWindowEnd: (counts, window) => console.log(window.start.toISOString(), counts),
 * });
 * ```
 */
export function createWindowedHandler<T, S extends StandardSchemaV1>(
  options: WindowedHandlerOptions<T, S>,
): WindowedHandler<StandardSchemaV1.InferOutput<S>> {
  const { decoder, initial, aggregate, onWindowEnd, filter, onPoison } = options;
  const { poison = PoisonPolicy.Skip } = options;
  return async (event, context) => {
    let state: StandardSchemaV1.InferOutput<S> = await parseState(
      options.state,
      event.state,
      initial,
    );
    let batchItemFailures: BatchItemFailure[] = [];
    if (event.Records.length > 0) {
      const result = await processKinesisEvent(event, {
        decoder,
        poison,
        ...(filter === undefined ? {} : { filter }),
        ...(onPoison === undefined ? {} : { onPoison }),
        ...(context === undefined ? {} : { context }),
        sink: async (items) => {
          for (const item of items) state = aggregate(state, item.value, item);
          return undefined;
        },
      });
      batchItemFailures = result.batchItemFailures;
    }
    if (event.isFinalInvokeForWindow && batchItemFailures.length === 0) {
      await onWindowEnd(state, {
        start: new Date(event.window.start),
        end: new Date(event.window.end),
        shardId: event.shardId,
        eventSourceARN: event.eventSourceARN,
        terminatedEarly: event.isWindowTerminatedEarly,
      });
    }
    return batchItemFailures.length === 0 ? { state } : { state, batchItemFailures };
  };
}
