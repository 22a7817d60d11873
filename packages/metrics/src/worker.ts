import { MetricUnit } from './constants.js';
import type { EmfWriter } from './emf-writer.js';
import { putSnapshot, type SnapshotFields, writeEachSincePrevious } from './snapshot.js';

/** What a worker snapshot says of one shard; `ShardMetrics` of `@kds/worker` fits. */
export interface ShardMetricsInput {
  /** Where the shard's consumer stands: `WAITING_FOR_PARENTS`, `READING`, `ENDED`... */
  readonly state: string;
  /** How far the last read was behind the tip of the shard; undefined before the first read. */
  readonly millisBehindLatest: number | undefined;
}

const COUNTERS = [
  ['leasesTaken', MetricUnit.Count],
  ['leasesStolen', MetricUnit.Count],
  ['leasesLost', MetricUnit.Count],
  ['leasesReleased', MetricUnit.Count],
  ['records', MetricUnit.Count],
  ['bytes', MetricUnit.Bytes],
  ['checkpoints', MetricUnit.Count],
  ['retries', MetricUnit.Count],
  ['recordsFailed', MetricUnit.Count],
] as const;
const GAUGES = [['leasesHeld', MetricUnit.Count]] as const;

type WorkerCounter = (typeof COUNTERS)[number][0];
type WorkerGauge = (typeof GAUGES)[number][0];

/**
 * A metrics snapshot of `@kds/worker` (`WorkerMetrics` fits, as its `onMetrics` hook hands it
 * over); typed here by shape so this package depends on nothing. Counters (`leasesTaken`...,
 * `recordsFailed`) run since the worker started; `leasesHeld` is the state at the snapshot.
 * `WorkerMetrics` of `@kds/worker` documents each field.
 */
export type WorkerMetricsInput = {
  readonly [field in WorkerCounter | WorkerGauge]: number;
} & {
  /** Per shard held now, or held earlier in the worker's life. */
  readonly shards: Readonly<Record<string, ShardMetricsInput>>;
};

/**
 * The metric each field of a worker snapshot is written as. Counters (`LeasesTaken`, `Records`...)
 * are written as the increase since the previous snapshot, so that CloudWatch's `Sum` over a
 * period is what happened in it; `LeasesHeld` as it is. `MillisBehindLatestMax` is the largest
 * `millisBehindLatest` over the shards being read: one writer has one dimension set, so the lag
 * is not written per shard.
 *
 * @example
 * ```ts
 * import { WorkerMetricName } from '@kds/metrics';
 *
 * // An alarm on a worker falling behind the stream:
 * const alarm = {
 *   MetricName: WorkerMetricName.millisBehindLatestMax,
 *   Namespace: 'Readings',
 *   Statistic: 'Maximum',
 *   Threshold: 60_000,
 * };
 * ```
 */
export const WorkerMetricName = {
  leasesHeld: 'LeasesHeld',
  leasesTaken: 'LeasesTaken',
  leasesStolen: 'LeasesStolen',
  leasesLost: 'LeasesLost',
  leasesReleased: 'LeasesReleased',
  records: 'Records',
  bytes: 'Bytes',
  checkpoints: 'Checkpoints',
  retries: 'Retries',
  recordsFailed: 'RecordsFailed',
  millisBehindLatestMax: 'MillisBehindLatestMax',
} as const satisfies Record<WorkerCounter | WorkerGauge | 'millisBehindLatestMax', string>;

/** One of {@link WorkerMetricName}: the name of a metric `writeWorkerMetrics` writes. */
export type WorkerMetricName = (typeof WorkerMetricName)[keyof typeof WorkerMetricName];

const FIELDS: SnapshotFields<WorkerCounter | WorkerGauge> = {
  names: WorkerMetricName,
  counters: COUNTERS,
  gauges: GAUGES,
};

/** The state of a shard read to its end: its last lag is not a lag any more. */
const ENDED_STATE = 'ENDED';

/** The largest lag over the shards not read to their end, if any of them has been read. */
function maxMillisBehindLatest(shards: WorkerMetricsInput['shards']): number | undefined {
  let max: number | undefined;
  for (const { state, millisBehindLatest } of Object.values(shards)) {
    if (state === ENDED_STATE || millisBehindLatest === undefined) continue;
    max = max === undefined ? millisBehindLatest : Math.max(max, millisBehindLatest);
  }
  return max;
}

/** Options of {@link writeWorkerMetrics}. */
export interface WriteWorkerMetricsOptions {
  /**
   * The snapshot written before this one, of the same worker: counters are written as the
   * increase since it. Default none: counters are written as they are, since the worker started.
   */
  readonly previous?: WorkerMetricsInput | undefined;
}

/**
 * Writes a worker's metrics snapshot as one EMF line (with whatever else was put since the last
 * flush): the counters as their increase since `previous` (all of them without it), `LeasesHeld`
 * as it is, and `MillisBehindLatestMax` (milliseconds) once a shard still being read has been
 * read. A counter lower than in `previous` (another worker) is written as it is. For the
 * `onMetrics` hook, {@link workerMetricsToEmf} keeps `previous` for you.
 *
 * @example
 * ```ts
 * import { createDecoder } from '@kds/consumer';
 * import { createEmfWriter, writeWorkerMetrics } from '@kds/metrics';
 * import { ReadingSchema } from '@kds/schema';
 * import { createWorker } from '@kds/worker';
 *
 * const worker = createWorker({
 *   applicationName: 'readings-archiver',
 *   streamName: 'TestDataStream',
 *   initialPosition: 'TRIM_HORIZON',
 *   processor: { decoder: createDecoder({ schema: ReadingSchema }), sink: async () => undefined },
 * });
 * await worker.start();
 * // ... later: everything since the worker started, in one line:
 * writeWorkerMetrics(createEmfWriter({ namespace: 'Readings' }), worker.metrics());
 * ```
 */
export function writeWorkerMetrics(
  writer: EmfWriter,
  metrics: WorkerMetricsInput,
  options: WriteWorkerMetricsOptions = {},
): void {
  putSnapshot(writer, FIELDS, metrics, options.previous);
  const lag = maxMillisBehindLatest(metrics.shards);
  if (lag !== undefined) {
    writer.putMetric(WorkerMetricName.millisBehindLatestMax, lag, MetricUnit.Milliseconds);
  }
  writer.flush();
}

/**
 * The `onMetrics` hook of `@kds/worker` that writes each snapshot with
 * {@link writeWorkerMetrics}, counters as their increase since the snapshot before: one EMF line
 * per `metricsIntervalMs`, and one when the worker stops.
 *
 * @example
 * ```ts
 * import { createDecoder } from '@kds/consumer';
 * import { createEmfWriter, workerMetricsToEmf } from '@kds/metrics';
 * import { ReadingSchema } from '@kds/schema';
 * import { createWorker } from '@kds/worker';
 *
 * const writer = createEmfWriter({ namespace: 'Readings', dimensions: { Application: 'readings-archiver' } });
 * const worker = createWorker({
 *   applicationName: 'readings-archiver',
 *   streamName: 'TestDataStream',
 *   initialPosition: 'TRIM_HORIZON',
 *   processor: { decoder: createDecoder({ schema: ReadingSchema }), sink: async () => undefined },
 *   onMetrics: workerMetricsToEmf(writer),
 *   metricsIntervalMs: 60_000,
 * });
 * ```
 */
export function workerMetricsToEmf(writer: EmfWriter): (metrics: WorkerMetricsInput) => void {
  return writeEachSincePrevious<WorkerMetricsInput>((metrics, options) =>
    writeWorkerMetrics(writer, metrics, options),
  );
}
