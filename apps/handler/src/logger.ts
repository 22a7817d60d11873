/** Where the handler writes its structured logs. */
export interface Logger {
  info(entry: Record<string, unknown>): void;
  error(entry: Record<string, unknown>): void;
}

/**
 * One JSON object per line on stdout/stderr: what CloudWatch Logs and Logs Insights read best.
 *
 * @example
 * ```ts
 * import { jsonLogger } from 'handler';
 *
 * jsonLogger.info({ message: 'batch', received: 100 });
 * ```
 */
export const jsonLogger: Logger = {
  info: (entry) => console.log(JSON.stringify({ level: 'INFO', ...entry })),
  error: (entry) => console.error(JSON.stringify({ level: 'ERROR', ...entry })),
};

/**
 * A logger that drops everything.
 *
 * @example
 * ```ts
 * import { createHandler, silentLogger } from 'handler';
 *
 * const handler = createHandler({ logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = { info: () => {}, error: () => {} };
