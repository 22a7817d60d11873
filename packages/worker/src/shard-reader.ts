import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  createFanOutShardReader,
  createShardReader,
  type ShardReader,
  type StartPosition,
} from '@kds/reader';
import type { ResolvedSettings, WorkerStreamOption } from './options.js';

/** What the worker knows when it opens the reader of a leased shard. */
export interface OpenShardReaderInput {
  client: KinesisClient;
  stream: WorkerStreamOption;
  settings: ResolvedSettings;
  /** The fan-out consumer registered at start; undefined when polling. */
  consumerARN: string | undefined;
  shardId: string;
  start: StartPosition;
  signal: AbortSignal;
  onError: (error: unknown) => void;
}

/** The reader of the worker's transport: GetRecords polling, or a SubscribeToShard subscription. */
export function openShardReader(input: OpenShardReaderInput): ShardReader {
  const { client, stream, settings, consumerARN, shardId, start, signal, onError } = input;
  const { transport } = settings;
  if (transport === 'polling' || consumerARN === undefined) {
    return createShardReader({
      client,
      ...stream,
      shardId,
      start,
      limit: settings.maxRecords,
      signal,
      onError,
    });
  }
  const { shardEndCheckIntervalMs } = transport.efo;
  return createFanOutShardReader({
    client,
    consumerARN,
    shardId,
    start,
    signal,
    onError,
    ...(shardEndCheckIntervalMs === undefined ? {} : { shardEndCheckIntervalMs }),
  });
}
