import { randomUUID } from 'node:crypto';
import type { _Record } from '@aws-sdk/client-kinesis';
import {
  type KinesisStreamRecord,
  type KinesisWindowEvent,
  MAX_WINDOW_STATE_BYTES,
  windowStateBytes,
} from '@kds/consumer';
import { createBatchDelivery, type DeliveryContext, type WindowHooks } from './batch-delivery.js';
import { INVOCATION_TIMEOUT_MS } from './constants.js';
import { MalformedResponseError, WindowStateTooLargeError } from './errors.js';
import { type BatchDelivery, processRound } from './trigger-round.js';
import { pause, type TriggerState } from './trigger-state.js';

/** The window a shard is in: its bounds (epoch ms) and the state its last invocation returned. */
interface OpenWindow {
  readonly start: number;
  readonly end: number;
  state: Record<string, unknown>;
  /** No invocation of this window (or of its part since an early termination) returned a state. */
  fresh: boolean;
}

/** What the shard loop calls on a windowed trigger. */
export interface ShardWindows {
  /** Hands one fetched round to the handler, window by window. */
  round(fetched: readonly _Record[]): Promise<void>;
  /** The shard is caught up: closes the open window once the clock has passed its end. */
  idle(): Promise<void>;
  /** The shard is read to its end: closes the open window (its children start their own). */
  end(): Promise<void>;
}

/** Lambda writes window bounds as ISO 8601 instants to the second: `2020-12-09T07:04:00Z`. */
function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isStateObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits a round into runs of records of one window, in order; a window never goes back. */
function byWindow(
  records: readonly _Record[],
  windowMs: number,
  from: number,
): Array<{ start: number; records: _Record[] }> {
  const runs: Array<{ start: number; records: _Record[] }> = [];
  let current = from;
  for (const record of records) {
    const arrival = record.ApproximateArrivalTimestamp?.getTime() ?? 0;
    // Windows are aligned on the epoch and follow the records' arrival in the stream.
    current = Math.max(current, Math.floor(arrival / windowMs) * windowMs);
    const last = runs.at(-1);
    if (last?.start === current) last.records.push(record);
    else runs.push({ start: current, records: [record] });
  }
  return runs;
}

/**
 * Tumbling windows for one shard, with the rules of the Lambda Developer Guide
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html): a record belongs to
 * the window of its arrival time; each invocation carries the state the previous one of the shard
 * and window returned; the window's end brings a final invocation with no records; the checkpoint
 * moves past a window's records once its final invocation succeeded; a shard's end closes its
 * window; a state over 1 MB terminates the window early.
 *
 * @example
 * ```ts
 * import { createShardWindows } from './trigger-windows.js';
 *
 * const windows = createShardWindows(state, { delivery, saveCheckpoint });
 * await windows.round(records);
 * ```
 */
export function createShardWindows(
  state: TriggerState,
  options: {
    readonly delivery: DeliveryContext;
    readonly saveCheckpoint: (checkpoint: string) => Promise<void>;
  },
): ShardWindows {
  const { settings } = state;
  const { delivery, saveCheckpoint } = options;
  const windowMs = settings.tumblingWindowMs;
  let open: OpenWindow | undefined;
  /** The window the batches being delivered belong to. */
  let target = Number.NEGATIVE_INFINITY;
  /** The checkpoint held back until the open window's final invocation succeeds. */
  let held: string | undefined;

  function eventOf(
    window: OpenWindow,
    records: readonly KinesisStreamRecord[],
    flags: { final: boolean; early: boolean },
  ): KinesisWindowEvent<unknown> {
    return {
      Records: [...records],
      window: { start: isoSeconds(window.start), end: isoSeconds(window.end) },
      // A copy: the handler may change what it is given without touching the stored state.
      state: structuredClone(window.state),
      shardId: delivery.shardId,
      eventSourceARN: delivery.streamArn,
      isFinalInvokeForWindow: flags.final,
      isWindowTerminatedEarly: flags.early,
    };
  }

  /**
   * The final invocation: synchronous, retried until it succeeds ("your Lambda function suspends
   * further processing until a successful invocation"); then the state is dropped and the
   * checkpoint moves past the window's records. Abandoned (nothing checkpointed) on stop.
   */
  async function finish(window: OpenWindow, early: boolean): Promise<boolean> {
    while (state.running) {
      const started = Date.now();
      try {
        const response = await state.handler(eventOf(window, [], { final: true, early }), {
          awsRequestId: randomUUID(),
          functionName: delivery.functionName,
          invokedFunctionArn: delivery.functionArn,
          getRemainingTimeInMillis: () =>
            Math.max(0, INVOCATION_TIMEOUT_MS - (Date.now() - started)),
        });
        if (isStateObject((response as { state?: unknown } | undefined)?.state)) break;
        state.onError(
          new MalformedResponseError('a tumbling-window invocation must return a state object'),
        );
      } catch (error) {
        state.onError(error);
      }
      await pause(state, settings.retryDelayMs);
    }
    if (!state.running) return false;
    if (held !== undefined) {
      const checkpoint = held;
      held = undefined;
      await saveCheckpoint(checkpoint);
    }
    return true;
  }

  async function close(): Promise<void> {
    if (open !== undefined && (await finish(open, false))) open = undefined;
  }

  const hooks: WindowHooks = {
    event: (records) => eventOf(open as OpenWindow, records, { final: false, early: false }),
    async accept(response) {
      const window = open as OpenWindow;
      const returned = (response as { state?: unknown } | null | undefined)?.state;
      // "If the response does not contain a state property, Lambda considers this a failed invocation."
      if (!isStateObject(returned)) {
        return {
          error: new MalformedResponseError(
            'a tumbling-window invocation must return a state object',
          ),
        };
      }
      const bytes = windowStateBytes(returned);
      if (bytes > MAX_WINDOW_STATE_BYTES) {
        const error = new WindowStateTooLargeError(bytes, MAX_WINDOW_STATE_BYTES, {
          shardId: delivery.shardId,
          windowStart: isoSeconds(window.start),
        });
        // Nothing to terminate: even a fresh state overflows, so the batch fails.
        if (window.fresh) return { error };
        state.onError(error);
        if (!(await finish(window, true))) return { error };
        window.state = {};
        window.fresh = true;
        return 'again';
      }
      window.state = structuredClone(returned);
      window.fresh = false;
      return 'accepted';
    },
  };
  const deliver = createBatchDelivery({ ...delivery, window: hooks });

  const windowedDeliver: BatchDelivery = async (records, settle) => {
    if (open !== undefined && open.start !== target) await close();
    if (!state.running) return;
    open ??= { start: target, end: target + windowMs, state: {}, fresh: true };
    await deliver(records, settle);
  };

  const hold = async (checkpoint: string): Promise<void> => {
    if (open === undefined) await saveCheckpoint(checkpoint);
    else held = checkpoint;
  };

  return {
    async round(fetched) {
      for (const run of byWindow(fetched, windowMs, open?.start ?? Number.NEGATIVE_INFINITY)) {
        if (!state.running) return;
        target = run.start;
        await processRound(
          state,
          { shardId: delivery.shardId, deliver: windowedDeliver, saveCheckpoint: hold },
          run.records,
        );
      }
    },
    async idle() {
      if (open !== undefined && settings.clock() >= open.end) await close();
    },
    end: close,
  };
}
