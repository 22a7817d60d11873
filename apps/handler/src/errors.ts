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
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}
