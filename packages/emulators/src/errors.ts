import { type ErrorCodeOf, KdsError } from '@kds/core';

/**
 * The `code` of every error `@kds/emulators` throws.
 *
 * @example
 * ```ts
 * import { EmulatorError, EmulatorErrorCode } from '@kds/emulators';
 *
 * const didNotStart = (error: unknown): boolean =>
 *   error instanceof EmulatorError && error.code === EmulatorErrorCode.EmulatorStart;
 * ```
 */
export const EmulatorErrorCode = {
  /** An emulator did not start (`EmulatorStartError`). */
  EmulatorStart: 'EMULATOR_START',
  /** A Kinesis emulator name kds does not know (`UnknownEmulatorError`). */
  UnknownEmulator: 'UNKNOWN_EMULATOR',
} as const;

/** One of {@link EmulatorErrorCode}. */
export type EmulatorErrorCode = ErrorCodeOf<typeof EmulatorErrorCode>;

/**
 * The base of every error `@kds/emulators` throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { EmulatorError } from '@kds/emulators';
 *
 * const codeOf = (error: unknown): string | undefined =>
 *   error instanceof EmulatorError ? error.code : undefined;
 * ```
 */
export class EmulatorError extends KdsError<EmulatorErrorCode> {
  override readonly name: string = 'EmulatorError';
}

/**
 * An emulator that did not start (e.g. its module is missing or it could not listen).
 *
 * @example
 * ```ts
 * import { EmulatorStartError, startEmulators } from '@kds/emulators';
 *
 * const emulators = await startEmulators({ kinesis: 'kinesis-local' }).catch((error: unknown) => {
 *   if (error instanceof EmulatorStartError) console.error('install kinesis-local@0.6.2');
 *   throw error;
 * });
 * ```
 */
export class EmulatorStartError extends EmulatorError {
  override readonly name = 'EmulatorStartError';

  constructor(emulator: string, options: ErrorOptions = {}) {
    super(
      EmulatorErrorCode.EmulatorStart,
      `The ${emulator} emulator did not start: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
  }
}

/**
 * A `KDS_KINESIS_EMULATOR` (or `kinesis` option) that names no emulator kds knows.
 *
 * @example
 * ```ts
 * import { kinesisEmulatorFromEnv, UnknownEmulatorError } from '@kds/emulators';
 *
 * try {
 *   kinesisEmulatorFromEnv({ KDS_KINESIS_EMULATOR: 'localstack' });
 * } catch (error) {
 *   if (error instanceof UnknownEmulatorError) console.error(error.message); // names the known ones
 * }
 * ```
 */
export class UnknownEmulatorError extends EmulatorError {
  override readonly name = 'UnknownEmulatorError';

  constructor(value: string, known: readonly string[]) {
    super(
      EmulatorErrorCode.UnknownEmulator,
      `Unknown Kinesis emulator "${value}" (KDS_KINESIS_EMULATOR): use one of ${known.join(', ')}`,
    );
  }
}
