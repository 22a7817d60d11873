import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type Comparison,
  ConsumerError,
  createDecoder,
  createPipeline,
  type KinesisStreamBatchResponse,
  type KinesisStreamEvent,
  type LambdaContext,
  type PoisonPolicy,
  type ProcessOptions,
  processKinesisEvent,
  type RecordFailure,
  where,
} from '@kds/consumer';
import { createDynamoDbSink } from '@kds/dynamodb';
import {
  createEmfWriter,
  type EmfWriterOptions,
  MetricUnit,
  writeProcessSummary,
} from '@kds/metrics';
import { type Reading, ReadingSchema } from '@kds/schema';
import {
  BATCH_ITEM_FAILURES_METRIC,
  DEFAULT_MIN_TEMPERATURE,
  DEFAULT_POISON_POLICY,
  DEFAULT_TABLE_NAME,
  READINGS_TABLE_KEY,
} from './constants.js';
import { jsonLogger, type Logger } from './logger.js';

/** Options of {@link createHandler}: a document client, or a config to make one. */
export type HandlerOptions = {
  /** Default `TestTable`. */
  tableName?: string;
  /** Readings at or above it are stored. Default 35. */
  minTemperature?: number;
  /** What to do with a record that can never decode. Default `report`. */
  poison?: PoisonPolicy;
  /** Default: one JSON line per batch on stdout, one per bad record on stderr. */
  logger?: Logger;
  /**
   * Writes one CloudWatch Embedded Metric Format line per invocation (stdout by default, where
   * Lambda turns it into metrics) with these options. Default none: no metrics.
   */
  metrics?: EmfWriterOptions;
} & (
  | { client: DynamoDBDocumentClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never }
);

/** The Lambda function: Kinesis event (and Lambda's context) in, partial batch response out. */
export type ReadingsHandler = (
  event: KinesisStreamEvent,
  context?: LambdaContext,
) => Promise<KinesisStreamBatchResponse>;

/**
 * The filter the handler applies: readings at or above the threshold. Its `filterPattern` is the
 * same rule as a Lambda FilterCriteria pattern, for the event source mapping.
 *
 * @example
 * ```ts
 * import { toFilterCriteria } from '@kds/consumer';
 * import { hotReadings } from 'handler';
 *
 * hotReadings(35)({ Timestamp: 1, Spot: 'A', Temperature: 36 }); // true
 * toFilterCriteria(hotReadings(35)); // { Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] }
 * ```
 */
export function hotReadings(minTemperature: number): Comparison<'Temperature'> {
  return where('Temperature', '>=', minTemperature);
}

function describeFailure(failure: RecordFailure): Record<string, unknown> {
  const { record, error, userRecord } = failure;
  return {
    sequenceNumber: record.kinesis.sequenceNumber,
    ...(userRecord === undefined ? {} : { subSequenceNumber: userRecord.subSequenceNumber }),
    code: error instanceof ConsumerError ? error.code : 'UNKNOWN',
    error: error instanceof Error ? error.message : String(error),
  };
}

/** What the handler does with each batch: the options of `processKinesisEvent`, without Lambda's context. */
export type ReadingsProcessor = Omit<ProcessOptions<Reading>, 'context'>;

/** Options of {@link createReadingsProcessor}. */
export interface ReadingsProcessorOptions {
  /** The document client the sink writes with. */
  client: DynamoDBDocumentClient;
  /** Default `TestTable`. */
  tableName?: string;
  /** Readings at or above it are stored. Default 35. */
  minTemperature?: number;
  /** What to do with a record that can never decode. Default `report`. */
  poison?: PoisonPolicy;
  /** Receives one entry per record that does not decode. Default: JSON lines on stderr. */
  logger?: Logger;
}

/**
 * The handler's logic, for any runner of `processKinesisEvent` options (the Lambda handler, or a
 * `@kds/worker` worker): decode each record as a {@link Reading} (strict: base64, gzip, JSON,
 * schema), keep those with `Temperature >= minTemperature`, store them in DynamoDB with idempotent
 * puts, and log each record that does not decode.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { type KinesisStreamEvent, processKinesisEvent } from '@kds/consumer';
 * import { createReadingsProcessor } from 'handler';
 *
 * const processor = createReadingsProcessor({
 *   client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
 *   tableName: 'TestTable',
 *   minTemperature: 35,
 * });
 * declare const event: KinesisStreamEvent;
 * // The same options a worker takes: createWorker({ ..., processor }) from @kds/worker.
 * const { batchItemFailures } = await processKinesisEvent(event, processor);
 * ```
 */
export function createReadingsProcessor(options: ReadingsProcessorOptions): ReadingsProcessor {
  const {
    client,
    tableName = DEFAULT_TABLE_NAME,
    minTemperature = DEFAULT_MIN_TEMPERATURE,
    poison = DEFAULT_POISON_POLICY,
    logger = jsonLogger,
  } = options;
  return {
    decoder: createDecoder({ schema: ReadingSchema }),
    pipeline: createPipeline<Reading>().filter(hotReadings(minTemperature)),
    // The key the tables are created with: no DescribeTable call, so the function needs no read
    // permission on the table's description, only BatchWriteItem.
    sink: createDynamoDbSink<Reading>({ client, tableName, key: READINGS_TABLE_KEY }),
    poison,
    onPoison: ({ record, error, userRecord }) =>
      logger.error({
        message: 'record does not decode',
        code: error.code,
        error: error.message,
        eventID: record.eventID,
        sequenceNumber: record.kinesis.sequenceNumber,
        ...(userRecord === undefined ? {} : { subSequenceNumber: userRecord.subSequenceNumber }),
      }),
  };
}

/**
 * Builds the tutorial's Lambda handler: decode each record as a {@link Reading} (strict: base64,
 * gzip, JSON, schema), keep those with `Temperature >= minTemperature`, store them in DynamoDB
 * (idempotent puts, retried until the Lambda's deadline), and return `batchItemFailures` with the
 * record Lambda should retry from. Logs one JSON line per batch with counts, and one per record
 * that does not decode. With `metrics`, writes the counts as one EMF line per invocation too.
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
    poison = DEFAULT_POISON_POLICY,
    logger = jsonLogger,
  } = options;
  const client =
    options.client ??
    DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}), {
      marshallOptions: { removeUndefinedValues: true },
    });
  const processor = createReadingsProcessor({
    client,
    tableName,
    minTemperature,
    poison,
    logger,
  });
  const emf = options.metrics === undefined ? undefined : createEmfWriter(options.metrics);

  return async (event, context) => {
    const { batchItemFailures, summary, failure } = await processKinesisEvent(event, {
      ...processor,
      ...(context === undefined ? {} : { context }),
    });
    logger.info({
      message: 'batch',
      tableName,
      minTemperature,
      poisonPolicy: poison,
      ...summary,
      batchItemFailures: batchItemFailures.length,
      ...(failure === undefined ? {} : { failure: describeFailure(failure) }),
    });
    if (emf !== undefined) {
      emf.putMetric(BATCH_ITEM_FAILURES_METRIC, batchItemFailures.length, MetricUnit.Count);
      writeProcessSummary(emf, summary);
    }
    return { batchItemFailures };
  };
}
