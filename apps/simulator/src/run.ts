// Long on purpose: the embedded run is one sequence (emulators, stream, consumers, phases, read-back) whose steps share its clients and clean-up; the AWS run sits beside it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KinesisEmulator, startEmulators } from '@kds/emulators';
import {
  createLocalTrigger,
  createStream,
  FunctionResponseType,
  type LocalTrigger,
  localClientConfig,
  type ReshardResult,
  StartingPosition,
} from '@kds/local';
import { createProducer, type Producer, random } from '@kds/producer';
import { createKinesisClient, registerStreamConsumer } from '@kds/reader';
import { type Reading, stringifyReading } from '@kds/schema';
import {
  createHandler,
  createWindowHandler,
  DEFAULT_WINDOW_TABLE_NAME,
  type Logger,
} from 'handler';
import { ConsumerKind, EFO_CONSUMER_NAME, type SimulatorOptions } from './args.js';
import { createDevice } from './device.js';
import {
  openShardCount,
  type PhaseSummary,
  reshardBetweenPhases,
  sendPhase,
  totals,
} from './phases.js';
import type { Progress } from './progress.js';
import type { SendOutcome } from './send.js';
import { createReadingsTable, scanReadings } from './table.js';
import { printingHandler, TAIL_CONSUMER_NAME } from './tail.js';
import { observedHandler } from './ui/observed-handler.js';
import { NO_OBSERVER, type RunObserver } from './ui/observer.js';
import { createWindowTable, scanWindows, type WindowSummary } from './windows.js';
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
/**
 * kinesis-mock ends no subscription with ChildShards: with `--efo`, a caught-up shard is looked at
 * this often for its end, so a `--reshard-to` run reaches the children.
 */
const EFO_SHARD_END_CHECK_MS = 1_000;

/** The consumer name of the windowed function's checkpoints (`--window`). */
const WINDOW_CONSUMER_NAME = 'windows';

/** The application (and lease table) of the worker processes of `--consumer worker`. */
export const WORKER_APPLICATION_NAME = 'simulator-workers';

export type { PhaseSummary } from './phases.js';

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
  /** The window aggregates (`--window`, embedded), `undefined` without it. */
  readonly windows: readonly WindowSummary[] | undefined;
  /** The table the windowed function wrote to (`--window`). */
  readonly windowTableName: string | undefined;
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
  /** Told what happens as the run goes (the `--ui` live view); embedded runs only. */
  observer?: RunObserver | undefined;
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
  // kinesalite has no SubscribeToShard: --efo runs kinesis-local.
  const emulators = await startEmulators(
    options.efo ? { kinesis: KinesisEmulator.KinesisLocal } : {},
  );
  const kinesis = createKinesisClient(localClientConfig(emulators.kinesis.endpoint));
  const dynamodb = new DynamoDBClient(localClientConfig(emulators.dynamodb.endpoint));
  const documents = DynamoDBDocumentClient.from(dynamodb);
  const triggers: LocalTrigger[] = [];
  let producer: Producer<Reading> | undefined;
  let workerProcesses: WorkerProcesses | undefined;
  const observer = io.observer ?? NO_OBSERVER;
  try {
    const target = `${emulators.kinesisEmulator} at ${emulators.kinesis.endpoint}, dynalite at ${emulators.dynamodb.endpoint}`;
    io.progress(`Embedded emulators: ${target}`);
    observer.runStarted({
      streamName: options.streamName,
      tableName: options.tableName,
      minTemperature,
      consumer: options.consumer,
      target,
    });
    const streamARN = await createStream(kinesis, options.streamName, {
      shardCount: options.shards,
    });
    await createReadingsTable(dynamodb, options.tableName);
    if (io.observer !== undefined) await openShardCount(kinesis, options.streamName, observer);
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
        onReport: io.observer?.workerReported,
      });
      const { leases } = workerProcesses;
      observer.consumerAttached({ kind: 'worker', leases });
      await workerProcesses.started();
      io.progress(
        `Started ${options.workers} worker processes (the consume command, application ${WORKER_APPLICATION_NAME}): they share the shards through its lease table`,
      );
    } else {
      // As Lambda on an event source mapping whose EventSourceArn is the consumer's ARN.
      const source = options.efo
        ? {
            eventSourceArn: (
              await registerStreamConsumer(kinesis, { streamARN, consumerName: EFO_CONSUMER_NAME })
            ).consumerARN,
            shardEndCheckIntervalMs: EFO_SHARD_END_CHECK_MS,
          }
        : { streamName: options.streamName };
      if (options.efo) {
        io.progress(
          `Registered the enhanced fan-out consumer ${EFO_CONSUMER_NAME}: the handler's trigger subscribes to each shard through it`,
        );
      }
      const makeHandler = (logger: Logger) =>
        createHandler({ client: documents, tableName: options.tableName, minTemperature, logger });
      const trigger = createLocalTrigger({
        startingPosition: 'TRIM_HORIZON',
        client: kinesis,
        ...source,
        consumerName: HANDLER_CONSUMER_NAME,
        // As the tutorial's event source mapping is configured: the handler reports failures.
        functionResponseTypes: [FunctionResponseType.ReportBatchItemFailures],
        handler:
          io.observer === undefined
            ? makeHandler(io.logger)
            : observedHandler(makeHandler, io.logger, io.observer),
        onError,
      });
      triggers.push(trigger);
      observer.consumerAttached({ kind: 'trigger', shardStates: () => trigger.shards() });
    }
    if (options.windowSeconds !== undefined) {
      await createWindowTable(dynamodb, DEFAULT_WINDOW_TABLE_NAME);
      io.progress(
        `Created table ${DEFAULT_WINDOW_TABLE_NAME}; the windowed function runs in ${options.windowSeconds}-second tumbling windows`,
      );
      triggers.push(
        createLocalTrigger({
          client: kinesis,
          streamName: options.streamName,
          consumerName: WINDOW_CONSUMER_NAME,
          startingPosition: 'TRIM_HORIZON',
          tumblingWindowInSeconds: options.windowSeconds,
          functionResponseTypes: [FunctionResponseType.ReportBatchItemFailures],
          handler: createWindowHandler({
            client: documents,
            tableName: DEFAULT_WINDOW_TABLE_NAME,
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
      observer.stageChanged('consuming');
      const consumers = workerProcesses === undefined ? 'the handler' : 'the workers';
      io.progress(
        `Sent ${phase.sent} readings in ${phase.elapsedMs} ms (${phase.failed} failed); waiting for ${consumers}...`,
      );
      const waitStarted = performance.now();
      await Promise.all([
        ...triggers.map((trigger) =>
          // A windowed trigger checkpoints a window's readings once the window has ended.
          trigger.waitForCheckpoints(phase.lastSequenceNumbers, {
            timeoutMs: CONSUME_TIMEOUT_MS + (options.windowSeconds ?? 0) * 1_000,
          }),
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
    observer.stageChanged('stopping');
    await Promise.all(triggers.map((trigger) => trigger.stop()));
    const workers = await workerProcesses?.stop();
    workerProcesses = undefined;

    const items = await scanReadings(documents, options.tableName);
    const windows =
      options.windowSeconds === undefined
        ? undefined
        : await scanWindows(documents, DEFAULT_WINDOW_TABLE_NAME);
    // The live view shows the windows read back from their table once the run is consumed.
    for (const window of windows ?? []) {
      for (const { spot, count, min, max, mean } of window.spots) {
        observer.windowClosed({
          spot,
          windowStart: Date.parse(window.start),
          windowEnd: Date.parse(window.end),
          count,
          minTemperature: min,
          maxTemperature: max,
          meanTemperature: mean,
        });
      }
    }
    const sent = totals(phases);
    observer.runFinished({ stored: items.length });
    return {
      mode: 'embedded',
      streamName: options.streamName,
      tableName: options.tableName,
      target,
      ...sent,
      phases,
      reshard: resharded,
      tailed: options.tail ? tailed : undefined,
      kinesisRecords: kinesisRecordsOf(options, producer),
      stored: items.length,
      items,
      workers,
      windows,
      windowTableName: windows === undefined ? undefined : DEFAULT_WINDOW_TABLE_NAME,
    };
  } catch (error) {
    observer.runFinished({ stored: null, error: String(error) });
    throw error;
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
  const { streamName, tableName, consumer } = options;
  io.observer?.runStarted({ streamName, tableName, minTemperature, consumer, target: source });
  try {
    const device = createDevice();
    const phases = [await sendPhase(options, { client, producer, device, minTemperature, io })];
    const resharded = await reshardBetweenPhases(client, options, io);
    if (resharded !== undefined && !io.signal?.aborted) {
      phases.push(await sendPhase(options, { client, producer, device, minTemperature, io }));
    }
    io.observer?.runFinished({ stored: null });
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
      windows: undefined,
      windowTableName: undefined,
    };
  } finally {
    await producer.close();
    client.destroy();
  }
}
