import { ReadAbortedError } from './errors.js';

/** What every shard reader shares: stopping, abortable sleeps, one operation at a time. */
export interface ReaderLifecycle {
  /** Aborted once the reader is closed or its external signal fires. */
  readonly signal: AbortSignal;
  /** The error a read stopped by the reader's end rejects with. */
  aborted(cause?: unknown): ReadAbortedError;
  /** Throws `ReadAbortedError` if the reader is stopped. */
  throwIfStopped(): void;
  /** Waits, unless the reader stops first: then rejects with `ReadAbortedError`. */
  sleep(ms: number): Promise<void>;
  /** Runs one operation after the previous one settled. */
  serialized<T>(run: () => Promise<T>): Promise<T>;
  /** Stops the reader. */
  close(): void;
}

/** The lifecycle of a reader of `shardId`, stopped by `close()` or by `external`. */
export function createReaderLifecycle(
  shardId: string,
  external: AbortSignal | undefined,
): ReaderLifecycle {
  const stopper = new AbortController();
  const onExternalAbort = (): void => stopper.abort(external?.reason);
  if (external?.aborted) stopper.abort(external.reason);
  else external?.addEventListener('abort', onExternalAbort, { once: true });
  let queue: Promise<unknown> = Promise.resolve();

  const aborted = (cause?: unknown): ReadAbortedError =>
    new ReadAbortedError(shardId, { cause: cause ?? stopper.signal.reason });
  const throwIfStopped = (): void => {
    if (stopper.signal.aborted) throw aborted();
  };
  return {
    signal: stopper.signal,
    aborted,
    throwIfStopped,
    sleep(ms) {
      throwIfStopped();
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(aborted());
        };
        const timer = setTimeout(() => {
          stopper.signal.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        stopper.signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    serialized(run) {
      const next = queue.then(run, run);
      queue = next.catch(() => {});
      return next;
    },
    close() {
      external?.removeEventListener('abort', onExternalAbort);
      stopper.abort(new Error('The shard reader was closed'));
    },
  };
}
