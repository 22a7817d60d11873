/** Text styles for people; identity functions when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const ansi =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain = (text: string): string => text;

/**
 * Colour only on a terminal, never with `NO_COLOR` set (https://no-color.org) or `TERM=dumb`.
 *
 * @example
 * ```ts
 * import { createStyle } from './style.js';
 *
 * const style = createStyle({ isTTY: process.stdout.isTTY === true, env: process.env });
 * console.log(style.bold('Sent'));
 * ```
 */
export function createStyle(options: {
  isTTY: boolean;
  env: Record<string, string | undefined>;
}): Style {
  const { isTTY, env } = options;
  const enabled = isTTY && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39) };
}
