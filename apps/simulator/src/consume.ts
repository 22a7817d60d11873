import { hostname } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PoisonPolicy, Sink } from '@kds/consumer';
import { createKinesisClient } from '@kds/reader';
import type { Reading } from '@kds/schema';
import {
  createLeaseTable,
  createWorker,
  InitialPosition,
  type LeaseTable,
  type Worker,
  type WorkerLogger,
  type WorkerTransport,
} from '@kds/worker';
import { createReadingsProcessor, type Logger } from 'handler';
import {
  type LeaseObservation,
  NO_OBSERVER,
  type RunObserver,
  type WorkerObservation,
} from './ui/observer.js';

/** How often `--until-idle` looks at the workers' figures. */
export const IDLE_POLL_INTERVAL_MS = 500;

/** What `consume` runs. */
export interface ConsumeRun {
  readonly applicationName: string;
  readonly streamName: string;
  readonly tableName: string;
  readonly workers: number;
  readonly untilIdleMs: number | undefined;
  readonly minTemperature: number;
  readonly poison: PoisonPolicy;
  /**
   * Read through the enhanced fan-out consumer named after the application; `'emulator'` when
   * the Kinesis endpoint is an emulator's (kinesis-mock: HTTP/1.1, no ChildShards).
   */
  readonly efo: EfoTarget;
}

/** Where `consume --efo` subscribes: AWS, or an emulator; `false`: it polls. */
export type EfoTarget = false | 'aws' | 'emulator';

/** kinesis-mock ends no subscription with ChildShards: look this often for a shard's end. */
const EMULATOR_SHARD_END_CHECK_MS = 1_000;

/**
 * The workers' transport and their Kinesis client: polling over HTTP/1.1 (as the worker's own), or
 * fan-out over the SDK's default HTTP/2 client on AWS (SubscribeToShard needs it) and over
 * HTTP/1.1 against an emulator (kinesis-mock serves it only so).
 */
function transportOf(run: ConsumeRun): {
  transport: WorkerTransport;
  client: KinesisClient;
} {
  if (run.efo === false) return { transport: 'polling', client: createKinesisClient() };
  const consumerName = run.applicationName;
  if (run.efo === 'aws') {
    return { transport: { efo: { consumerName } }, client: new KinesisClient({}) };
  }
  return {
    transport: { efo: { consumerName, shardEndCheckIntervalMs: EMULATOR_SHARD_END_CHECK_MS } },
    client: createKinesisClient(),
  };
}

/** Where `consume` reports. */
export interface ConsumeIo {
  /** Progress lines for people (none with `--json`). */
  progress(line: string): void;
  /** The handler logic's log entries (records that do not decode). */
  logger: Logger;
  /** The workers' log events; none when omitted. */
  workerLogger?: WorkerLogger | undefined;
  /** Ctrl-C or SIGTERM: stop the workers gracefully. */
  signal?: AbortSignal | undefined;
  /** Called once every worker started. */
  onStarted?: (() => void) | undefined;
  /** Called every `intervalMs` while the workers run, and once when they stopped, with their figures. */
  report?: { intervalMs: number; send(workers: readonly WorkerObservation[]): void } | undefined;
  /** The live view (`--ui`): told of the lease table and the workers' figures. */
  observer?: RunObserver | undefined;
}

/** How often `--ui` passes the workers' figures to the live view. */
export const UI_REPORT_INTERVAL_MS = 250;

/**
 * The lease table as the live view shows it: owner, checkpoint and parents of each shard.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createLeaseTable } from '@kds/worker';
 * import { readLeases } from './consume.js';
 *
 * const leases = await readLeases(createLeaseTable({ tableName: 'readings-workers', client: new DynamoDBClient({}) }));
 * ```
 */
export async function readLeases(table: LeaseTable): Promise<LeaseObservation[]> {
  const leases = await table.listLeases();
  return leases.map((lease) => ({
    shardId: lease.leaseKey,
    owner: lease.leaseOwner,
    checkpoint: lease.checkpoint.sequenceNumber,
    parentShardIds: lease.parentShardIds,
  }));
}

/** What a `consume` run came to, as `--json` prints it. */
export interface ConsumeSummary {
  /** Kinesis records the workers processed and checkpointed (a KPL aggregate counts once). */
  readonly processed: number;
  /** Readings stored in the table (Temperature at or above the threshold). */
  readonly stored: number;
  /** The shards each worker held during the run, by worker id. */
  readonly leases: Record<string, string[]>;
  /** Each shard's checkpoint in the lease table once the workers stopped. */
  readonly checkpoints: Record<string, string>;
}

/** A worker id as the KCL makes them unique: host, process, and the worker's place in it. */
const workerIdOf = (index: number): string => `${hostname()}:${process.pid}:${index + 1}`;

/** What the live view shows of a worker: its leases and `worker.metrics()`. */
export function observeWorker(worker: Worker): WorkerObservation {
  const metrics = worker.metrics();
  const held = worker.leases();
  return {
    workerId: worker.workerId,
    leases: held.map((lease) => lease.shardId),
    records: metrics.records,
    checkpoints: metrics.checkpoints,
    retries: metrics.retries,
    recordsFailed: metrics.recordsFailed,
    millisBehindLatest: Object.fromEntries(
      held.map((lease) => [lease.shardId, lease.millisBehindLatest]),
    ),
  };
}

/** Resolves once nothing was processed for `idleMs` and no held shard is behind the tip. */
function whenIdle(workers: readonly Worker[], idleMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let lastTotal = -1;
    let lastChange = performance.now();
    const timer = setInterval(() => {
      const total = workers.reduce((sum, worker) => sum + worker.metrics().records, 0);
      const now = performance.now();
      if (total !== lastTotal) {
        lastTotal = total;
        lastChange = now;
        return;
      }
      const caughtUp = workers.every((worker) =>
        worker.leases().every((lease) => (lease.millisBehindLatest ?? 0) === 0),
      );
      if (caughtUp && now - lastChange >= idleMs) done();
    }, IDLE_POLL_INTERVAL_MS);
    const done = (): void => {
      clearInterval(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `workers` lease-based workers (`@kds/worker`) in this process over an existing stream, with
 * the handler's own logic (`createReadingsProcessor`): readings at or above the threshold go to the
 * table. Stops them gracefully (each finishes its batch, checkpoints and releases its leases) on
 * the signal or, with `untilIdleMs`, once the stream is consumed; then reads the checkpoints from
 * the lease table. AWS clients come from the standard SDK configuration (region, credentials,
 * `AWS_ENDPOINT_URL_KINESIS`/`AWS_ENDPOINT_URL_DYNAMODB` for emulators).
 *
 * @example
 * ```ts
 * import { runConsume } from './consume.js';
 *
 * const summary = await runConsume(
 *   {
 *     applicationName: 'readings-workers',
 *     streamName: 'TestDataStream',
 *     tableName: 'TestTable',
 *     workers: 2,
 *     untilIdleMs: 10_000,
 *     minTemperature: 35,
 *     poison: 'report',
 *     efo: false,
 *   },
 *   { progress: console.log, logger: { info: () => {}, error: console.error } },
 * );
 * console.log(summary.leases);
 * ```
 */
export async function runConsume(run: ConsumeRun, io: ConsumeIo): Promise<ConsumeSummary> {
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const processor = createReadingsProcessor({
    client: documents,
    tableName: run.tableName,
    minTemperature: run.minTemperature,
    poison: run.poison,
    logger: io.logger,
  });
  let stored = 0;
  const sink: Sink<Reading> = async (items, context) => {
    const result = await processor.sink(items, context);
    stored += items.length - (result?.failed.length ?? 0);
    return result;
  };
  const { transport, client: kinesis } = transportOf(run);
  const workers = Array.from({ length: run.workers }, (_, index) =>
    createWorker({
      transport,
      kinesisClient: kinesis,
      applicationName: run.applicationName,
      streamName: run.streamName,
      workerId: workerIdOf(index),
      initialPosition: InitialPosition.TrimHorizon,
      processor: { ...processor, sink },
      // The command handles the signals itself: it stops every worker, then reports.
      stopSignals: [],
      ...(io.workerLogger === undefined ? {} : { logger: io.workerLogger }),
    }),
  );
  const stop = new AbortController();
  const stopRequested = AbortSignal.any([stop.signal, ...(io.signal ? [io.signal] : [])]);
  const observer = io.observer ?? NO_OBSERVER;
  const leaseTable = createLeaseTable({ tableName: run.applicationName, client: dynamodb });
  observer.runStarted({
    streamName: run.streamName,
    tableName: run.tableName,
    minTemperature: run.minTemperature,
    consumer: 'worker',
    target: `lease table ${run.applicationName}`,
  });
  observer.consumerAttached({ kind: 'worker', leases: () => readLeases(leaseTable) });
  const report = (): void => {
    const figures = workers.map(observeWorker);
    io.report?.send(figures);
    for (const worker of figures) observer.workerReported(worker);
  };
  const interval = io.report?.intervalMs ?? (io.observer ? UI_REPORT_INTERVAL_MS : undefined);
  const reporter = interval === undefined ? undefined : setInterval(report, interval).unref();
  try {
    await Promise.all(workers.map((worker) => worker.start()));
    observer.stageChanged('consuming');
    io.onStarted?.();
    io.progress(
      `Started ${workers.length} worker(s) of ${run.applicationName} on ${run.streamName}: ${workers.map((worker) => worker.workerId).join(', ')}`,
    );
    // A worker that stops by itself (it cannot reach its lease table) ends the run too.
    for (const worker of workers) void worker.stopped.then(() => stop.abort());
    await (run.untilIdleMs === undefined
      ? new Promise<void>((resolve) => {
          if (stopRequested.aborted) resolve();
          else stopRequested.addEventListener('abort', () => resolve(), { once: true });
        })
      : whenIdle(workers, run.untilIdleMs, stopRequested));
    io.progress('Stopping the workers: each checkpoints its batch in hand and releases its leases');
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    clearInterval(reporter);
    report();
  }
  try {
    const leases: Record<string, string[]> = {};
    let processed = 0;
    for (const worker of workers) {
      const metrics = worker.metrics();
      processed += metrics.records;
      leases[worker.workerId] = Object.keys(metrics.shards).sort();
    }
    const checkpoints: Record<string, string> = {};
    const held = await leaseTable.listLeases();
    for (const lease of held.sort((a, b) => a.leaseKey.localeCompare(b.leaseKey))) {
      const { sequenceNumber, subSequenceNumber } = lease.checkpoint;
      checkpoints[lease.leaseKey] =
        subSequenceNumber > 0 ? `${sequenceNumber}:${subSequenceNumber}` : sequenceNumber;
    }
    observer.runFinished({ stored });
    return { processed, stored, leases, checkpoints };
  } finally {
    dynamodb.destroy();
    kinesis.destroy();
  }
}

/**
 * The report for people: which shards each worker held, the counts, and each shard's checkpoint.
 *
 * @example
 * ```ts
 * import { formatConsumeReport } from './consume.js';
 *
 * const text = formatConsumeReport({ processed: 0, stored: 0, leases: {}, checkpoints: {} }, 35, 'TestTable');
 * ```
 */
export function formatConsumeReport(
  summary: ConsumeSummary,
  minTemperature: number,
  tableName: string,
): string {
  const lines = Object.entries(summary.leases).map(
    ([workerId, shards]) =>
      `Worker ${workerId} held ${shards.length === 0 ? 'no shard' : shards.join(', ')}`,
  );
  lines.push(
    `Processed ${summary.processed} Kinesis records; stored ${summary.stored} readings with Temperature >= ${minTemperature} in ${tableName}.`,
  );
  lines.push('Checkpoints in the lease table:');
  for (const [shardId, checkpoint] of Object.entries(summary.checkpoints)) {
    lines.push(`  ${shardId}  ${checkpoint}`);
  }
  return lines.join('\n');
}
