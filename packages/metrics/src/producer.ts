import { MetricUnit } from './constants.js';
import type { EmfWriter } from './emf-writer.js';
import { putSnapshot, type SnapshotFields, writeEachSincePrevious } from './snapshot.js';

/** Put latencies of a producer, in milliseconds; `LatencyPercentiles` of `@kds/producer` fits. */
export interface LatencyPercentilesInput {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

const COUNTERS = [
  ['recordsPut', MetricUnit.Count],
  ['bytesPut', MetricUnit.Bytes],
  ['kinesisRecordsPut', MetricUnit.Count],
  ['kinesisBytesPut', MetricUnit.Bytes],
  ['requests', MetricUnit.Count],
  ['retries', MetricUnit.Count],
  ['throttled', MetricUnit.Count],
  ['expired', MetricUnit.Count],
  ['failed', MetricUnit.Count],
  ['possibleDuplicates', MetricUnit.Count],
  ['heldBackRecords', MetricUnit.Count],
  ['heldBackMs', MetricUnit.Milliseconds],
  ['shardMapRefreshes', MetricUnit.Count],
] as const;
const GAUGES = [
  ['buffered', MetricUnit.Count],
  ['bufferedBytes', MetricUnit.Bytes],
  ['waiting', MetricUnit.Count],
  ['inFlight', MetricUnit.Count],
] as const;
const LATENCIES = ['p50', 'p90', 'p99', 'max'] as const;

type ProducerCounter = (typeof COUNTERS)[number][0];
type ProducerGauge = (typeof GAUGES)[number][0];
type ProducerLatency = (typeof LATENCIES)[number];

/**
 * A metrics snapshot of `@kds/producer` (`ProducerMetrics` fits, as its `onMetrics` hook hands
 * it over); typed here by shape so this package depends on nothing. Counters (`recordsPut`...,
 * `heldBackMs`) run since the producer was created; gauges (`buffered`...) are the state at the
 * snapshot. `ProducerMetrics` of `@kds/producer` documents each field.
 */
export type ProducerMetricsInput = {
  readonly [field in ProducerCounter | ProducerGauge]: number;
} & { readonly putLatencyMs: LatencyPercentilesInput };

/**
 * The metric each field of a producer snapshot is written as. Counters (`RecordsPut`...) are
 * written as the increase since the previous snapshot, so that CloudWatch's `Sum` over a period
 * is what happened in it; gauges (`Buffered`...) and latencies (`PutLatencyP50`...) as they are.
 *
 * @example
 * ```ts
 * import { ProducerMetricName } from '@kds/metrics';
 *
 * // An alarm on throttled record attempts:
 * const alarm = { MetricName: ProducerMetricName.throttled, Namespace: 'Readings', Statistic: 'Sum' };
 * ```
 */
export const ProducerMetricName = {
  recordsPut: 'RecordsPut',
  bytesPut: 'BytesPut',
  kinesisRecordsPut: 'KinesisRecordsPut',
  kinesisBytesPut: 'KinesisBytesPut',
  requests: 'Requests',
  retries: 'Retries',
  throttled: 'Throttled',
  expired: 'Expired',
  failed: 'Failed',
  possibleDuplicates: 'PossibleDuplicates',
  heldBackRecords: 'HeldBackRecords',
  heldBackMs: 'HeldBackTime',
  shardMapRefreshes: 'ShardMapRefreshes',
  buffered: 'Buffered',
  bufferedBytes: 'BufferedBytes',
  waiting: 'Waiting',
  inFlight: 'InFlight',
  p50: 'PutLatencyP50',
  p90: 'PutLatencyP90',
  p99: 'PutLatencyP99',
  max: 'PutLatencyMax',
} as const satisfies Record<ProducerCounter | ProducerGauge | ProducerLatency, string>;

const FIELDS: SnapshotFields<ProducerCounter | ProducerGauge> = {
  names: ProducerMetricName,
  counters: COUNTERS,
  gauges: GAUGES,
};

/** Options of {@link writeProducerMetrics}. */
export interface WriteProducerMetricsOptions {
  /**
   * The snapshot written before this one, of the same producer: counters are written as the
   * increase since it. Default none: counters are written as they are, since the producer started.
   */
  readonly previous?: ProducerMetricsInput | undefined;
}

/**
 * Writes a producer's metrics snapshot as one EMF line (with whatever else was put since the last
 * flush): the counters as their increase since `previous` (all of them without it), the gauges
 * as they are, and the put latency percentiles (milliseconds) once any put was accepted. A
 * counter lower than in `previous` (another producer) is written as it is. For the `onMetrics`
 * hook, {@link producerMetricsToEmf} keeps `previous` for you.
 *
 * @example
 * ```ts
 * import { createEmfWriter, writeProducerMetrics } from '@kds/metrics';
 * import { createProducer } from '@kds/producer';
 *
 * const producer = createProducer({ streamName: 'TestDataStream' });
 * // ... puts ...
 * await producer.close();
 * // Everything since the producer was created, in one line:
 * writeProducerMetrics(createEmfWriter({ namespace: 'Readings' }), producer.metrics());
 * ```
 */
export function writeProducerMetrics(
  writer: EmfWriter,
  metrics: ProducerMetricsInput,
  options: WriteProducerMetricsOptions = {},
): void {
  putSnapshot(writer, FIELDS, metrics, options.previous);
  if (metrics.putLatencyMs.count > 0) {
    for (const field of LATENCIES) {
      writer.putMetric(
        ProducerMetricName[field],
        metrics.putLatencyMs[field],
        MetricUnit.Milliseconds,
      );
    }
  }
  writer.flush();
}

/**
 * The `onMetrics` hook of `@kds/producer` that writes each snapshot with
 * {@link writeProducerMetrics}, counters as their increase since the snapshot before: one EMF
 * line per `metricsIntervalMs`, and one at `close()`.
 *
 * @example
 * ```ts
 * import { createEmfWriter, producerMetricsToEmf } from '@kds/metrics';
 * import { createProducer } from '@kds/producer';
 *
 * const writer = createEmfWriter({ namespace: 'Readings', dimensions: { Stream: 'TestDataStream' } });
 * const producer = createProducer({
 *   streamName: 'TestDataStream',
 *   onMetrics: producerMetricsToEmf(writer),
 *   metricsIntervalMs: 60_000,
 * });
 * ```
 */
export function producerMetricsToEmf(writer: EmfWriter): (metrics: ProducerMetricsInput) => void {
  return writeEachSincePrevious<ProducerMetricsInput>((metrics, options) =>
    writeProducerMetrics(writer, metrics, options),
  );
}
