import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createLocalTrigger,
  createStream,
  type LocalTrigger,
  localClientConfig,
  startEmulators,
} from '@kds/local';
import { createProducer, random } from '@kds/producer';
import { encodeReading, type Reading } from '@kds/schema';
import { createHandler, type Logger } from 'handler';
import type { SimulatorOptions } from './args.js';
import { createDevice } from './device.js';
import { type SendOutcome, sendReadings } from './send.js';
import { createReadingsTable, scanReadings } from './table.js';

/** The tutorial's partition keys: a random integer "1".."100". */
const TUTORIAL_PARTITION_KEYS = { min: 1, max: 100 } as const;

/** How long to wait for the handler to catch up with what was sent. */
const CONSUME_TIMEOUT_MS = 120_000;

/** What one run came to; `--json` prints the first six fields. */
export interface SimulationSummary extends SendOutcome {
  readonly mode: 'embedded' | 'aws';
  readonly streamName: string;
  readonly tableName: string;
  /** Items found in the table afterwards; `null` on AWS, where the trigger is Lambda's. */
  readonly stored: number | null;
  /** The stored readings (embedded mode). */
  readonly items: readonly Reading[];
  /** Endpoints of the embedded emulators, or the AWS variable that selected AWS mode. */
  readonly target: string;
}

/** Where progress lines and handler logs go. */
export interface RunIo {
  progress(line: string): void;
  logger: Logger;
}

function producerFor(
  options: SimulatorOptions,
  clientConfig: ConstructorParameters<typeof KinesisClient>[0],
) {
  return createProducer<Reading>({
    clientConfig: clientConfig ?? {},
    streamName: options.streamName,
    partitionKey: random(TUTORIAL_PARTITION_KEYS),
    serialize: encodeReading,
  });
}

/**
 * The tutorial on this machine: embedded kinesalite and dynalite, the stream and table created,
 * the handler attached through a local trigger, readings sent, consumed and shown from the table.
 * Everything it started is stopped before it returns, whatever happens.
 */
export async function runEmbedded(
  options: SimulatorOptions,
  minTemperature: number,
  io: RunIo,
): Promise<SimulationSummary> {
  const emulators = await startEmulators();
  const kinesis = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
  const dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  const documents = DynamoDBDocumentClient.from(dynamodb);
  let trigger: LocalTrigger | undefined;
  try {
    const target = `kinesalite at ${emulators.kinesis.endpoint}, dynalite at ${emulators.dynamodb.endpoint}`;
    io.progress(`Embedded emulators: ${target}`);
    await createStream(kinesis, options.streamName, { shardCount: options.shards });
    await createReadingsTable(dynamodb, options.tableName);
    io.progress(
      `Created stream ${options.streamName} (${options.shards} shards) and table ${options.tableName}`,
    );

    const handler = createHandler({
      client: documents,
      tableName: options.tableName,
      minTemperature,
      logger: io.logger,
    });
    trigger = createLocalTrigger({
      client: kinesis,
      streamName: options.streamName,
      handler,
      onError: (error) =>
        io.logger.error({ message: 'local trigger poll failed', error: String(error) }),
    });
    await trigger.start();

    const producer = producerFor(options, localClientConfig(emulators.kinesis.endpoint));
    const outcome = await sendReadings(producer, createDevice(), {
      count: options.count,
      minTemperature,
    });
    await producer.close();
    io.progress(
      `Sent ${outcome.sent} readings in ${outcome.elapsedMs} ms (${outcome.failed} failed); waiting for the handler...`,
    );

    const waitStarted = performance.now();
    await trigger.waitForCheckpoints(outcome.lastSequenceNumbers, {
      timeoutMs: CONSUME_TIMEOUT_MS,
    });
    io.progress(
      `The handler consumed every reading ${Math.round(performance.now() - waitStarted)} ms after the last was sent`,
    );
    await trigger.stop();

    const items = await scanReadings(documents, options.tableName);
    return {
      mode: 'embedded',
      streamName: options.streamName,
      tableName: options.tableName,
      target,
      ...outcome,
      stored: items.length,
      items,
    };
  } finally {
    await trigger?.stop();
    kinesis.destroy();
    dynamodb.destroy();
    await emulators.stop();
  }
}

/**
 * AWS mode: sends to the existing stream with the standard credential chain and endpoint
 * variables, and reports where the readings went. Lambda, not this process, runs the handler.
 */
export async function runOnAws(
  options: SimulatorOptions,
  minTemperature: number,
  source: string,
  io: RunIo,
): Promise<SimulationSummary> {
  io.progress(`AWS mode (${source} is set): sending to stream ${options.streamName}`);
  const producer = producerFor(options, {});
  try {
    const outcome = await sendReadings(producer, createDevice(), {
      count: options.count,
      minTemperature,
    });
    return {
      mode: 'aws',
      streamName: options.streamName,
      tableName: options.tableName,
      target: source,
      ...outcome,
      stored: null,
      items: [],
    };
  } finally {
    await producer.close();
  }
}
