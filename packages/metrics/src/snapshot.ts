import type { MetricUnit } from './constants.js';
import type { EmfWriter } from './emf-writer.js';

/** Numeric fields of a snapshot, each with the unit of the metric it is written as. */
export type FieldUnits<F extends string> = readonly (readonly [F, MetricUnit])[];

/** How the numeric fields of a metrics snapshot (a producer's, a worker's) are written. */
export interface SnapshotFields<F extends string> {
  /** The metric each field is written as. */
  readonly names: Readonly<Record<F, string>>;
  /** Fields counted since the source started: written as their increase since `previous`. */
  readonly counters: FieldUnits<F>;
  /** Fields that are the state at the snapshot: written as they are. */
  readonly gauges: FieldUnits<F>;
}

/**
 * Puts the counters of a snapshot as their increase since `previous` (as they are without it, and
 * when one is lower than in it: another source), then its gauges as they are. Flushes nothing.
 */
export function putSnapshot<F extends string>(
  writer: EmfWriter,
  fields: SnapshotFields<F>,
  metrics: Readonly<Record<F, number>>,
  previous: Readonly<Record<F, number>> | undefined,
): void {
  for (const [field, unit] of fields.counters) {
    const now = metrics[field];
    const before = previous?.[field] ?? 0;
    writer.putMetric(fields.names[field], now >= before ? now - before : now, unit);
  }
  for (const [field, unit] of fields.gauges) {
    writer.putMetric(fields.names[field], metrics[field], unit);
  }
}

/**
 * An `onMetrics` hook that writes each snapshot with `write`, handing it the snapshot the hook
 * received before (none the first time) as `previous`.
 */
export function writeEachSincePrevious<M>(
  write: (metrics: M, options: { readonly previous: M | undefined }) => void,
): (metrics: M) => void {
  let previous: M | undefined;
  return (metrics) => {
    write(metrics, { previous });
    previous = metrics;
  };
}
