import {
  type ChildShard,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { StreamRequestFields } from './types.js';

/**
 * Whether a shard is closed and read to its end after `sequenceNumber`, asked the polling way:
 * GetShardIterator `AFTER_SEQUENCE_NUMBER` and one GetRecords of at most one record. A closed
 * shard read to its end answers no records and no `NextShardIterator` (and its `ChildShards`).
 * Returns the children when ended, `undefined` otherwise.
 */
export async function probeShardEnd(
  client: KinesisClient,
  target: StreamRequestFields & { shardId: string; sequenceNumber: string },
  signal: AbortSignal,
): Promise<ChildShard[] | undefined> {
  const { shardId, sequenceNumber, ...stream } = target;
  const { ShardIterator: iterator } = await client.send(
    new GetShardIteratorCommand({
      ...stream,
      ShardId: shardId,
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      StartingSequenceNumber: sequenceNumber,
    }),
    { abortSignal: signal },
  );
  if (iterator === undefined) return undefined;
  const response = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }), {
    abortSignal: signal,
  });
  const ended = (response.Records ?? []).length === 0 && !response.NextShardIterator;
  return ended ? (response.ChildShards ?? []) : undefined;
}
