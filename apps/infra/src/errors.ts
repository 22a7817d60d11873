import { type ErrorCodeOf, KdsError } from '@kds/core';

/**
 * The `code` of every error the infrastructure app throws.
 *
 * @example
 * ```ts
 * import { InfraError, InfraErrorCode } from 'infra';
 *
 * const badSetting = (error: unknown): boolean =>
 *   error instanceof InfraError && error.code === InfraErrorCode.InvalidSetting;
 * ```
 */
export const InfraErrorCode = {
  /** A stack setting that makes no sense (`SettingsError`). */
  InvalidSetting: 'INVALID_SETTING',
  /** The bundled handler is not there (`HandlerArtifactMissingError`). */
  HandlerArtifactMissing: 'HANDLER_ARTIFACT_MISSING',
  /** The deployed stack's outputs could not be read (`StackOutputsError`). */
  StackOutputs: 'STACK_OUTPUTS',
} as const;

/** One of {@link InfraErrorCode}. */
export type InfraErrorCode = ErrorCodeOf<typeof InfraErrorCode>;

/**
 * The base of every error the infrastructure app throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { InfraError } from 'infra';
 *
 * const codeOf = (error: unknown): string | undefined => (error instanceof InfraError ? error.code : undefined);
 * ```
 */
export class InfraError extends KdsError<InfraErrorCode> {
  override readonly name: string = 'InfraError';
}

/**
 * A stack setting (CDK context value or stack prop) that makes no sense, e.g. `-c shards=0`.
 *
 * @example
 * ```ts
 * import { readContextSettings, SettingsError } from 'infra';
 *
 * try {
 *   readContextSettings({ tryGetContext: (key) => (key === 'shards' ? '0' : undefined) });
 * } catch (error) {
 *   if (error instanceof SettingsError) console.error(error.setting, error.message);
 * }
 * ```
 */
export class SettingsError extends InfraError {
  override readonly name = 'SettingsError';

  constructor(
    /** The setting that was wrong, e.g. `shards`. */
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(InfraErrorCode.InvalidSetting, message, options);
  }
}

/**
 * The bundled handler (`apps/handler/dist/lambda/index.mjs`) is not there: build it first.
 *
 * @example
 * ```ts
 * import { HandlerArtifactMissingError, handlerArtifactDirectory } from 'infra';
 *
 * try { handlerArtifactDirectory(); } catch (error) { if (error instanceof HandlerArtifactMissingError) console.error(error.path); }
 * ```
 */
export class HandlerArtifactMissingError extends InfraError {
  override readonly name = 'HandlerArtifactMissingError';

  constructor(
    /** The file that was looked for. */
    readonly path: string,
  ) {
    super(
      InfraErrorCode.HandlerArtifactMissing,
      `The bundled handler ${path} does not exist: run \`pnpm turbo run build --filter=handler\` first`,
    );
  }
}

/**
 * The outputs of a deployed stack are missing or malformed: the stack is not (fully) the readings
 * stack, or is still being created.
 *
 * @example
 * ```ts
 * import { parseStackOutputs, StackOutputsError } from 'infra/outputs';
 *
 * try { parseStackOutputs([]); } catch (error) { if (error instanceof StackOutputsError) console.error(error.missing); }
 * ```
 */
export class StackOutputsError extends InfraError {
  override readonly name = 'StackOutputsError';

  constructor(
    message: string,
    /** The output keys that were missing or malformed. */
    readonly missing: readonly string[],
  ) {
    super(InfraErrorCode.StackOutputs, message);
  }
}
