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
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}
