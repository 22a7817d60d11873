// The one error of every kds package for an option out of range.
export { InvalidOptionError } from '@kds/core';
export * from './constants.js';
export * from './dynamodb-sink.js';
export { DynamoDbSinkError, DynamoDbSinkErrorCode } from './errors.js';
export type { TableKeyAttribute } from './table-key.js';
export { readTableKey } from './table-key.js';
