import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeAggregate } from '@kds/aggregation';
import type { KinesisStreamEvent } from '@kds/consumer';
import { type LocalEmulators, startEmulators } from '@kds/emulators';
import {
  createLocalTrigger,
  createStream,
  FunctionResponseType,
  type LocalTrigger,
  localClientConfig,
} from '@kds/local';
import { decodeReading, type Reading } from '@kds/schema';
import { createHandler, DEFAULT_MIN_TEMPERATURE, silentLogger } from 'handler';
import { createReadingsTable, scanItems } from 'simulator/table';

// The readings table as the simulator creates it, for the scenarios that set one up themselves.
export { createReadingsTable } from 'simulator/table';

/** The local pipeline of the tutorial: emulators, stream, table, trigger and the real handler. */
export interface LocalPipeline {
  /** The endpoints the pipeline talks to. */
  readonly endpoints: PipelineEndpoints;
  readonly kinesis: KinesisClient;
  readonly documents: DynamoDBDocumentClient;
  readonly streamName: string;
  readonly tableName: string;
  readonly trigger: LocalTrigger;
  /** Every reading the handler was invoked with, in the order it got them (unless `onHandled`). */
  readonly handled: Reading[];
  /** How many times the handler was invoked. */
  invocations(): number;
  /** Every reading stored in the table. */
  scanStored(): Promise<Reading[]>;
  /** Stops the trigger, the clients and the emulators. */
  stop(): Promise<void>;
}

/** Kinesis and DynamoDB endpoints. */
export interface PipelineEndpoints {
  readonly kinesis: string;
  readonly dynamodb: string;
}

/** Options of {@link startPipeline}. */
export interface PipelineOptions {
  /** Emulators already running (e.g. in another process). Default: start kinesalite and dynalite here. */
  endpoints?: PipelineEndpoints;
  /**
   * Called with the readings of each invocation instead of keeping them in `handled` (a long run
   * must not hold every reading).
   */
  onHandled?: (readings: readonly Reading[]) => void;
  shardCount?: number;
  /** The trigger's batch size. Default 500. */
  batchSize?: number;
  /** Readings at or above it are stored. Default 35. */
  minTemperature?: number;
  /** The DynamoDB endpoint the handler writes to (e.g. a fault proxy). Default: dynalite's. */
  handlerDynamoDbEndpoint?: (dynalite: string) => string;
}

/**
 * Every item of a readings table, as readings: unchecked and unsorted, so that an item that is not
 * a reading shows in what a scenario compares.
 *
 * @example
 * ```ts
 * import { scanReadings } from './pipeline.js';
 *
 * const stored = await scanReadings(documents, 'Readings');
 * ```
 */
export async function scanReadings(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Reading[]> {
  return (await scanItems(client, tableName)) as Reading[];
}

/** The readings of a Lambda event, decoded; a KPL aggregate gives each of its user records. */
export function eventReadings(event: KinesisStreamEvent): Reading[] {
  return event.Records.flatMap((record) => {
    const bytes = Buffer.from(record.kinesis.data, 'base64');
    const decoded = decodeAggregate(bytes);
    if (!decoded.ok) throw decoded.error;
    return decoded.aggregated
      ? decoded.records.map((user) => decodeReading(user.data))
      : [decodeReading(bytes)];
  });
}

/**
 * Starts kinesalite and dynalite, a stream and a table with unique names, and a local trigger
 * (partial batch responses, as the tutorial's mapping) invoking the real handler; records every
 * reading the handler was given.
 *
 * @example
 * ```ts
 * import { startPipeline } from './pipeline.js';
 *
 * const pipeline = await startPipeline({ shardCount: 2 });
 * await pipeline.stop();
 * ```
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<LocalPipeline> {
  const {
    shardCount = 2,
    batchSize = 500,
    minTemperature = DEFAULT_MIN_TEMPERATURE,
    handlerDynamoDbEndpoint = (dynalite: string) => dynalite,
  } = options;
  const emulators: LocalEmulators | undefined =
    options.endpoints === undefined ? await startEmulators() : undefined;
  const endpoints = options.endpoints ?? {
    kinesis: emulators?.kinesis.endpoint ?? '',
    dynamodb: emulators?.dynamodb.endpoint ?? '',
  };
  const kinesis = new KinesisClient(localClientConfig(endpoints.kinesis));
  const dynamodb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const handlerDynamoDb = new DynamoDBClient(
    localClientConfig(handlerDynamoDbEndpoint(endpoints.dynamodb)),
  );
  const handled: Reading[] = [];
  const onHandled =
    options.onHandled ??
    ((readings: readonly Reading[]) => {
      handled.push(...readings);
    });
  const streamName = `reliability-${randomUUID()}`;
  const tableName = `readings-${randomUUID()}`;
  await createStream(kinesis, streamName, { shardCount });
  await createReadingsTable(dynamodb, tableName);
  let invocations = 0;
  const handler = createHandler({
    client: DynamoDBDocumentClient.from(handlerDynamoDb),
    tableName,
    minTemperature,
    logger: silentLogger,
  });
  const trigger = createLocalTrigger({
    startingPosition: 'TRIM_HORIZON',
    client: kinesis,
    streamName,
    batchSize,
    functionResponseTypes: [FunctionResponseType.ReportBatchItemFailures],
    handler: async (event, context) => {
      invocations += 1;
      onHandled(eventReadings(event));
      return handler(event, context);
    },
  });
  await trigger.start();
  let stopped: Promise<void> | undefined;
  return {
    endpoints,
    kinesis,
    documents,
    streamName,
    tableName,
    trigger,
    handled,
    invocations: () => invocations,
    scanStored: () => scanReadings(documents, tableName),
    stop: () => {
      stopped ??= (async () => {
        await trigger.stop();
        kinesis.destroy();
        dynamodb.destroy();
        handlerDynamoDb.destroy();
        await emulators?.stop();
      })();
      return stopped;
    },
  };
}
