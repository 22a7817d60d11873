export * from './codec.js';
export type { ReadingIssue } from './errors.js';
export { ReadingError, ReadingErrorCode } from './errors.js';
export * from './reading.js';
