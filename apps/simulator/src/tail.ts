import type { KinesisStreamRecord } from '@kds/consumer';
import { createLocalTrigger, type KinesisHandler, StartingPosition } from '@kds/local';
import { createKinesisClient } from '@kds/reader';
import { safeDecodeReading } from '@kds/schema';
import { TailFrom as From, type TailFrom } from './args.js';

/** The consumer name a tail keeps its checkpoints under, apart from the handler's. */
export const TAIL_CONSUMER_NAME = 'tail';

/**
 * One line for a record as a tail prints it: the shard, then the reading (or the raw data when it
 * is not a reading), or a JSON object with `--json`.
 *
 * @example
 * ```ts
 * import { formatTailLine } from './tail.js';
 *
 * const line = formatTailLine(record, { json: false });
 * ```
 */
export function formatTailLine(record: KinesisStreamRecord, options: { json: boolean }): string {
  const shardId = record.eventID.split(':')[0] ?? '';
  const bytes = Buffer.from(record.kinesis.data, 'base64');
  const decoded = safeDecodeReading(bytes);
  if (options.json) {
    return JSON.stringify({
      shardId,
      sequenceNumber: record.kinesis.sequenceNumber,
      partitionKey: record.kinesis.partitionKey,
      ...(decoded.ok ? { reading: decoded.value } : { data: bytes.toString('utf8') }),
    });
  }
  if (!decoded.ok) return `${shardId}  (not a reading) ${bytes.toString('utf8').slice(0, 80)}`;
  const { Timestamp, Spot, Temperature } = decoded.value;
  return `${shardId}  ${Timestamp}  ${Spot.padEnd(2)}  ${String(Temperature).padStart(3)}`;
}

/**
 * A handler that prints every record of each event.
 *
 * @example
 * ```ts
 * import { printingHandler } from './tail.js';
 *
 * const handler = printingHandler(console.log, { json: false });
 * ```
 */
export function printingHandler(
  print: (line: string) => void,
  options: { json: boolean },
): KinesisHandler {
  return async (event) => {
    for (const record of event.Records) print(formatTailLine(record, options));
  };
}

/** What a tail did. */
export interface TailSummary {
  readonly printed: number;
}

/**
 * Reads a stream as a consumer of its own (own checkpoints, beside Lambda or the handler) and
 * prints each reading as it arrives, until `count` readings, `durationMs`, or the signal.
 *
 * @example
 * ```ts
 * import { runTail } from './tail.js';
 *
 * const { printed } = await runTail(
 *   { streamName: 'TestDataStream', from: 'latest', count: 10, durationMs: undefined, json: false },
 *   { print: console.log, onError: console.error },
 * );
 * ```
 */
export async function runTail(
  options: {
    streamName: string;
    from: TailFrom;
    count: number | undefined;
    durationMs: number | undefined;
    json: boolean;
  },
  io: { print(line: string): void; onError(error: unknown): void; signal?: AbortSignal },
): Promise<TailSummary> {
  const client = createKinesisClient();
  let printed = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const trigger = createLocalTrigger({
    client,
    streamName: options.streamName,
    consumerName: TAIL_CONSUMER_NAME,
    startingPosition:
      options.from === From.TrimHorizon ? StartingPosition.TrimHorizon : StartingPosition.Latest,
    handler: async (event) => {
      for (const record of event.Records) {
        if (options.count !== undefined && printed >= options.count) break;
        io.print(formatTailLine(record, options));
        printed += 1;
      }
      if (options.count !== undefined && printed >= options.count) finish();
    },
    onError: io.onError,
  });
  const timer =
    options.durationMs === undefined ? undefined : setTimeout(finish, options.durationMs);
  io.signal?.addEventListener('abort', finish, { once: true });
  try {
    await trigger.start();
    await finished;
  } finally {
    clearTimeout(timer);
    await trigger.stop();
    client.destroy();
  }
  return { printed };
}
