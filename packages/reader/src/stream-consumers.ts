import {
  type Consumer,
  DeregisterStreamConsumerCommand,
  DescribeStreamConsumerCommand,
  type KinesisClient,
  RegisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';
import {
  CONSUMER_ACTIVE_POLL_MS,
  CONSUMER_NAME_PATTERN,
  DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS,
  SUBSCRIBE_BACKOFF_BASE_MS,
} from './constants.js';
import { InvalidOptionError, WaitTimeoutError } from './errors.js';

/** Options of {@link registerStreamConsumer}. */
export interface RegisterStreamConsumerOptions {
  /** The stream's ARN (consumers are registered by stream ARN only). */
  streamARN: string;
  /** The consumer's name: 1 to 128 characters of `[a-zA-Z0-9_.-]`, unique per stream. */
  consumerName: string;
  /** Give up waiting for ACTIVE after this long with `WaitTimeoutError`. Default 120 s. */
  timeoutMs?: number;
}

/** A registered consumer, ACTIVE. */
export interface StreamConsumer {
  consumerName: string;
  consumerARN: string;
  streamARN: string;
}

const errorName = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers an enhanced fan-out consumer on a stream, or reuses the one of that name, and waits
 * until it is ACTIVE. Safe to call from every process of an application at once: the name is the
 * identity, a `ResourceInUseException` (registered meanwhile) is answered by describing it, and a
 * `LimitExceededException` (5 calls per second per stream) is retried after a pause. The consumer
 * stays registered, and billed, until {@link deregisterStreamConsumer}.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { registerStreamConsumer, waitForStreamActive } from '@kds/reader';
 *
 * const client = new KinesisClient({});
 * const streamARN = await waitForStreamActive(client, 'TestDataStream');
 * const { consumerARN } = await registerStreamConsumer(client, { streamARN, consumerName: 'alerts' });
 * ```
 */
export async function registerStreamConsumer(
  client: KinesisClient,
  options: RegisterStreamConsumerOptions,
): Promise<StreamConsumer> {
  const { streamARN, consumerName, timeoutMs = DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS } = options;
  if (!streamARN) throw new InvalidOptionError('streamARN', 'is required');
  if (!CONSUMER_NAME_PATTERN.test(consumerName)) {
    throw new InvalidOptionError(
      'consumerName',
      `must be 1 to 128 characters of [a-zA-Z0-9_.-], got ${JSON.stringify(consumerName)}`,
    );
  }
  const deadline = Date.now() + timeoutMs;
  const describe = async (): Promise<Consumer | undefined> => {
    try {
      const { ConsumerDescription: found } = await client.send(
        new DescribeStreamConsumerCommand({ StreamARN: streamARN, ConsumerName: consumerName }),
      );
      return found;
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
  for (;;) {
    let consumer = await describe();
    if (consumer === undefined) {
      try {
        ({ Consumer: consumer } = await client.send(
          new RegisterStreamConsumerCommand({ StreamARN: streamARN, ConsumerName: consumerName }),
        ));
      } catch (error) {
        const name = errorName(error);
        // Registered by another process meanwhile, or throttled: look again.
        if (name !== 'ResourceInUseException' && name !== 'LimitExceededException') throw error;
      }
    }
    if (consumer?.ConsumerStatus === 'ACTIVE' && consumer.ConsumerARN !== undefined) {
      return { consumerName, consumerARN: consumer.ConsumerARN, streamARN };
    }
    // CREATING, or DELETING a consumer of the same name: wait, then look again.
    if (Date.now() > deadline) {
      throw new WaitTimeoutError(`consumer ${consumerName} to be ACTIVE`, timeoutMs);
    }
    await sleep(consumer === undefined ? SUBSCRIBE_BACKOFF_BASE_MS : CONSUMER_ACTIVE_POLL_MS);
  }
}

/** A consumer to deregister: by ARN, or by stream ARN and name. */
export type StreamConsumerReference =
  | { consumerARN: string; streamARN?: never; consumerName?: never }
  | { streamARN: string; consumerName: string; consumerARN?: never };

/**
 * Deregisters an enhanced fan-out consumer, which ends its subscriptions and its charges. Nothing
 * in kds calls it on its own (a worker that stops keeps its consumer for the next start): call it
 * when the application is retired. A consumer already gone is not an error.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { deregisterStreamConsumer } from '@kds/reader';
 *
 * await deregisterStreamConsumer(new KinesisClient({}), {
 *   streamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream',
 *   consumerName: 'alerts',
 * });
 * ```
 */
export async function deregisterStreamConsumer(
  client: KinesisClient,
  consumer: StreamConsumerReference,
): Promise<void> {
  const input =
    consumer.consumerARN !== undefined
      ? { ConsumerARN: consumer.consumerARN }
      : { StreamARN: consumer.streamARN, ConsumerName: consumer.consumerName };
  try {
    await client.send(new DeregisterStreamConsumerCommand(input));
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
}

/**
 * The ARN of the stream a consumer is registered on: a consumer ARN is the stream's ARN followed
 * by `/consumer/<name>:<creation timestamp>`.
 *
 * @example
 * ```ts
 * import { streamARNOfConsumer } from '@kds/reader';
 *
 * streamARNOfConsumer('arn:aws:kinesis:us-east-1:123456789012:stream/S/consumer/alerts:1700000000');
 * // 'arn:aws:kinesis:us-east-1:123456789012:stream/S'
 * ```
 */
export function streamARNOfConsumer(consumerARN: string): string {
  const at = consumerARN.indexOf('/consumer/');
  if (at <= 0) {
    throw new InvalidOptionError(
      'consumerARN',
      `must be a stream consumer ARN (…:stream/<name>/consumer/<name>:<timestamp>), got ${JSON.stringify(consumerARN)}`,
    );
  }
  return consumerARN.slice(0, at);
}
