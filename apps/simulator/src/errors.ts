import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';

/** The `code` of the simulator's error. */
export const SimulatorErrorCode = {
  /** A command line the simulator cannot run (`UsageError`). */
  Usage: 'USAGE',
  /** A file of the live view's page could not be read (`LiveViewPageError`). */
  LiveViewPage: 'LIVE_VIEW_PAGE',
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

/**
 * A file of the live view's page (`--ui`) could not be read: the simulator's installation is
 * incomplete. Thrown before the server listens, so the run fails at once. Exit code 1.
 *
 * @example
 * ```ts
 * import { LiveViewPageError } from './errors.js';
 *
 * const missingPage = (error: unknown): string | undefined =>
 *   error instanceof LiveViewPageError ? error.path : undefined;
 * ```
 */
export class LiveViewPageError extends KdsError<SimulatorErrorCode> {
  override readonly name: string = 'LiveViewPageError';

  constructor(
    /** The file that could not be read. */
    readonly path: string,
    options: ErrorOptions = {},
  ) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      SimulatorErrorCode.LiveViewPage,
      `The live view's page file ${path} cannot be read${reason}`,
      options,
    );
  }
}
