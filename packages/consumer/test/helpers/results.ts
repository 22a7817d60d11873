import type { DecodeError, DecodeResult } from '../../src/index.js';

/** The error of a failed result; a successful one fails the test with its value. */
export function errorFrom<T>(result: DecodeResult<T>): DecodeError {
  if (result.ok) throw new TypeError(`Expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The value of a successful result; a failed one fails the test with its message. */
export function valueFrom<T>(result: DecodeResult<T>): T {
  if (!result.ok)
    throw new TypeError(`Expected a value, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
