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
export class EmulatorError extends Error {
  override readonly name: string = 'EmulatorError';
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

  constructor(emulator: string, options: { cause?: unknown } = {}) {
    super(
      'EMULATOR_START',
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
      'UNKNOWN_EMULATOR',
      `Unknown Kinesis emulator "${value}" (KDS_KINESIS_EMULATOR): use one of ${known.join(', ')}`,
    );
  }
}
