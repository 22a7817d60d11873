/**
 * The codes of the errors `@kds/core` defines itself.
 *
 * @example
 * ```ts
 * import { CoreErrorCode, KdsError } from '@kds/core';
 *
 * const badOption = (error: unknown): boolean =>
 *   error instanceof KdsError && error.code === CoreErrorCode.InvalidOption;
 * ```
 */
export const CoreErrorCode = {
  /** An option or setting outside what kds, Kinesis or Lambda accept. */
  InvalidOption: 'INVALID_OPTION',
} as const;

/** One of {@link CoreErrorCode}. */
export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/**
 * The base of every error a kds package throws or returns: a readonly string `code` from the
 * package's code map and the original `cause`. Each package has its own base class extending this
 * one (`ConsumerError`, `LocalError`, ...), so `instanceof KdsError` catches an error of any kds
 * package and `instanceof LocalError` one of `@kds/local` only.
 *
 * @example
 * ```ts
 * import { KdsError } from '@kds/core';
 *
 * // A package's base error: the code type narrows to the package's codes.
 * const PumpErrorCode = { Stalled: 'STALLED' } as const;
 * type PumpErrorCode = (typeof PumpErrorCode)[keyof typeof PumpErrorCode];
 * class PumpError extends KdsError<PumpErrorCode> {
 *   override readonly name: string = 'PumpError';
 * }
 *
 * const error = new PumpError(PumpErrorCode.Stalled, 'The pump stalled', { cause: new Error('EPIPE') });
 * const describe = (e: unknown): string => (e instanceof KdsError ? `${e.code}: ${e.message}` : String(e));
 * describe(error); // 'STALLED: The pump stalled'
 * ```
 */
export class KdsError<Code extends string = string> extends Error {
  override readonly name: string = 'KdsError';
  /** What went wrong, one of the throwing package's codes: stable, unlike the message. */
  readonly code: Code;

  constructor(code: Code, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/**
 * An option (or setting) outside what kds, Kinesis or Lambda accept, thrown before anything
 * starts. The message names the option, what it must be and the value given; `option` names the
 * option alone. Every kds package throws this one class for a bad option and re-exports it, so
 * `import { InvalidOptionError } from '@kds/local'` and `from '@kds/core'` are the same class.
 *
 * @example
 * ```ts
 * import { InvalidOptionError } from '@kds/core';
 *
 * function checkBatchSize(batchSize: number): number {
 *   if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
 *     throw new InvalidOptionError('batchSize', `must be an integer from 1 to 10,000 (got ${batchSize})`);
 *   }
 *   return batchSize;
 * }
 *
 * try {
 *   checkBatchSize(0);
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.error(error.option, error.message);
 *   // batchSize batchSize must be an integer from 1 to 10,000 (got 0)
 * }
 * ```
 */
export class InvalidOptionError extends KdsError<CoreErrorCode> {
  override readonly name: string = 'InvalidOptionError';
  /** The option at fault, e.g. `batchSize` or `dimensions.Stage`. */
  readonly option: string;

  /**
   * @param option The option's name, as the user wrote it.
   * @param message What it must be and what was given, read after the option's name:
   *   `must be an integer from 1 to 10,000 (got 0)`.
   */
  constructor(option: string, message: string, options: { cause?: unknown } = {}) {
    super(CoreErrorCode.InvalidOption, `${option} ${message}`, options);
    this.option = option;
  }
}
