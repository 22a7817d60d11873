import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { AggregateEntry, type KinesisEntry } from './aggregate-entry.js';
import { putRecordsBody, usePutRecordsWire } from './put-records-wire.js';
import { withTimeout } from './with-timeout.js';

/**
 * How a PutRecords call ended: an answer (one result per entry, in order; an entry past the end of
 * a short answer has none) or an error.
 */
export type PutRecordsAnswer =
  | { readonly ok: true; readonly entries: readonly PutRecordsResultEntry[] }
  | { readonly ok: false; readonly error: unknown };

/** Where the records go and how long a request may take. */
export interface PutRecordsTarget {
  readonly client: KinesisClient;
  readonly streamName: string | undefined;
  readonly streamARN: string | undefined;
  readonly timeoutMs: number;
  /** Whether the producer writes the request body itself (the client speaks AWS JSON 1.1). */
  readonly writeBody: boolean;
}

/**
 * An entry of the request. String data (kept as text for aggregation, then sent plain: a group of
 * one, or a record without a predicted shard) becomes its UTF-8 bytes here.
 */
function entryOf(record: KinesisEntry): PutRecordsRequestEntry {
  const data = typeof record.data === 'string' ? Buffer.from(record.data, 'utf8') : record.data;
  return record.explicitHashKey === undefined
    ? { Data: data, PartitionKey: record.partitionKey }
    : { Data: data, PartitionKey: record.partitionKey, ExplicitHashKey: record.explicitHashKey };
}

/**
 * Sends one batch as a PutRecords request, abandoned after `timeoutMs`; never rejects. Counts the
 * attempt on each user record, those of an aggregate included.
 */
export async function putRecords(
  target: PutRecordsTarget,
  batch: readonly KinesisEntry[],
): Promise<PutRecordsAnswer> {
  const { client, streamName, streamARN, timeoutMs, writeBody } = target;
  const records = batch.map((entry) => {
    if (entry instanceof AggregateEntry) {
      for (const record of entry.records) record.attempts += 1;
    } else {
      entry.attempts += 1;
    }
    return entryOf(entry);
  });
  const input = {
    Records: records,
    ...(streamName === undefined ? {} : { StreamName: streamName }),
    ...(streamARN === undefined ? {} : { StreamARN: streamARN }),
  };
  try {
    const response = await withTimeout(
      (abortSignal) => {
        const command = new PutRecordsCommand(input);
        if (writeBody) usePutRecordsWire(command, putRecordsBody(target, records));
        return client.send(command, { abortSignal });
      },
      { timeoutMs, operation: 'PutRecords' },
    );
    return { ok: true, entries: response?.Records ?? [] };
  } catch (error) {
    return { ok: false, error };
  }
}
