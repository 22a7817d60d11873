import type { Logger } from 'handler';

/** Handler logs on stderr, so they never mix with the report or the JSON on stdout (`--verbose`). */
export const stderrLogger: Logger = {
  info: (entry) => process.stderr.write(`${JSON.stringify({ level: 'INFO', ...entry })}\n`),
  error: (entry) => process.stderr.write(`${JSON.stringify({ level: 'ERROR', ...entry })}\n`),
};

/** Without `--verbose`, only the handler's errors are shown, on stderr. */
export const quietLogger: Logger = {
  info: () => {},
  error: stderrLogger.error,
};
