import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDecoder,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  PoisonPolicy,
  type Predicate,
  processKinesisEvent,
  where,
} from '@kds/consumer';
import { type Reading, ReadingSchema } from '@kds/schema';
import { DEFAULT_MIN_TEMPERATURE, DEFAULT_TABLE_NAME, READINGS_TABLE_KEY } from './constants.js';
import { createDynamoDbSink } from './dynamodb-sink.js';
import { jsonLogger, type Logger } from './logger.js';

/** Options of {@link createHandler}. */
export type HandlerOptions = {
  /** Default `TestTable`. */
  tableName?: string;
  /** Readings at or above it are stored. Default 35. */
  minTemperature?: number;
  /** Default: one JSON line per batch on stdout, one per bad record on stderr. */
  logger?: Logger;
} & (
  | { client: DynamoDBDocumentClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never }
);

/** The Lambda function: Kinesis event in, partial batch response out. */
export type ReadingsHandler = (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

/**
 * The filter the handler applies: readings at or above the threshold. Its `filterPattern` is the
 * same rule as a Lambda FilterCriteria.
 *
 * @example
 * ```ts
 * import { hotReadings } from 'handler';
 *
 * hotReadings(35)({ Timestamp: 1, Spot: 'A', Temperature: 36 }); // true
 * ```
 */
export function hotReadings(minTemperature: number): Predicate<Reading> {
  return where<Reading, 'Temperature'>('Temperature', '>=', minTemperature);
}

/**
 * Builds the tutorial's Lambda handler: decode each record as a {@link Reading}, keep those with
 * `Temperature >= minTemperature`, store them in DynamoDB, and return `batchItemFailures` for the
 * records that did not decode or could not be stored. Logs one JSON line per batch with counts.
 *
 * @example
 * ```ts
 * import { createHandler } from 'handler';
 *
 * export const handler = createHandler({ tableName: 'TestTable', minTemperature: 35 });
 * ```
 */
export function createHandler(options: HandlerOptions = {}): ReadingsHandler {
  const {
    tableName = DEFAULT_TABLE_NAME,
    minTemperature = DEFAULT_MIN_TEMPERATURE,
    logger = jsonLogger,
  } = options;
  const client =
    options.client ??
    DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}), {
      marshallOptions: { removeUndefinedValues: true },
    });
  const decoder = createDecoder({ schema: ReadingSchema });
  const sink = createDynamoDbSink<Reading>({
    client,
    tableName,
    keyAttributes: READINGS_TABLE_KEY.map((key) => key.name),
  });
  const filter = hotReadings(minTemperature);

  return async (event) => {
    const { batchItemFailures, summary } = await processKinesisEvent(event, {
      decoder,
      filter,
      sink,
      poison: PoisonPolicy.Report,
      onPoison: ({ record, error }) =>
        logger.error({
          message: 'record does not decode',
          code: error.code,
          error: error.message,
          eventID: record.eventID,
          sequenceNumber: record.kinesis.sequenceNumber,
        }),
    });
    logger.info({
      message: 'batch',
      tableName,
      minTemperature,
      ...summary,
      batchItemFailures: batchItemFailures.length,
    });
    return { batchItemFailures };
  };
}
