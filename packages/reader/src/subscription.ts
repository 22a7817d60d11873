import {
  type KinesisClient,
  type StartingPosition,
  SubscribeToShardCommand,
  type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';

/** One open SubscribeToShard event stream. */
export interface Subscription {
  /** The next event; `undefined` once Kinesis ended the subscription (after 5 minutes). */
  next(): Promise<SubscribeToShardEvent | undefined>;
  /** When it was opened, by the reader's clock. */
  readonly openedAt: number;
  /** Ends it: a pending `next()` rejects; the HTTP/2 stream is cancelled. */
  close(reason: unknown): void;
}

/**
 * Calls SubscribeToShard and returns the event stream. An exception Kinesis sends inside the
 * stream (`ResourceInUseException` as the first event, `InternalFailureException` later) rejects
 * `next()` (or this call) as the SDK throws it; an event of an unknown kind is skipped.
 */
export async function openSubscription(
  client: KinesisClient,
  input: { consumerARN: string; shardId: string; position: StartingPosition },
  options: { signal: AbortSignal; now: () => number },
): Promise<Subscription> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onStop, { once: true });
  const release = (): void => options.signal.removeEventListener('abort', onStop);
  const openedAt = options.now();
  let events: AsyncIterator<unknown>;
  try {
    const response = await client.send(
      new SubscribeToShardCommand({
        ConsumerARN: input.consumerARN,
        ShardId: input.shardId,
        StartingPosition: input.position,
      }),
      { abortSignal: controller.signal },
    );
    if (response.EventStream === undefined) {
      throw new Error('SubscribeToShard returned no EventStream');
    }
    events = response.EventStream[Symbol.asyncIterator]();
  } catch (error) {
    release();
    controller.abort(error);
    throw error;
  }
  let closed = false;
  let rejectClosed: (reason: unknown) => void = () => {};
  // A pending next() rejects at close() even when the body read does not end with the abort.
  const closing = new Promise<never>((_, reject) => {
    rejectClosed = reject;
  });
  closing.catch(() => {});
  return {
    openedAt,
    async next() {
      for (;;) {
        const step = await Promise.race([events.next(), closing]);
        if (step.done) {
          release();
          return undefined;
        }
        const member = step.value as { SubscribeToShardEvent?: SubscribeToShardEvent };
        if (member.SubscribeToShardEvent !== undefined) return member.SubscribeToShardEvent;
      }
    },
    close(reason) {
      if (closed) return;
      closed = true;
      release();
      controller.abort(reason);
      rejectClosed(reason);
      // Ends the SDK's reader of the response body; its promise settles with the abort.
      events.return?.().catch(() => {});
    },
  };
}
