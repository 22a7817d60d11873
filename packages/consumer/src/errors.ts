/** Why a record could not be decoded. */
export const DecodeErrorCode = {
  BadBase64: 'BAD_BASE64',
  BadJson: 'BAD_JSON',
  Schema: 'SCHEMA',
  TooLarge: 'TOO_LARGE',
} as const;

/** One of {@link DecodeErrorCode}. */
export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/**
 * The base of every error `@kds/consumer` returns or throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { ConsumerError } from '@kds/consumer';
 *
 * const codeOf = (error: unknown): string | undefined =>
 *   error instanceof ConsumerError ? error.code : undefined;
 * ```
 */
export class ConsumerError extends Error {
  override readonly name: string = 'ConsumerError';
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/**
 * A record that cannot be decoded: bad base64, not JSON, too large, or not matching the schema.
 * The message names the field at fault; `issues` holds the schema's findings.
 *
 * @example
 * ```ts
 * import { DecodeError } from '@kds/consumer';
 *
 * const isPoison = (error: unknown): boolean => error instanceof DecodeError;
 * ```
 */
export class DecodeError extends ConsumerError {
  override readonly name = 'DecodeError';
  declare readonly code: DecodeErrorCode;
  readonly issues: readonly { path: readonly PropertyKey[]; message: string }[];

  constructor(
    code: DecodeErrorCode,
    message: string,
    options: {
      cause?: unknown;
      issues?: readonly { path: readonly PropertyKey[]; message: string }[];
    } = {},
  ) {
    super(code, message, options);
    this.issues = options.issues ?? [];
  }
}

/**
 * A record the sink could not store (after its own retries).
 *
 * @example
 * ```ts
 * import { SinkError } from '@kds/consumer';
 *
 * const isSinkFailure = (error: unknown): boolean => error instanceof SinkError;
 * ```
 */
export class SinkError extends ConsumerError {
  override readonly name = 'SinkError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SINK', message, options);
  }
}
