export type { HandlerConfig } from './config.js';
export { readConfig } from './config.js';
export {
  BATCH_ITEM_FAILURES_METRIC,
  DEFAULT_MIN_TEMPERATURE,
  DEFAULT_POISON_POLICY,
  DEFAULT_TABLE_NAME,
  DEFAULT_WINDOW_TABLE_NAME,
  METRICS_FUNCTION_DIMENSION,
  READINGS_TABLE_KEY,
  readingsTableDefinition,
  WINDOW_TABLE_KEY,
  windowTableDefinition,
} from './constants.js';
export { ConfigError } from './errors.js';
export type {
  HandlerOptions,
  ReadingsHandler,
  ReadingsProcessor,
  ReadingsProcessorOptions,
} from './handler.js';
export { createHandler, createReadingsProcessor, hotReadings } from './handler.js';
export type { Logger } from './logger.js';
export { jsonLogger, silentLogger } from './logger.js';
export type { WindowAggregate, WindowHandlerOptions, WindowState } from './window-handler.js';
export {
  addReading,
  createWindowHandler,
  SpotStatsSchema,
  toWindowAggregates,
  WindowStateSchema,
} from './window-handler.js';
