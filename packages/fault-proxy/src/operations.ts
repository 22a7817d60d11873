/** A PutRecords request entry as the JSON protocol carries it. */
interface PutRecordsEntry {
  Data: string;
  PartitionKey: string;
  ExplicitHashKey?: string;
}

/** A PutRecords response entry. */
type PutRecordsResultEntry =
  | { SequenceNumber: string; ShardId: string }
  | { ErrorCode: string; ErrorMessage: string };

/** How a PutRecords call is cut: which entries go on, and how to put the answer back together. */
export interface PutRecordsSplit {
  /** `undefined` when every entry is throttled: Kinesis refuses a PutRecords of no records. */
  readonly forwardBody: string | undefined;
  readonly throttled: number;
  readonly forwarded: number;
  merge(responseBody: string | undefined): string;
}

const THROTTLE_MESSAGE = 'Rate exceeded for shard (injected by the fault proxy)';

/**
 * Withholds a random share of a PutRecords call's entries from the stream and answers them with
 * `ProvisionedThroughputExceededException`, in request order, as Kinesis does.
 */
export function splitPutRecords(
  body: string,
  throttleRate: number,
  random: () => number,
): PutRecordsSplit {
  const request = JSON.parse(body) as { Records: PutRecordsEntry[] } & Record<string, unknown>;
  const throttledAt = request.Records.map(() => random() < throttleRate);
  const kept = request.Records.filter((_, index) => !throttledAt[index]);
  const throttled = throttledAt.filter(Boolean).length;
  return {
    forwardBody: kept.length > 0 ? JSON.stringify({ ...request, Records: kept }) : undefined,
    throttled,
    forwarded: kept.length,
    merge(responseBody) {
      const response = (responseBody === undefined ? {} : JSON.parse(responseBody)) as {
        FailedRecordCount?: number;
        Records?: PutRecordsResultEntry[];
      };
      const answers = response.Records ?? [];
      let next = 0;
      const records = throttledAt.map((isThrottled): PutRecordsResultEntry => {
        if (isThrottled)
          return {
            ErrorCode: 'ProvisionedThroughputExceededException',
            ErrorMessage: THROTTLE_MESSAGE,
          };
        const answer = answers[next];
        next += 1;
        return answer ?? { ErrorCode: 'InternalFailure', ErrorMessage: 'missing answer' };
      });
      const failed = records.filter((record) => 'ErrorCode' in record).length;
      return JSON.stringify({ ...response, FailedRecordCount: failed, Records: records });
    },
  };
}

/** A BatchWriteItem call cut in two: what goes on, and what is handed back as unprocessed. */
export interface BatchWriteSplit {
  readonly forwardBody: string | undefined;
  readonly unprocessed: number;
  merge(responseBody: string | undefined): string;
}

/**
 * Holds back a random share of a BatchWriteItem call's requests and returns them as
 * `UnprocessedItems`, as DynamoDB does under throttling.
 */
export function splitBatchWrite(
  body: string,
  unprocessedRate: number,
  random: () => number,
): BatchWriteSplit {
  const request = JSON.parse(body) as { RequestItems: Record<string, unknown[]> } & Record<
    string,
    unknown
  >;
  const forward: Record<string, unknown[]> = {};
  const held: Record<string, unknown[]> = {};
  let unprocessed = 0;
  for (const [table, writes] of Object.entries(request.RequestItems)) {
    const kept = writes.filter(() => random() >= unprocessedRate);
    const withheld = writes.filter((write) => !kept.includes(write));
    if (kept.length > 0) forward[table] = kept;
    if (withheld.length > 0) held[table] = withheld;
    unprocessed += withheld.length;
  }
  const anythingLeft = Object.keys(forward).length > 0;
  return {
    forwardBody: anythingLeft ? JSON.stringify({ ...request, RequestItems: forward }) : undefined,
    unprocessed,
    merge(responseBody) {
      const response = (responseBody === undefined ? {} : JSON.parse(responseBody)) as {
        UnprocessedItems?: Record<string, unknown[]>;
      };
      const merged: Record<string, unknown[]> = { ...(response.UnprocessedItems ?? {}) };
      for (const [table, writes] of Object.entries(held))
        merged[table] = [...(merged[table] ?? []), ...writes];
      return JSON.stringify({ ...response, UnprocessedItems: merged });
    },
  };
}
