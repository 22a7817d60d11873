import {
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { DEFAULT_STREAM_ACTIVE_TIMEOUT_MS, STREAM_ACTIVE_POLL_MS } from './constants.js';
import { WaitTimeoutError } from './errors.js';
import type { StreamOption, StreamRequestFields } from './types.js';

/** A stream given by name (a string) or as a {@link StreamOption}. */
export type StreamReference = string | StreamOption;

/** The request fields naming a stream. */
export function streamFields(stream: StreamReference): StreamRequestFields {
  if (typeof stream === 'string') return { StreamName: stream };
  return {
    ...(stream.streamName === undefined ? {} : { StreamName: stream.streamName }),
    ...(stream.streamARN === undefined ? {} : { StreamARN: stream.streamARN }),
  };
}

const describe = (stream: StreamReference): string =>
  typeof stream === 'string' ? stream : (stream.streamARN ?? stream.streamName ?? '');

/** Options of {@link waitForStreamActive}. */
export interface WaitForStreamActiveOptions {
  /** Give up after this long with `WaitTimeoutError`. Default 60 s. */
  timeoutMs?: number;
}

/**
 * Waits until a stream is ACTIVE and returns its ARN.
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { waitForStreamActive } from '@kds/reader';
 *
 * const arn = await waitForStreamActive(new KinesisClient({}), 'TestDataStream', { timeoutMs: 120_000 });
 * ```
 */
export async function waitForStreamActive(
  client: KinesisClient,
  stream: StreamReference,
  options: WaitForStreamActiveOptions = {},
): Promise<string> {
  const { timeoutMs = DEFAULT_STREAM_ACTIVE_TIMEOUT_MS } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand(streamFields(stream)),
    );
    if (summary?.StreamStatus === 'ACTIVE' && summary.StreamARN !== undefined)
      return summary.StreamARN;
    if (Date.now() > deadline)
      throw new WaitTimeoutError(`stream ${describe(stream)} to be ACTIVE`, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, STREAM_ACTIVE_POLL_MS));
  }
}

/**
 * Every shard of a stream, open and closed, following ListShards pagination (a page after the
 * first names only its `NextToken`: ListShards refuses a stream name beside it).
 *
 * @example
 * ```ts
 * import { KinesisClient } from '@aws-sdk/client-kinesis';
 * import { listShards } from '@kds/reader';
 *
 * const shards = await listShards(new KinesisClient({}), { streamName: 'TestDataStream' });
 * const open = shards.filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined);
 * ```
 */
export async function listShards(client: KinesisClient, stream: StreamReference): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListShardsCommand(
        nextToken === undefined ? streamFields(stream) : { NextToken: nextToken },
      ),
    );
    shards.push(...(page.Shards ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return shards;
}
