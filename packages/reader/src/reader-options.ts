import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { StartPosition } from './shard-reader.js';

/** The options both shard readers take: the polling one and the enhanced fan-out one. */
export interface ReaderOptions {
  /** The client every call goes through. */
  client: KinesisClient;
  /** The shard to read. */
  shardId: string;
  /** Where to start when nothing has been read yet. */
  start: StartPosition;
  /** Told of every error the reader retries. */
  onError?: (error: unknown) => void;
  /** Aborts a pending `read()` or `open()` (it rejects with `ReadAbortedError`) and every later one. */
  signal?: AbortSignal;
  /** The clock; it dates a `LATEST` start. Default `Date.now`. */
  now?: () => number;
  /** Random numbers in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/** The callbacks of {@link ReaderOptions}, the defaults put in for those not given. */
export function readerCallbacks(
  options: ReaderOptions,
): Required<Pick<ReaderOptions, 'onError' | 'now' | 'random'>> {
  return {
    onError: options.onError ?? (() => {}),
    now: options.now ?? (() => Date.now()),
    random: options.random ?? Math.random,
  };
}
