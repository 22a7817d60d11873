import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { WaitTimeoutError } from './errors.js';

const ACTIVE_POLL_MS = 50;
const DEFAULT_ACTIVE_TIMEOUT_MS = 60_000;

/**
 * Waits until a stream is ACTIVE and returns its ARN.
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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    if (summary?.StreamStatus === 'ACTIVE' && summary.StreamARN !== undefined)
      return summary.StreamARN;
    if (Date.now() > deadline)
      throw new WaitTimeoutError(`stream ${streamName} to be ACTIVE`, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_POLL_MS));
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

/**
 * Every shard of a stream, open and closed, following ListShards pagination.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { listShards } from '@kds/local';
 *
 * const shards = await listShards(new KinesisClient({}), 'TestDataStream');
 * ```
 */
export async function listShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(
        nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken },
      ),
    );
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
}
