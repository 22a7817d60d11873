import type { KinesisStreamRecord } from '@kds/core';
import type { UserRecord } from './deaggregation.js';

/** A value for the sink, with the record (and, for a KPL aggregate, the user record) it came from. */
export interface SinkItem<T> {
  readonly value: T;
  readonly record: KinesisStreamRecord;
  readonly userRecord?: UserRecord;
}

/** An item the sink did not store, and why. */
export interface SinkFailure<T = unknown> {
  readonly item: SinkItem<T>;
  readonly error: unknown;
}

/** The items a sink could not store; an empty list or nothing means all were stored. */
export interface SinkResult<T = unknown> {
  readonly failed: readonly SinkFailure<T>[];
}

/** What the adapter tells the sink about the invocation. */
export interface SinkContext {
  /**
   * Epoch milliseconds by which the sink should return, derived from the Lambda context's remaining
   * time (less a reserve to respond); `undefined` when the adapter was given no context.
   */
  readonly deadline: number | undefined;
}

/**
 * Stores the values that passed the pipeline, in sequence order. It reports the items it could not
 * store in its result (a concurrent sink stops dispatching new work after a failure and reports
 * what it did not store), and throws only when it failed as a whole. Its result is not tied to `T`,
 * so a sink of any value (`Sink<unknown>`) fits every decoder.
 */
export type Sink<T> = (
  items: readonly SinkItem<T>[],
  context: SinkContext,
) => Promise<SinkResult | undefined>;
