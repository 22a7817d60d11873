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

/**
 * The union of the codes of a code map such as {@link CoreErrorCode}: each package names its code
 * type after its map with it, `type LocalErrorCode = ErrorCodeOf<typeof LocalErrorCode>`.
 */
export type ErrorCodeOf<Codes extends Readonly<Record<string, string>>> = Codes[keyof Codes];

/** One of {@link CoreErrorCode}. */
export type CoreErrorCode = ErrorCodeOf<typeof CoreErrorCode>;

/**
 * The base of every error a kds package throws or returns: a readonly string `code` from the
 * package's code map and the original `cause`. Each package has its own base class extending this
 * one (`ConsumerError`, `LocalError`, ...), so `instanceof KdsError` catches an error of any kds
 * package and `instanceof LocalError` one of `@kds/local` only.
 *
 * @example
 * ```ts
 * import { type ErrorCodeOf, KdsError } from '@kds/core';
 *
 * // A package's base error: the code type narrows to the package's codes.
 * const PumpErrorCode = { Stalled: 'STALLED' } as const;
 * type PumpErrorCode = ErrorCodeOf<typeof PumpErrorCode>;
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

  constructor(
    /** What went wrong, one of the throwing package's codes: stable, unlike the message. */
    readonly code: Code,
    message: string,
    options: ErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
  }
}

/** A class of errors made as `KdsError` is: from a code, a message and the options. */
type ErrorClass<Code extends string, Instance> = new (
  code: Code,
  message: string,
  options?: ErrorOptions,
) => Instance;
/** A class of errors made from a message and the options. */
type MessageErrorClass<Instance> = new (message: string, options?: ErrorOptions) => Instance;
/** A class of errors made from the options only. */
type OptionsErrorClass<Instance> = new (options?: ErrorOptions) => Instance;

/**
 * The base of an error class whose errors all have one `code`: it extends `Base` (a package's base
 * error), and its constructor takes the message and the options, or the options only when
 * `message` is given here. The class built on it still names itself. Node.js builds its own
 * `ERR_*` errors the same way.
 *
 * @example
 * ```ts
 * import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';
 *
 * const PumpErrorCode = { Stalled: 'STALLED', Closed: 'CLOSED' } as const;
 * type PumpErrorCode = ErrorCodeOf<typeof PumpErrorCode>;
 * class PumpError extends KdsError<PumpErrorCode> {
 *   override readonly name: string = 'PumpError';
 * }
 * class StalledError extends withCode(PumpError, PumpErrorCode.Stalled) {
 *   override readonly name = 'StalledError';
 * }
 * class PumpClosedError extends withCode(PumpError, PumpErrorCode.Closed, 'The pump is closed') {
 *   override readonly name = 'PumpClosedError';
 * }
 *
 * const error = new StalledError('The pump stalled', { cause: new Error('EPIPE') });
 * error instanceof PumpError; // true
 * error.code; // 'STALLED'
 * new PumpClosedError().message; // 'The pump is closed'
 * ```
 */
export function withCode<Code extends string, Instance extends KdsError>(
  Base: ErrorClass<Code, Instance>,
  code: Code,
): MessageErrorClass<Instance>;
export function withCode<Code extends string, Instance extends KdsError>(
  Base: ErrorClass<Code, Instance>,
  code: Code,
  message: string,
): OptionsErrorClass<Instance>;
export function withCode<Code extends string>(
  Base: ErrorClass<Code, KdsError>,
  code: Code,
  message?: string,
): MessageErrorClass<KdsError> | OptionsErrorClass<KdsError> {
  return class extends Base {
    constructor(...args: unknown[]) {
      const given = message === undefined ? args : [message, ...args];
      const [text, options] = given as [string, ErrorOptions?];
      super(code, text, options);
    }
  };
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

  /**
   * @param option The option's name, as the user wrote it.
   * @param message What it must be and what was given, read after the option's name:
   *   `must be an integer from 1 to 10,000 (got 0)`.
   */
  constructor(
    /** The option at fault, e.g. `batchSize` or `dimensions.Stage`. */
    readonly option: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(CoreErrorCode.InvalidOption, `${option} ${message}`, options);
  }
}
