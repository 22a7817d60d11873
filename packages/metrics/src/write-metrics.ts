import type { MetricUnit } from './constants.js';
import type { EmfWriter } from './emf-writer.js';
import { InvalidMetricError } from './errors.js';

/**
 * Writes a record of named numbers as metrics, each with its unit, then flushes: one EMF line
 * (with whatever else was put since the last flush). The types ask for a unit for every key; a
 * key without one at run time throws `InvalidMetricError`.
 *
 * @example
 * ```ts
 * import { createEmfWriter, MetricUnit, writeMetrics } from '@kds/metrics';
 *
 * const writer = createEmfWriter({ namespace: 'Readings', dimensions: { Worker: 'worker-1' } });
 * writeMetrics(
 *   writer,
 *   { LeasesHeld: 4, RecordsRead: 1_250, MillisBehindLatest: 320 },
 *   { LeasesHeld: MetricUnit.Count, RecordsRead: MetricUnit.Count, MillisBehindLatest: MetricUnit.Milliseconds },
 * );
 * ```
 */
export function writeMetrics<K extends string>(
  writer: EmfWriter,
  values: Readonly<Record<K, number>>,
  units: Readonly<Record<K, MetricUnit>>,
): void {
  for (const name of Object.keys(values) as K[]) {
    const unit = units[name] as MetricUnit | undefined;
    if (unit === undefined) {
      throw new InvalidMetricError(`Metric "${name}" has no unit in units`);
    }
    writer.putMetric(name, values[name], unit);
  }
  writer.flush();
}
