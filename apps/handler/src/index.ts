export type { HandlerConfig } from './config.js';
export { readConfig } from './config.js';
export {
  DEFAULT_MIN_TEMPERATURE,
  DEFAULT_TABLE_NAME,
  DEFAULT_WRITE_CONCURRENCY,
  DEFAULT_WRITE_DEADLINE_MS,
  MAX_BATCH_WRITE_ITEMS,
  READINGS_TABLE_KEY,
} from './constants.js';
export type { DynamoDbSinkOptions } from './dynamodb-sink.js';
export { createDynamoDbSink } from './dynamodb-sink.js';
export { ConfigError } from './errors.js';
export type { HandlerOptions, ReadingsHandler } from './handler.js';
export { createHandler, hotReadings } from './handler.js';
export type { Logger } from './logger.js';
export { jsonLogger, silentLogger } from './logger.js';
