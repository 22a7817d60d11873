import type { _Record, ChildShard } from '@aws-sdk/client-kinesis';
import {
  createFanOutShardReader,
  createShardReader,
  ReadAbortedError,
  type ShardReader,
  type StartPosition,
} from '@kds/reader';
import { createBatchDelivery, type DeliveryContext } from './batch-delivery.js';
import { MAX_GET_RECORDS_LIMIT } from './constants.js';
import { StartingPosition } from './trigger-options.js';
import { processRound } from './trigger-round.js';
import { pause, type ShardNode, ShardState, type TriggerState } from './trigger-state.js';
import { createShardWindows } from './trigger-windows.js';

/** Where a shard starts: after its checkpoint, else at the trigger's starting position. */
function startOf(state: TriggerState, node: ShardNode): StartPosition {
  const { settings, checkpoints, states } = state;
  const checkpoint = checkpoints.get(node.ShardId);
  if (checkpoint !== undefined) {
    return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint };
  }
  if (settings.startingPosition === StartingPosition.AtTimestamp && settings.startingTimestamp) {
    return { type: 'AT_TIMESTAMP', timestamp: settings.startingTimestamp };
  }
  const readParent = [node.ParentShardId, node.AdjacentParentShardId].some(
    (parent) => parent !== undefined && states.get(parent) === ShardState.Ended,
  );
  // A child of a shard this trigger read starts at its beginning, so nothing falls between.
  if (settings.startingPosition === StartingPosition.Latest && !readParent) {
    return { type: 'LATEST' };
  }
  return { type: 'TRIM_HORIZON' };
}

/** A read of a reader the trigger stopped: undefined instead of `ReadAbortedError`. */
async function unlessStopped<T>(
  state: TriggerState,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!state.running && error instanceof ReadAbortedError) return undefined;
    throw error;
  }
}

/**
 * Reads one shard and hands its records to the handler until the trigger stops or the shard is
 * read to its end; `ready` is called once the shard has its iterator. Resolves with the shard's
 * children when it ended, else undefined.
 */
export async function readShard(
  state: TriggerState,
  node: ShardNode,
  saveCheckpoint: (checkpoint: string) => Promise<void>,
  ready: () => void,
): Promise<{ childShards: readonly ChildShard[] } | undefined> {
  const { settings, streamArn, region, functionName } = state;
  const shardId = node.ShardId;
  const delivery: DeliveryContext = {
    settings,
    handler: state.handler,
    shardId,
    streamArn,
    functionName,
    functionArn: `arn:aws:lambda:${region}:${settings.accountId}:function:${functionName}`,
    destinations: state.destinations,
    isRunning: () => state.running,
    pause: (ms) => pause(state, ms),
    onError: state.onError,
  };
  const windows =
    settings.tumblingWindowMs > 0
      ? createShardWindows(state, { delivery, saveCheckpoint })
      : undefined;
  const deliver = createBatchDelivery(delivery);
  const fetchLimit = Math.min(
    MAX_GET_RECORDS_LIMIT,
    settings.batchSize * settings.parallelizationFactor,
  );
  const { consumerArn, shardEndCheckIntervalMs } = state.source;
  // A consumer ARN reads as Lambda does on one: SubscribeToShard, records pushed, no polling.
  const reader: ShardReader =
    consumerArn === undefined
      ? createShardReader({
          client: state.client,
          streamName: state.streamName,
          shardId,
          start: startOf(state, node),
          limit: fetchLimit,
          readLimiter: state.readLimiter,
          readLimiterKey: `${streamArn}/${shardId}`,
          onError: state.onError,
        })
      : createFanOutShardReader({
          client: state.client,
          consumerARN: consumerArn,
          shardId,
          start: startOf(state, node),
          onError: state.onError,
          ...(shardEndCheckIntervalMs === undefined ? {} : { shardEndCheckIntervalMs }),
        });
  state.readers.add(reader);
  try {
    try {
      await unlessStopped(state, () => reader.open());
    } finally {
      ready();
    }

    let buffer: _Record[] = [];
    let bufferedSince = 0;
    let childShards: readonly ChildShard[] = [];
    let ended = false;
    while (state.running && !ended) {
      const result = await unlessStopped(state, () => reader.read());
      if (result === undefined) break;
      const fetched = result.records;
      if (result.childShards.length > 0) childShards = result.childShards;
      ended = result.ended;
      if (fetched.length > 0) {
        if (buffer.length === 0) bufferedSince = Date.now();
        buffer.push(...fetched);
      }
      const windowOver = Date.now() - bufferedSince >= settings.batchingWindowMs;
      if (buffer.length > 0 && (ended || windowOver || buffer.length >= fetchLimit)) {
        const round = buffer;
        buffer = [];
        if (windows === undefined) {
          await processRound(state, { shardId, deliver, saveCheckpoint }, round);
        } else {
          await windows.round(round);
        }
        continue;
      }
      if (fetched.length === 0 && !ended) {
        if (buffer.length === 0) await windows?.idle();
        // A subscription's read() waits for the next event itself: nothing to poll.
        if (consumerArn !== undefined) continue;
        const untilWindow =
          buffer.length > 0 ? settings.batchingWindowMs - (Date.now() - bufferedSince) : Infinity;
        await pause(state, Math.min(settings.pollIntervalMs, Math.max(0, untilWindow)));
      }
    }
    // The shard's end closes its window: its children start their own, in a fresh state.
    if (ended && state.running) await windows?.end();
    return ended && state.running ? { childShards } : undefined;
  } finally {
    state.readers.delete(reader);
    reader.close();
  }
}
