import { type ErrorCodeOf, KdsError, withCode } from '@kds/core';

/** The `code` of the handler's error. */
export const HandlerErrorCode = {
  /** A handler setting that makes no sense (`ConfigError`). */
  Config: 'CONFIG',
} as const;

/** One of {@link HandlerErrorCode}. */
export type HandlerErrorCode = ErrorCodeOf<typeof HandlerErrorCode>;

/**
 * A handler setting that makes no sense (e.g. `MIN_TEMPERATURE=hot`).
 *
 * @example
 * ```ts
 * import { ConfigError, readConfig } from 'handler';
 *
 * try { readConfig({ MIN_TEMPERATURE: 'hot' }); } catch (error) { if (error instanceof ConfigError) console.error(error.message); }
 * ```
 */
export class ConfigError extends withCode(KdsError, HandlerErrorCode.Config) {
  override readonly name: string = 'ConfigError';
}
