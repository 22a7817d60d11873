/**
 * The base of every error `@kds/local` throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { LocalError } from '@kds/local';
 *
 * const codeOf = (error: unknown): string | undefined => (error instanceof LocalError ? error.code : undefined);
 * ```
 */
export class LocalError extends Error {
  override readonly name: string = 'LocalError';
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/**
 * An emulator that did not start (e.g. its module is missing or it could not listen).
 *
 * @example
 * ```ts
 * import { EmulatorStartError } from '@kds/local';
 *
 * const failedToStart = (error: unknown): boolean => error instanceof EmulatorStartError;
 * ```
 */
export class EmulatorStartError extends LocalError {
  override readonly name = 'EmulatorStartError';

  constructor(emulator: string, options: { cause?: unknown } = {}) {
    super(
      'EMULATOR_START',
      `The ${emulator} emulator did not start: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
  }
}

/**
 * A wait that ran out of time (a stream not ACTIVE, a trigger that did not reach its target).
 *
 * @example
 * ```ts
 * import { WaitTimeoutError } from '@kds/local';
 *
 * const timedOut = (error: unknown): boolean => error instanceof WaitTimeoutError;
 * ```
 */
export class WaitTimeoutError extends LocalError {
  override readonly name = 'WaitTimeoutError';

  constructor(what: string, timeoutMs: number) {
    super('WAIT_TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}
