import { CreateStreamCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import {
  WaitTimeoutError as ReaderWaitTimeoutError,
  waitForStreamActive as waitUntilActive,
} from '@kds/reader';
import { WaitTimeoutError } from './errors.js';

// `listShards` moved to @kds/reader; @kds/local still exports it from there.
export { listShards } from '@kds/reader';

/** How long `waitForStreamActive` waits by default. */
const DEFAULT_ACTIVE_TIMEOUT_MS = 60_000;

/**
 * Waits until a stream is ACTIVE and returns its ARN (`waitForStreamActive` of `@kds/reader`,
 * rejecting with this package's `WaitTimeoutError`).
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { waitForStreamActive } from '@kds/local';
 *
 * const arn = await waitForStreamActive(new KinesisClient({}), 'TestDataStream');
 * ```
 */
export async function waitForStreamActive(
  client: KinesisClient,
  streamName: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const { timeoutMs = DEFAULT_ACTIVE_TIMEOUT_MS } = options;
  try {
    return await waitUntilActive(client, streamName, { timeoutMs });
  } catch (error) {
    if (error instanceof ReaderWaitTimeoutError) {
      throw new WaitTimeoutError(`stream ${streamName} to be ACTIVE`, timeoutMs);
    }
    throw error;
  }
}

/**
 * Creates a provisioned stream and waits until it is ACTIVE; returns its ARN.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { createStream } from '@kds/local';
 *
 * const arn = await createStream(new KinesisClient({}), 'TestDataStream', { shardCount: 2 });
 * ```
 */
export async function createStream(
  client: KinesisClient,
  streamName: string,
  options: { shardCount: number; timeoutMs?: number },
): Promise<string> {
  await client.send(
    new CreateStreamCommand({ StreamName: streamName, ShardCount: options.shardCount }),
  );
  return waitForStreamActive(client, streamName, options);
}
