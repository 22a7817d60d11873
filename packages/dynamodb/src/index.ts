// The one error of every kds package for an option out of range.
export { InvalidOptionError } from '@kds/core';
export {
  DEFAULT_WRITE_CONCURRENCY,
  DEFAULT_WRITE_DEADLINE_MS,
  MAX_BATCH_WRITE_ITEMS,
  WRITE_RETRY_BASE_DELAY_MS,
  WRITE_RETRY_MAX_DELAY_MS,
} from './constants.js';
export type { DynamoDbSinkOptions } from './dynamodb-sink.js';
export { createDynamoDbSink } from './dynamodb-sink.js';
export { DynamoDbSinkError, DynamoDbSinkErrorCode } from './errors.js';
export type { TableKeyAttribute } from './table-key.js';
export { readTableKey } from './table-key.js';
