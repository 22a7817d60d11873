export * from './constants.js';
export * from './emf-writer.js';
export {
  InvalidMetricError,
  InvalidOptionError,
  MetricsError,
  MetricsErrorCode,
} from './errors.js';
export * from './process-summary.js';
export * from './producer.js';
export * from './worker.js';
export * from './write-metrics.js';
