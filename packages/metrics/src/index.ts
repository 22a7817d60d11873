export {
  EMF_METADATA_KEY,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_DIMENSIONS_PER_SET,
  MAX_METRICS_PER_DIRECTIVE,
  MAX_NAME_LENGTH,
  MAX_VALUES_PER_METRIC,
  MetricUnit,
} from './constants.js';
export type { EmfWriter, EmfWriterOptions } from './emf-writer.js';
export { createEmfWriter } from './emf-writer.js';
export {
  InvalidMetricError,
  InvalidOptionError,
  MetricsError,
  MetricsErrorCode,
} from './errors.js';
export type { ProcessSummaryInput } from './process-summary.js';
export { ProcessMetricName, writeProcessSummary } from './process-summary.js';
export type {
  LatencyPercentilesInput,
  ProducerMetricsInput,
  WriteProducerMetricsOptions,
} from './producer.js';
export { ProducerMetricName, producerMetricsToEmf, writeProducerMetrics } from './producer.js';
export type {
  ShardMetricsInput,
  WorkerMetricsInput,
  WriteWorkerMetricsOptions,
} from './worker.js';
export { WorkerMetricName, workerMetricsToEmf, writeWorkerMetrics } from './worker.js';
export { writeMetrics } from './write-metrics.js';
