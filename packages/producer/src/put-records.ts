import {
  type KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import type { PendingRecord } from './pending-record.js';
import { withTimeout } from './with-timeout.js';

/** How a PutRecords call ended: an answer (one entry per record, in order) or an error. */
export type PutRecordsAnswer =
  | { readonly ok: true; readonly entries: readonly (PutRecordsResultEntry | undefined)[] }
  | { readonly ok: false; readonly error: unknown };

/** Where the records go and how long a request may take. */
export interface PutRecordsTarget {
  readonly client: KinesisClient;
  readonly streamName: string | undefined;
  readonly streamARN: string | undefined;
  readonly timeoutMs: number;
}

function entryOf(record: PendingRecord): PutRecordsRequestEntry {
  return record.explicitHashKey === undefined
    ? { Data: record.data, PartitionKey: record.partitionKey }
    : {
        Data: record.data,
        PartitionKey: record.partitionKey,
        ExplicitHashKey: record.explicitHashKey,
      };
}

/**
 * Sends one batch as a PutRecords request, abandoned after `timeoutMs`; never rejects. Counts the
 * attempt on each record. Entries the answer leaves out come back `undefined`.
 */
export async function putRecords(
  target: PutRecordsTarget,
  batch: readonly PendingRecord[],
): Promise<PutRecordsAnswer> {
  const { client, streamName, streamARN, timeoutMs } = target;
  const input = {
    Records: batch.map((record) => {
      record.attempts += 1;
      return entryOf(record);
    }),
    ...(streamName === undefined ? {} : { StreamName: streamName }),
    ...(streamARN === undefined ? {} : { StreamARN: streamARN }),
  };
  try {
    const response = await withTimeout(
      (abortSignal) => client.send(new PutRecordsCommand(input), { abortSignal }),
      { timeoutMs, operation: 'PutRecords' },
    );
    const results = response?.Records ?? [];
    return { ok: true, entries: batch.map((_, index) => results[index]) };
  } catch (error) {
    return { ok: false, error };
  }
}
