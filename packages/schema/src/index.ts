export type { ReadingResult } from './codec.js';
export {
  decodeReading,
  encodeReading,
  formatIssues,
  safeDecodeReading,
  stringifyReading,
  validateReading,
} from './codec.js';
export type { ReadingIssue } from './errors.js';
export { ReadingError, ReadingErrorCode } from './errors.js';
export type { Reading, Spot } from './reading.js';
export { ReadingSchema, SPOTS } from './reading.js';
