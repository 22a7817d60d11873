import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from '@kds/consumer';
import type { createBatchDelivery } from './batch-delivery.js';
import { MAX_INVOCATION_PAYLOAD_BYTES } from './constants.js';
import { toKinesisEvent } from './event.js';
import type { TriggerState } from './trigger-state.js';

/** Lambda keeps order per partition key across the concurrent batches of one shard. */
function laneOf(partitionKey: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i += 1) {
    hash ^= partitionKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}

/** The JSON of an event around its records: `{"Records":[` and `]}`. */
const EVENT_ENVELOPE_BYTES = Buffer.byteLength('{"Records":[]}');

/** A record's share of the invocation payload: its JSON in UTF-8, and the comma after it. */
function payloadBytes(record: KinesisStreamRecord): number {
  return Buffer.byteLength(JSON.stringify(record)) + 1;
}

/** Cuts records into batches of at most `batchSize` records and Lambda's 6 MB payload. */
function toBatches(
  records: readonly KinesisStreamRecord[],
  batchSize: number,
): KinesisStreamRecord[][] {
  const batches: KinesisStreamRecord[][] = [];
  let current: KinesisStreamRecord[] = [];
  let bytes = EVENT_ENVELOPE_BYTES;
  for (const record of records) {
    const size = payloadBytes(record);
    if (
      current.length > 0 &&
      (current.length >= batchSize || bytes + size > MAX_INVOCATION_PAYLOAD_BYTES)
    ) {
      batches.push(current);
      current = [];
      bytes = EVENT_ENVELOPE_BYTES;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Hands a batch to the handler, with its retries, and settles its records. */
export type BatchDelivery = ReturnType<typeof createBatchDelivery>;

/** What a round of one shard needs besides the trigger's state. */
export interface RoundContext {
  readonly shardId: string;
  readonly deliver: BatchDelivery;
  readonly saveCheckpoint: (checkpoint: string) => Promise<void>;
}

/** Hands one fetched round to the handler, lane by lane; checkpoints what is settled. */
export async function processRound(
  state: TriggerState,
  { shardId, deliver, saveCheckpoint }: RoundContext,
  fetched: readonly _Record[],
): Promise<void> {
  const { settings, filter } = state;
  const events = toKinesisEvent(fetched, {
    shardId,
    streamARN: state.streamArn,
    region: state.region,
    invokeIdentityArn: settings.invokeIdentityArn,
  }).Records;
  const settled = new Set<KinesisStreamRecord>();
  let position = 0;
  const kept = events.filter((event, index) => {
    const keep = filter === undefined || filter(fetched[index]?.Data ?? new Uint8Array());
    // Records no filter matches are never delivered and are checkpointed past.
    if (!keep) settled.add(event);
    return keep;
  });
  const settle = async (records: readonly KinesisStreamRecord[]): Promise<void> => {
    for (const record of records) settled.add(record);
    const before = position;
    while (position < events.length && settled.has(events[position] as KinesisStreamRecord))
      position += 1;
    if (position > before) {
      await saveCheckpoint((events[position - 1] as KinesisStreamRecord).kinesis.sequenceNumber);
    }
  };
  const lanes: KinesisStreamRecord[][] = Array.from(
    { length: settings.parallelizationFactor },
    () => [],
  );
  for (const record of kept) {
    lanes[laneOf(record.kinesis.partitionKey, lanes.length)]?.push(record);
  }
  await Promise.all(
    lanes.map(async (lane) => {
      for (const batch of toBatches(lane, settings.batchSize)) {
        if (!state.running) return;
        await deliver(batch, settle);
      }
    }),
  );
  await settle([]);
}
