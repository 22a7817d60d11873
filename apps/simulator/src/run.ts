import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startEmulators } from '@kds/emulators';
import {
  createLocalTrigger,
  createStream,
  FunctionResponseType,
  type LocalTrigger,
  listShards,
  localClientConfig,
  type ReshardResult,
  reshard,
  StartingPosition,
} from '@kds/local';
import { createProducer, type Producer, random } from '@kds/producer';
import { createKinesisClient } from '@kds/reader';
import { type Reading, stringifyReading } from '@kds/schema';
import { createHandler, type Logger } from 'handler';
import { ConsumerKind, type SimulatorOptions } from './args.js';
import { createDevice, type Device } from './device.js';
import type { Progress } from './progress.js';
import { type SendOutcome, sendReadings } from './send.js';
import { createReadingsTable, scanReadings } from './table.js';
import { printingHandler, TAIL_CONSUMER_NAME } from './tail.js';
import {
  startWorkerProcesses,
  type WorkerProcesses,
  type WorkerProcessReport,
} from './worker-processes.js';

/** The tutorial's partition keys: a random integer "1".."100". */
const TUTORIAL_PARTITION_KEYS = { min: 1, max: 100 } as const;

/** How long to wait for the handler to catch up with what was sent. */
const CONSUME_TIMEOUT_MS = 120_000;

/** The consumer name of the handler's checkpoints. */
const HANDLER_CONSUMER_NAME = 'handler';

/** The application (and lease table) of the worker processes of `--consumer worker`. */
export const WORKER_APPLICATION_NAME = 'simulator-workers';

/** One send of the run: before the reshard, or after it. */
export interface PhaseSummary extends SendOutcome {
  /** Open shards of the stream while sending. */
  readonly shardCount: number;
}

/** What one run came to; totals over every phase. */
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
  /** One phase, or two around a reshard (`--reshard-to`). */
  readonly phases: readonly PhaseSummary[];
  /** What the reshard did (`--reshard-to`). */
  readonly reshard: ReshardResult | undefined;
  /** Readings the `--tail` consumer printed, `undefined` without `--tail`. */
  readonly tailed: number | undefined;
  /** Kinesis records the readings went out in (`--aggregate`), `undefined` without it. */
  readonly kinesisRecords: number | undefined;
  /** What each worker process reported (`--consumer worker`), `undefined` with the trigger. */
  readonly workers: readonly WorkerProcessReport[] | undefined;
}

/** Where progress lines, the progress bar, tail lines and handler logs go. */
export interface RunIo {
  progress(line: string): void;
  logger: Logger;
  /** A progress bar for paced sends (`--rate`); none when omitted. */
  progressBar?: (() => Progress) | undefined;
  /** Prints what the `--tail` consumer receives. */
  tail?: ((line: string) => void) | undefined;
  /** Stops a continuous send early (Ctrl-C). */
  signal?: AbortSignal | undefined;
}

function producerFor(options: SimulatorOptions, client: KinesisClient): Producer<Reading> {
  return createProducer<Reading>({
    client,
    streamName: options.streamName,
    partitionKey: random(TUTORIAL_PARTITION_KEYS),
    serialize: stringifyReading,
    ...(options.aggregate ? { aggregation: true } : {}),
  });
}

/** With `--aggregate`, how many Kinesis records carried the readings so far. */
function kinesisRecordsOf(
  options: SimulatorOptions,
  producer: Producer<Reading>,
): number | undefined {
  return options.aggregate ? producer.metrics().kinesisRecordsPut : undefined;
}

async function openShardCount(client: KinesisClient, streamName: string): Promise<number> {
  const shards = await listShards(client, streamName);
  return shards.filter((shard) => shard.SequenceNumberRange?.EndingSequenceNumber === undefined)
    .length;
}

/** Adds up the phases into the run's totals. */
function totals(phases: readonly PhaseSummary[]): SendOutcome {
  const shards: Record<string, number> = {};
  const lastSequenceNumbers: Record<string, string> = {};
  for (const phase of phases) {
    for (const [shardId, count] of Object.entries(phase.shards)) {
      shards[shardId] = (shards[shardId] ?? 0) + count;
    }
    Object.assign(lastSequenceNumbers, phase.lastSequenceNumbers);
  }
  const sum = (pick: (phase: PhaseSummary) => number): number =>
    phases.reduce((total, phase) => total + pick(phase), 0);
  return {
    sent: sum((phase) => phase.sent),
    failed: sum((phase) => phase.failed),
    shards: Object.fromEntries(Object.entries(shards).sort(([a], [b]) => a.localeCompare(b))),
    lastSequenceNumbers,
    matching: sum((phase) => phase.matching),
    elapsedMs: sum((phase) => phase.elapsedMs),
    errors: phases.flatMap((phase) => phase.errors).slice(0, 5),
  };
}

/** Sends one phase's readings, paced and with a progress bar when `--rate` is given. */
async function sendPhase(
  options: SimulatorOptions,
  context: {
    client: KinesisClient;
    producer: Producer<Reading>;
    device: Device;
    minTemperature: number;
    io: RunIo;
  },
): Promise<PhaseSummary> {
  const { client, producer, device, minTemperature, io } = context;
  const shardCount = await openShardCount(client, options.streamName);
  const bar = options.rate === undefined ? undefined : io.progressBar?.();
  const outcome = await sendReadings(producer, device, {
    count: options.count,
    minTemperature,
    rate: options.rate,
    onProgress: bar === undefined ? undefined : (done, total) => bar.update(done, total),
    signal: io.signal,
  });
  bar?.finish();
  return { ...outcome, shardCount };
}

async function reshardBetweenPhases(
  client: KinesisClient,
  options: SimulatorOptions,
  io: RunIo,
): Promise<ReshardResult | undefined> {
  if (options.reshardTo === undefined) return undefined;
  io.progress(`Resharding ${options.streamName} to ${options.reshardTo} shards...`);
  const result = await reshard(client, options.streamName, options.reshardTo);
  io.progress(
    `Resharded ${options.streamName} from ${result.fromShardCount} to ${result.toShardCount} shards with ${result.method}: ${result.shardsBefore.join(', ')} -> ${result.shardsAfter.join(', ')}`,
  );
  return result;
}

/**
 * The tutorial on this machine: embedded kinesalite (or kinesis-local) and dynalite, the stream
 * and table created, the handler attached through a local trigger, readings sent, consumed and
 * shown from the table; with `--reshard-to`, the stream resharded and readings sent again.
 * Everything it started is stopped before it returns, whatever happens.
 */
export async function runEmbedded(
  options: SimulatorOptions,
  minTemperature: number,
  io: RunIo,
): Promise<SimulationSummary> {
  const emulators = await startEmulators();
  const kinesis = createKinesisClient(localClientConfig(emulators.kinesis.endpoint));
  const dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const triggers: LocalTrigger[] = [];
  let producer: Producer<Reading> | undefined;
  let workerProcesses: WorkerProcesses | undefined;
  try {
    const target = `${emulators.kinesisEmulator} at ${emulators.kinesis.endpoint}, dynalite at ${emulators.dynamodb.endpoint}`;
    io.progress(`Embedded emulators: ${target}`);
    await createStream(kinesis, options.streamName, { shardCount: options.shards });
    await createReadingsTable(dynamodb, options.tableName);
    io.progress(
      `Created stream ${options.streamName} (${options.shards} shards) and table ${options.tableName}`,
    );

    const onError = (error: unknown): void =>
      io.logger.error({ message: 'local trigger poll failed', error: String(error) });
    if (options.consumer === ConsumerKind.Worker) {
      workerProcesses = startWorkerProcesses({
        count: options.workers,
        applicationName: WORKER_APPLICATION_NAME,
        streamName: options.streamName,
        tableName: options.tableName,
        minTemperature,
        kinesisEndpoint: emulators.kinesis.endpoint,
        dynamodbEndpoint: emulators.dynamodb.endpoint,
        dynamodb,
        verbose: options.verbose,
        signal: io.signal,
      });
      await workerProcesses.started();
      io.progress(
        `Started ${options.workers} worker processes (the consume command, application ${WORKER_APPLICATION_NAME}): they share the shards through its lease table`,
      );
    } else {
      triggers.push(
        createLocalTrigger({
          client: kinesis,
          streamName: options.streamName,
          consumerName: HANDLER_CONSUMER_NAME,
          // As the tutorial's event source mapping is configured: the handler reports failures.
          functionResponseTypes: [FunctionResponseType.ReportBatchItemFailures],
          handler: createHandler({
            client: documents,
            tableName: options.tableName,
            minTemperature,
            logger: io.logger,
          }),
          onError,
        }),
      );
    }
    let tailed = 0;
    if (options.tail) {
      const print = io.tail ?? (() => {});
      const printer = printingHandler(
        (line) => {
          tailed += 1;
          print(line);
        },
        { json: false },
      );
      triggers.push(
        createLocalTrigger({
          client: kinesis,
          streamName: options.streamName,
          consumerName: TAIL_CONSUMER_NAME,
          startingPosition: StartingPosition.TrimHorizon,
          handler: printer,
          onError,
        }),
      );
    }
    await Promise.all(triggers.map((trigger) => trigger.start()));

    producer = producerFor(options, kinesis);
    const device = createDevice();
    const phases: PhaseSummary[] = [];
    const consumePhase = async (): Promise<void> => {
      const phase = await sendPhase(options, {
        client: kinesis,
        producer: producer as Producer<Reading>,
        device,
        minTemperature,
        io,
      });
      phases.push(phase);
      const consumers = workerProcesses === undefined ? 'the handler' : 'the workers';
      io.progress(
        `Sent ${phase.sent} readings in ${phase.elapsedMs} ms (${phase.failed} failed); waiting for ${consumers}...`,
      );
      const waitStarted = performance.now();
      await Promise.all([
        ...triggers.map((trigger) =>
          trigger.waitForCheckpoints(phase.lastSequenceNumbers, { timeoutMs: CONSUME_TIMEOUT_MS }),
        ),
        workerProcesses?.waitForCheckpoints(phase.lastSequenceNumbers, {
          timeoutMs: CONSUME_TIMEOUT_MS,
          signal: io.signal,
        }),
      ]);
      const waited = Math.round(performance.now() - waitStarted);
      io.progress(
        workerProcesses !== undefined && io.signal?.aborted
          ? `Interrupted: stopped waiting for the workers after ${waited} ms`
          : `${consumers === 'the handler' ? 'The handler' : 'The workers'} consumed every reading ${waited} ms after the last was sent`,
      );
    };
    await consumePhase();
    const resharded = await reshardBetweenPhases(kinesis, options, io);
    if (resharded !== undefined && !io.signal?.aborted) await consumePhase();
    await Promise.all(triggers.map((trigger) => trigger.stop()));
    const workers = await workerProcesses?.stop();
    workerProcesses = undefined;

    const items = await scanReadings(documents, options.tableName);
    return {
      mode: 'embedded',
      streamName: options.streamName,
      tableName: options.tableName,
      target,
      ...totals(phases),
      phases,
      reshard: resharded,
      tailed: options.tail ? tailed : undefined,
      kinesisRecords: kinesisRecordsOf(options, producer),
      stored: items.length,
      items,
      workers,
    };
  } finally {
    await Promise.all(triggers.map((trigger) => trigger.stop()));
    await workerProcesses?.stop().catch(() => []);
    await producer?.close().catch(() => {});
    kinesis.destroy();
    dynamodb.destroy();
    await emulators.stop();
  }
}

/**
 * AWS mode: sends to the existing stream with the standard credential chain and endpoint
 * variables, and reports where the readings went (resharding in between with `--reshard-to`).
 * Lambda, not this process, runs the handler.
 */
export async function runOnAws(
  options: SimulatorOptions,
  minTemperature: number,
  source: string,
  io: RunIo,
): Promise<SimulationSummary> {
  io.progress(`AWS mode (${source} is set): sending to stream ${options.streamName}`);
  const client = createKinesisClient();
  const producer = producerFor(options, client);
  try {
    const device = createDevice();
    const phases = [await sendPhase(options, { client, producer, device, minTemperature, io })];
    const resharded = await reshardBetweenPhases(client, options, io);
    if (resharded !== undefined && !io.signal?.aborted) {
      phases.push(await sendPhase(options, { client, producer, device, minTemperature, io }));
    }
    return {
      mode: 'aws',
      streamName: options.streamName,
      tableName: options.tableName,
      target: source,
      ...totals(phases),
      phases,
      reshard: resharded,
      tailed: undefined,
      kinesisRecords: kinesisRecordsOf(options, producer),
      stored: null,
      items: [],
      workers: undefined,
    };
  } finally {
    await producer.close();
    client.destroy();
  }
}
