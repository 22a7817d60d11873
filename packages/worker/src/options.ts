import { constants as osConstants } from 'node:os';
import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord, ProcessOptions } from '@kds/consumer';
import { MAX_GET_RECORDS_LIMIT } from '@kds/reader';
import {
  DEFAULT_FAILOVER_TIME_MS,
  DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_RECORDS,
  DEFAULT_METRICS_INTERVAL_MS,
  DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_SHARD_SYNC_INTERVAL_MS,
  DEFAULT_STOP_SIGNALS,
  InitialPosition,
  RENEWALS_PER_FAILOVER_TIME,
  STOLEN_LEASE_DELAY_RENEWALS,
  TAKE_INTERVALS_PER_FAILOVER_TIME,
} from './constants.js';
import { InvalidOptionError } from './errors.js';
import type { WorkerLogger } from './logger.js';
import type { WorkerMetrics } from './metrics.js';

/**
 * What the worker does with the records of a shard: the options of `processKinesisEvent` from
 * `@kds/consumer` (a decoder, a `pipeline`, a sink, a poison policy), so the logic of a Lambda
 * handler runs unchanged in a worker.
 */
export type WorkerProcessor<T, U = T> = Omit<ProcessOptions<T, U>, 'context'>;

/** A record given up on after `maxAttempts`, and the last error; the worker checkpoints past it. */
export interface FailedRecord {
  readonly shardId: string;
  readonly record: KinesisStreamRecord;
  readonly error: unknown;
  readonly attempts: number;
}

/** The stream to read: by name or by ARN. */
export type WorkerStreamOption =
  | { streamName: string; streamARN?: string }
  | { streamARN: string; streamName?: string };

/** An injected Kinesis client, or the config to build one; never both. */
export type KinesisClientOption =
  | { kinesisClient: KinesisClient; kinesisClientConfig?: never }
  | { kinesisClientConfig?: KinesisClientConfig; kinesisClient?: never };

/** An injected DynamoDB client (for the lease table), or the config to build one; never both. */
export type DynamoDbClientOption =
  | { dynamoDbClient: DynamoDBClient; dynamoDbClientConfig?: never }
  | { dynamoDbClientConfig?: DynamoDBClientConfig; dynamoDbClient?: never };

/**
 * How the worker reads its shards: `'polling'` (GetRecords, sharing each shard's 2 MiB/s and 5
 * calls per second with every other polling consumer) or enhanced fan-out through the registered
 * consumer `consumerName` (registered at start if missing, never deregistered by the worker).
 * `shardEndCheckIntervalMs` is for servers whose subscriptions never report a shard's end
 * (kinesis-mock); Kinesis does.
 */
export type WorkerTransport =
  | 'polling'
  | { efo: { consumerName: string; shardEndCheckIntervalMs?: number } };

/** Everything `createWorker` accepts besides the stream and the clients. */
export interface WorkerSettings<T, U = T> {
  /**
   * The application: the name of its lease table, as the KCL names it. Workers with the same
   * application share the shards of the stream between them.
   */
  applicationName: string;
  /** The lease table, if not named after the application. */
  leaseTableName?: string;
  /** This worker's name in the lease table's `leaseOwner`. Default: host, process id and a random suffix. */
  workerId?: string;
  /** The decoder, pipeline, sink and poison policy each batch goes through. */
  processor: WorkerProcessor<T, U>;
  /**
   * Where a shard without a checkpoint is read from: `TRIM_HORIZON`, `LATEST` or `{ atTimestamp }`.
   * Required, as in a Lambda event source mapping (the KCL's default is `LATEST`).
   */
  initialPosition: InitialPosition;
  /** A lease not renewed for this long is taken by other workers. Default 10,000 ms (the KCL's). */
  failoverTimeMs?: number;
  /**
   * How often the lease table is scanned for leases to take. Default a tenth of the failover time
   * (1 s): a lease released by a worker that stops is taken within about that long. The KCL's is
   * twice the failover time; each scan reads the whole table (one small item per shard).
   */
  takeIntervalMs?: number;
  /** Most leases this worker holds. Default: no limit (the KCL's). */
  maxLeasesForWorker?: number;
  /**
   * `'polling'` (default) or `{ efo: { consumerName } }`: enhanced fan-out, one SubscribeToShard
   * subscription per leased shard through that registered consumer (see {@link WorkerTransport}).
   */
  transport?: WorkerTransport;
  /** Records per GetRecords call, 1 to 10,000. Default 10,000. */
  maxRecords?: number;
  /** Pause after a read that returned nothing. Default 1,000 ms (the KCL's). */
  idleTimeBetweenReadsMs?: number;
  /** How often a shard waiting for its parents looks again. Default 10,000 ms (the KCL's). */
  parentShardPollIntervalMs?: number;
  /** How often new shards are looked for. Default 60,000 ms (the KCL's). */
  shardSyncIntervalMs?: number;
  /** First delay before a failed batch is tried again; doubles, full jitter. Default 100 ms. */
  retryBaseDelayMs?: number;
  /** Largest delay before a failed batch is tried again. Default 10,000 ms. */
  retryMaxDelayMs?: number;
  /**
   * Attempts at a record the processor keeps failing before it is handed to `onRecordFailed` and
   * checkpointed past. Default: no limit (at-least-once, the shard waits).
   */
  maxAttempts?: number;
  /** Receives a record given up on after `maxAttempts`; awaited before the checkpoint past it. */
  onRecordFailed?: (failed: FailedRecord) => void | Promise<void>;
  /** Receives a metrics snapshot every `metricsIntervalMs`, and once more when the worker stops. */
  onMetrics?: (metrics: WorkerMetrics) => void;
  /** Default 60,000 ms. */
  metricsIntervalMs?: number;
  /** Structured log events. Default: none. `jsonLogger()` writes them as JSON lines. */
  logger?: WorkerLogger;
  /** Signals on which the worker stops gracefully. Default `['SIGTERM', 'SIGINT']`; `[]` for none. */
  stopSignals?: readonly NodeJS.Signals[];
}

/** Options of `createWorker`. */
export type WorkerOptions<T, U = T> = WorkerSettings<T, U> &
  WorkerStreamOption &
  KinesisClientOption &
  DynamoDbClientOption;

/** The settings with every default applied. */
export interface ResolvedSettings {
  readonly applicationName: string;
  readonly leaseTableName: string;
  readonly initialPosition: InitialPosition;
  readonly failoverTimeMs: number;
  readonly takeIntervalMs: number;
  readonly stolenLeaseDelayMs: number;
  readonly maxLeasesForWorker: number;
  readonly transport: WorkerTransport;
  readonly maxRecords: number;
  readonly idleTimeBetweenReadsMs: number;
  readonly parentShardPollIntervalMs: number;
  readonly shardSyncIntervalMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxAttempts: number;
  readonly metricsIntervalMs: number;
  readonly stopSignals: readonly NodeJS.Signals[];
}

function positiveInteger(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidOptionError(
      name,
      `must be an integer from 1 to ${max.toLocaleString('en-US')} (got ${String(value)})`,
    );
  }
  return value;
}

function positiveCount(name: string, value: number): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  return positiveInteger(name, value);
}

function duration(name: string, value: number, min = 0): number {
  if (!Number.isFinite(value) || value < min) {
    throw new InvalidOptionError(
      name,
      `must be a number of milliseconds of at least ${min} (got ${String(value)})`,
    );
  }
  return value;
}

function checkInitialPosition(value: unknown): InitialPosition {
  const known: unknown[] = Object.values(InitialPosition);
  if (known.includes(value)) return value as InitialPosition;
  if (
    typeof value === 'object' &&
    value !== null &&
    'atTimestamp' in value &&
    value.atTimestamp instanceof Date &&
    !Number.isNaN(value.atTimestamp.getTime())
  ) {
    return value as InitialPosition;
  }
  throw new InvalidOptionError(
    'initialPosition',
    `must be 'TRIM_HORIZON', 'LATEST' or { atTimestamp: Date } (got ${JSON.stringify(value)})`,
  );
}

function checkTransport(value: unknown): WorkerTransport {
  if (value === 'polling') return value;
  const efo =
    typeof value === 'object' && value !== null && 'efo' in value
      ? (value.efo as { consumerName?: unknown; shardEndCheckIntervalMs?: unknown })
      : undefined;
  if (typeof efo?.consumerName === 'string' && /^[a-zA-Z0-9_.-]{1,128}$/.test(efo.consumerName)) {
    const interval = efo.shardEndCheckIntervalMs;
    if (interval !== undefined)
      duration('transport.efo.shardEndCheckIntervalMs', interval as number, 1);
    return value as WorkerTransport;
  }
  throw new InvalidOptionError(
    'transport',
    `must be 'polling' or { efo: { consumerName } } with a consumer name of 1 to 128 of a-z, A-Z, 0-9, '_', '-', '.' (got ${JSON.stringify(value)})`,
  );
}

/** Signals a process cannot catch, so no handler can stop the worker on them. */
const UNCATCHABLE_SIGNALS: readonly string[] = ['SIGKILL', 'SIGSTOP'];

function checkStopSignals(signals: readonly NodeJS.Signals[]): readonly NodeJS.Signals[] {
  if (!Array.isArray(signals)) {
    throw new InvalidOptionError(
      'stopSignals',
      `must be an array of signal names (got ${String(signals)})`,
    );
  }
  for (const signal of signals) {
    if (!(signal in osConstants.signals) || UNCATCHABLE_SIGNALS.includes(signal)) {
      throw new InvalidOptionError(
        'stopSignals',
        `must name signals a process can catch, such as SIGTERM or SIGINT (got ${JSON.stringify(signal)})`,
      );
    }
  }
  return signals;
}

/** Applies the defaults and checks every setting; throws {@link InvalidOptionError} naming the first bad one. */
export function resolveSettings<T, U>(options: WorkerOptions<T, U>): ResolvedSettings {
  const {
    applicationName,
    leaseTableName = applicationName,
    failoverTimeMs = DEFAULT_FAILOVER_TIME_MS,
    maxLeasesForWorker = Number.POSITIVE_INFINITY,
    maxRecords = DEFAULT_MAX_RECORDS,
    idleTimeBetweenReadsMs = DEFAULT_IDLE_TIME_BETWEEN_READS_MS,
    parentShardPollIntervalMs = DEFAULT_PARENT_SHARD_POLL_INTERVAL_MS,
    shardSyncIntervalMs = DEFAULT_SHARD_SYNC_INTERVAL_MS,
    retryBaseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    metricsIntervalMs = DEFAULT_METRICS_INTERVAL_MS,
    stopSignals = DEFAULT_STOP_SIGNALS,
  } = options;
  // DynamoDB table names: 3 to 255 characters of [a-zA-Z0-9_.-].
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
  if (typeof leaseTableName !== 'string' || !/^[a-zA-Z0-9_.-]{3,255}$/.test(leaseTableName)) {
    throw new InvalidOptionError(
      options.leaseTableName === undefined ? 'applicationName' : 'leaseTableName',
      `must be a DynamoDB table name: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.' (got ${JSON.stringify(leaseTableName)})`,
    );
  }
  if (options.streamName === undefined && options.streamARN === undefined) {
    throw new InvalidOptionError('streamName', 'or streamARN is required');
  }
  if (
    typeof options.processor?.decoder?.decodeAll !== 'function' ||
    typeof options.processor.sink !== 'function'
  ) {
    throw new InvalidOptionError('processor', 'needs a decoder (createDecoder) and a sink');
  }
  return {
    applicationName,
    leaseTableName,
    initialPosition: checkInitialPosition(options.initialPosition),
    failoverTimeMs: duration('failoverTimeMs', failoverTimeMs, 1),
    stolenLeaseDelayMs: (failoverTimeMs * STOLEN_LEASE_DELAY_RENEWALS) / RENEWALS_PER_FAILOVER_TIME,
    takeIntervalMs: duration(
      'takeIntervalMs',
      options.takeIntervalMs ?? failoverTimeMs / TAKE_INTERVALS_PER_FAILOVER_TIME,
      1,
    ),
    maxLeasesForWorker: positiveCount('maxLeasesForWorker', maxLeasesForWorker),
    transport: checkTransport(options.transport ?? 'polling'),
    maxRecords: positiveInteger('maxRecords', maxRecords, MAX_GET_RECORDS_LIMIT),
    idleTimeBetweenReadsMs: duration('idleTimeBetweenReadsMs', idleTimeBetweenReadsMs),
    parentShardPollIntervalMs: duration('parentShardPollIntervalMs', parentShardPollIntervalMs, 1),
    shardSyncIntervalMs: duration('shardSyncIntervalMs', shardSyncIntervalMs, 1),
    retryBaseDelayMs: duration('retryBaseDelayMs', retryBaseDelayMs),
    retryMaxDelayMs: duration('retryMaxDelayMs', retryMaxDelayMs),
    maxAttempts: positiveCount('maxAttempts', maxAttempts),
    metricsIntervalMs: duration('metricsIntervalMs', metricsIntervalMs, 1),
    stopSignals: checkStopSignals(stopSignals),
  };
}
