import { type ErrorCodeOf, KdsError } from '@kds/core';

/** What went wrong with a reading: its bytes were not JSON, or its JSON broke the schema. */
export const ReadingErrorCode = {
  BadJson: 'BAD_JSON',
  Schema: 'SCHEMA',
} as const;

/** One of {@link ReadingErrorCode}. */
export type ReadingErrorCode = ErrorCodeOf<typeof ReadingErrorCode>;

/** One problem found by the schema: where (a path of keys) and what. */
export interface ReadingIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The error every `@kds/schema` function throws or returns: a {@link ReadingErrorCode}, a message
 * naming the field at fault, the schema issues, and the original `cause`.
 *
 * @example
 * ```ts
 * import { ReadingError, decodeReading } from '@kds/schema';
 *
 * try {
 *   decodeReading(new TextEncoder().encode('{"Spot":"a"}'));
 * } catch (error) {
 *   if (error instanceof ReadingError) console.error(error.code, error.message);
 * }
 * ```
 */
export class ReadingError extends KdsError<ReadingErrorCode> {
  override readonly name: string = 'ReadingError';
  readonly issues: readonly ReadingIssue[];

  constructor(
    code: ReadingErrorCode,
    message: string,
    options: ErrorOptions & { issues?: readonly ReadingIssue[] } = {},
  ) {
    super(code, message, options);
    this.issues = options.issues ?? [];
  }
}
