import type { ChildShard, StartingPosition } from '@aws-sdk/client-kinesis';
import { backoffMs } from './backoff.js';
import { SUBSCRIPTION_LIFETIME_MS } from './constants.js';
import { classifySubscribeError } from './error-classes.js';
import { InvalidOptionError, ShardReadError } from './errors.js';
import { createReaderLifecycle } from './reader-lifecycle.js';
import { type ReaderOptions, readerCallbacks } from './reader-options.js';
import { probeShardEnd } from './shard-end-probe.js';
import type { ShardReader, ShardReadResult } from './shard-reader.js';
import { streamARNOfConsumer } from './stream-consumers.js';
import { openSubscription, type Subscription } from './subscription.js';

/**
 * Options of {@link createFanOutShardReader}. On AWS its client must speak HTTP/2: the SDK's
 * default handler does.
 */
export interface FanOutShardReaderOptions extends ReaderOptions {
  /** The registered, ACTIVE consumer (see `registerStreamConsumer`). */
  consumerARN: string;
  /**
   * A subscription still open after this long is closed and renewed from its continuation.
   * Default 5 minutes (`SUBSCRIPTION_LIFETIME_MS`), when Kinesis ends it itself; shorter forces
   * renewals.
   */
  subscriptionLifetimeMs?: number;
  /**
   * While caught up, look this often whether the shard is closed and read to its end (one
   * GetShardIterator and one GetRecords). Kinesis says so itself (an event with `ChildShards` and
   * no continuation); a server that never does (kinesis-mock, npm `kinesis-local`) needs this.
   * Default: never.
   */
  shardEndCheckIntervalMs?: number;
}

function validate(options: FanOutShardReaderOptions): void {
  if (!options.consumerARN) throw new InvalidOptionError('consumerARN', 'is required');
  streamARNOfConsumer(options.consumerARN);
  if (!options.shardId) throw new InvalidOptionError('shardId', 'is required');
  for (const option of ['subscriptionLifetimeMs', 'shardEndCheckIntervalMs'] as const) {
    const value = options[option];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new InvalidOptionError(option, `must be a positive number of ms, got ${String(value)}`);
    }
  }
}

/** Why a subscription was closed by the reader rather than by Kinesis. */
const RENEWAL = new Error('subscription renewed');

/**
 * Creates an enhanced fan-out reader of one shard, with the interface of the polling reader:
 * `read()` resolves with the records of the next `SubscribeToShardEvent` that Kinesis pushes. It
 * subscribes lazily from `start`, renews the subscription from the last
 * `ContinuationSequenceNumber` when Kinesis ends it (every 5 minutes) or when it outlived
 * `subscriptionLifetimeMs`, retries `ResourceInUseException` (the previous subscription still
 * closing) and `LimitExceededException` with backoff from a second, and reports the shard's end
 * with its `ChildShards`. It never deregisters the consumer.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createFanOutShardReader, registerStreamConsumer, waitForStreamActive } from '@kds/reader';
 *
 * const client = new KinesisClient({}); // HTTP/2, as SubscribeToShard needs
 * const streamARN = await waitForStreamActive(client, 'TestDataStream');
 * const { consumerARN } = await registerStreamConsumer(client, { streamARN, consumerName: 'alerts' });
 * const reader = createFanOutShardReader({
 *   client,
 *   consumerARN,
 *   shardId: 'shardId-000000000000',
 *   start: { type: 'LATEST' },
 * });
 * for (;;) {
 *   const { records, ended } = await reader.read();
 *   for (const record of records) console.log(record.SequenceNumber);
 *   if (ended) break;
 * }
 * reader.close();
 * ```
 */
export function createFanOutShardReader(options: FanOutShardReaderOptions): ShardReader {
  validate(options);
  const {
    client,
    consumerARN,
    shardId,
    start,
    subscriptionLifetimeMs = SUBSCRIPTION_LIFETIME_MS,
    shardEndCheckIntervalMs,
  } = options;
  const { onError, now, random } = readerCallbacks(options);
  const lifecycle = createReaderLifecycle(shardId, options.signal);
  const { aborted, sleep } = lifecycle;

  let subscription: Subscription | undefined;
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where the next subscription starts: AFTER it; undefined until the first event. */
  let continuation: string | undefined;
  let lastSequenceNumber: string | undefined;
  let latestSince: Date | undefined;
  let childShards: ChildShard[] = [];
  let ended = false;
  let lastEndCheck = now();
  let attempt = 0;

  function position(): StartingPosition {
    if (continuation !== undefined) {
      return { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: continuation };
    }
    switch (start.type) {
      case 'TRIM_HORIZON':
        return { Type: 'TRIM_HORIZON' };
      case 'AT_TIMESTAMP':
        return { Type: 'AT_TIMESTAMP', Timestamp: start.timestamp };
      case 'LATEST':
        // A LATEST subscription that failed before its first event is taken again from when the
        // first was asked for: LATEST again would skip what arrived meanwhile.
        if (latestSince !== undefined) return { Type: 'AT_TIMESTAMP', Timestamp: latestSince };
        latestSince = new Date(now());
        return { Type: 'LATEST' };
      default:
        return { Type: start.type, SequenceNumber: start.sequenceNumber };
    }
  }

  function drop(reason: unknown): void {
    clearTimeout(renewTimer);
    subscription?.close(reason);
    subscription = undefined;
  }

  async function subscribe(): Promise<Subscription> {
    const opened = await openSubscription(
      client,
      { consumerARN, shardId, position: position() },
      { signal: lifecycle.signal, now },
    );
    subscription = opened;
    const remaining = Math.max(0, subscriptionLifetimeMs - (now() - opened.openedAt));
    renewTimer = setTimeout(() => {
      if (subscription === opened) drop(RENEWAL);
    }, remaining);
    renewTimer.unref?.();
    return opened;
  }

  /** When caught up and asked to, looks whether the shard ended (servers without ChildShards). */
  async function checkShardEnd(): Promise<void> {
    if (shardEndCheckIntervalMs === undefined || continuation === undefined) return;
    if (now() - lastEndCheck < shardEndCheckIntervalMs) return;
    lastEndCheck = now();
    try {
      const children = await probeShardEnd(
        client,
        { StreamARN: streamARNOfConsumer(consumerARN), shardId, sequenceNumber: continuation },
        lifecycle.signal,
      );
      if (children !== undefined) {
        ended = true;
        childShards = children;
        drop(new Error('shard ended'));
      }
    } catch (error) {
      if (lifecycle.signal.aborted) throw aborted(error);
      onError(error);
    }
  }

  /**
   * After a failed subscribe or event: nothing to do when the renewal timer closed `active`;
   * else rethrows what no retry fixes, or tells `onError` and waits the backoff.
   */
  async function recover(error: unknown, active: Subscription | undefined): Promise<void> {
    if (lifecycle.signal.aborted) throw aborted(error);
    if (active !== undefined && subscription !== active) return;
    drop(error);
    const sorted = classifySubscribeError(error);
    if (sorted.kind === 'fatal') {
      throw new ShardReadError(sorted.code, shardId, 'SubscribeToShard', { cause: error });
    }
    onError(error);
    const kind = sorted.kind === 'expired' ? 'transient' : sorted.kind;
    await sleep(backoffMs(kind, attempt, random));
    attempt += 1;
  }

  async function readOnce(): Promise<ShardReadResult> {
    for (;;) {
      if (ended) return { records: [], millisBehindLatest: undefined, childShards, ended };
      lifecycle.throwIfStopped();
      let active = subscription;
      try {
        active ??= await subscribe();
        const event = await active.next();
        attempt = 0;
        if (event === undefined) {
          // Kinesis ended the subscription (its 5 minutes): renew it from the continuation.
          if (subscription === active) drop(RENEWAL);
          continue;
        }
        const records = event.Records ?? [];
        lastSequenceNumber = records.at(-1)?.SequenceNumber ?? lastSequenceNumber;
        if (event.ContinuationSequenceNumber) {
          continuation = event.ContinuationSequenceNumber;
        } else {
          // No continuation: the shard is closed and read to its end (the KCL reads it so too).
          ended = true;
          childShards = event.ChildShards ?? [];
          drop(new Error('shard ended'));
        }
        if (!ended && records.length === 0 && event.MillisBehindLatest === 0) {
          await checkShardEnd();
        }
        return { records, millisBehindLatest: event.MillisBehindLatest, childShards, ended };
      } catch (error) {
        await recover(error, active);
      }
    }
  }

  return {
    open: () =>
      lifecycle.serialized(async () => {
        while (!ended && subscription === undefined) {
          try {
            await subscribe();
          } catch (error) {
            await recover(error, undefined);
          }
        }
      }),
    read: () => lifecycle.serialized(readOnce),
    get lastSequenceNumber() {
      return lastSequenceNumber;
    },
    close() {
      drop(new Error('The shard reader was closed'));
      lifecycle.close();
    },
  };
}
