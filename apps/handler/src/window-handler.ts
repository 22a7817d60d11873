import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  createDecoder,
  createWindowedHandler,
  PoisonPolicy,
  type WindowEnd,
  type WindowedHandler,
} from '@kds/consumer';
import { type Reading, ReadingSchema } from '@kds/schema';
import { z } from 'zod';
import { DEFAULT_WINDOW_TABLE_NAME } from './constants.js';
import { jsonLogger, type Logger } from './logger.js';

/** What the window keeps per Spot: enough for the minimum, maximum and mean. */
export const SpotStatsSchema = z.object({
  count: z.number().int().positive(),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
  /** The sequence number of the Spot's first reading in this part of the window. */
  first: z.string(),
});

/** The state of a window: the statistics of each Spot seen in it, on one shard. */
export const WindowStateSchema = z.record(z.string(), SpotStatsSchema);

/** The state of a window, by Spot. */
export type WindowState = z.infer<typeof WindowStateSchema>;

/** One item of the window table: the aggregates of one Spot over one window on one shard. */
export interface WindowAggregate {
  readonly Spot: string;
  /** The sort key: `<WindowStart, 13 digits>#<ShardId>#<first sequence number>`. */
  readonly Window: string;
  /** Epoch milliseconds. */
  readonly WindowStart: number;
  readonly WindowEnd: number;
  readonly ShardId: string;
  readonly Count: number;
  readonly Min: number;
  readonly Max: number;
  readonly Mean: number;
  readonly Sum: number;
  readonly TerminatedEarly: boolean;
}

/** Options of {@link createWindowHandler}: a document client, or a config to make one. */
export type WindowHandlerOptions = {
  /** The table the aggregates go to. Default `TestWindowTable`. */
  tableName?: string;
  /** Default: one JSON line per window end on stdout, one per bad record on stderr. */
  logger?: Logger;
} & (
  | { client: DynamoDBDocumentClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never }
);

/** Folds one reading into the window's statistics of its Spot. */
export function addReading(
  state: WindowState,
  reading: Reading,
  sequenceNumber: string,
): WindowState {
  const stats = state[reading.Spot];
  const t = reading.Temperature;
  state[reading.Spot] =
    stats === undefined
      ? { count: 1, sum: t, min: t, max: t, first: sequenceNumber }
      : {
          count: stats.count + 1,
          sum: stats.sum + t,
          min: Math.min(stats.min, t),
          max: Math.max(stats.max, t),
          first: stats.first,
        };
  return state;
}

/**
 * The items a window's final state becomes, one per Spot. The key holds the shard and the first
 * sequence number of the Spot in this part of the window: a window may end on several shards (a
 * Spot's readings go to any shard; a reshard closes the parents' window), or twice on one shard
 * when its state reached 1 MB, and each part is its own item, so a final invocation retried writes
 * the same item again instead of counting twice. Readers merge the parts: sum the counts and sums,
 * take the smallest minimum and the largest maximum.
 *
 * @example
 * ```ts
 * import { toWindowAggregates } from 'handler';
 *
 * const items = toWindowAggregates(
 *   { Q: { count: 2, sum: 71, min: 35, max: 36, first: '4959' } },
 *   { start: new Date(0), end: new Date(60_000), shardId: 'shardId-000000000000', eventSourceARN: 'arn', terminatedEarly: false },
 * );
 * ```
 */
export function toWindowAggregates(state: WindowState, window: WindowEnd): WindowAggregate[] {
  const start = window.start.getTime();
  return Object.entries(state).map(([Spot, stats]) => ({
    Spot,
    Window: `${String(start).padStart(13, '0')}#${window.shardId}#${stats.first}`,
    WindowStart: start,
    WindowEnd: window.end.getTime(),
    ShardId: window.shardId,
    Count: stats.count,
    Min: stats.min,
    Max: stats.max,
    Mean: stats.sum / stats.count,
    Sum: stats.sum,
    TerminatedEarly: window.terminatedEarly,
  }));
}

/**
 * The tutorial's windowed Lambda function (an event source mapping with `TumblingWindowInSeconds`):
 * per Spot, the count, minimum, maximum and sum of the Temperatures of each window kept in the
 * window's state, and at the window's end (the final invocation) one item per Spot written to the
 * window table with the mean. Records that can never decode are logged and skipped.
 *
 * @example
 * ```ts
 * import { createWindowHandler } from 'handler';
 *
 * export const windowHandler = createWindowHandler({ tableName: 'TestWindowTable' });
 * ```
 */
export function createWindowHandler(
  options: WindowHandlerOptions = {},
): WindowedHandler<WindowState> {
  const { tableName = DEFAULT_WINDOW_TABLE_NAME, logger = jsonLogger } = options;
  const client =
    options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}));
  return createWindowedHandler({
    decoder: createDecoder({ schema: ReadingSchema }),
    state: WindowStateSchema,
    initial: (): WindowState => ({}),
    aggregate: (state, reading, item) =>
      addReading(state, reading, item.record.kinesis.sequenceNumber),
    poison: PoisonPolicy.Skip,
    onPoison: ({ record, error }) =>
      logger.error({
        message: 'record does not decode',
        code: error.code,
        error: error.message,
        eventID: record.eventID,
      }),
    onWindowEnd: async (state, window) => {
      const items = toWindowAggregates(state, window);
      // PutItem is idempotent: a final invocation retried writes the same items.
      await Promise.all(
        items.map((Item) => client.send(new PutCommand({ TableName: tableName, Item }))),
      );
      logger.info({
        message: 'window',
        tableName,
        shardId: window.shardId,
        start: window.start.toISOString(),
        end: window.end.toISOString(),
        terminatedEarly: window.terminatedEarly,
        spots: items.length,
        readings: items.reduce((total, item) => total + item.Count, 0),
      });
    },
  });
}
