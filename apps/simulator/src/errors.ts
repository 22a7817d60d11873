import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';

/** The `code` of the simulator's error. */
export const SimulatorErrorCode = {
  /** A command line the simulator cannot run (`UsageError`). */
  Usage: 'USAGE',
} as const;

/** One of {@link SimulatorErrorCode}. */
export type SimulatorErrorCode = ErrorCodeOf<typeof SimulatorErrorCode>;

/**
 * A command line the simulator cannot run: an unknown flag or a bad value. Exit code 2.
 *
 * @example
 * ```ts
 * import { UsageError } from './errors.js';
 *
 * throw new UsageError('--count must be a positive integer (got "-5")');
 * ```
 */
export class UsageError extends withCode(KdsError, SimulatorErrorCode.Usage) {
  override readonly name: string = 'UsageError';
}
