import { ReadingError, type ReadingIssue } from './errors.js';
import { type Reading, ReadingSchema } from './reading.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** A value or the reason there is none; never thrown. */
export type ReadingResult = { ok: true; value: Reading } | { ok: false; error: ReadingError };

/**
 * Renders schema issues as one line naming each field, e.g.
 * `Temperature: Invalid input: expected number, received string`.
 *
 * @example
 * ```ts
 * import { formatIssues } from '@kds/schema';
 *
 * formatIssues([{ path: ['Spot'], message: 'Invalid option' }]); // "Spot: Invalid option"
 * ```
 */
export function formatIssues(issues: readonly ReadingIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Checks any value against {@link ReadingSchema}, returning a result instead of throwing.
 *
 * @example
 * ```ts
 * import { validateReading } from '@kds/schema';
 *
 * const result = validateReading({ Timestamp: 1, Spot: 'A', Temperature: 'hot' });
 * if (!result.ok) console.error(result.error.message); // "Temperature: Invalid input: ..."
 * ```
 */
export function validateReading(input: unknown): ReadingResult {
  const parsed = ReadingSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map(({ path, message }) => ({ path, message }));
  return {
    ok: false,
    error: new ReadingError('SCHEMA', `Invalid reading: ${formatIssues(issues)}`, {
      cause: parsed.error,
      issues,
    }),
  };
}

/**
 * Encodes a reading as UTF-8 JSON bytes, the payload a device puts on the stream. The reading is
 * validated first: an invalid one throws a {@link ReadingError} with code `SCHEMA`.
 *
 * @example
 * ```ts
 * import { encodeReading } from '@kds/schema';
 *
 * const bytes = encodeReading({ Timestamp: Date.now(), Spot: 'B', Temperature: 37 });
 * ```
 */
export function encodeReading(reading: Reading): Uint8Array {
  const result = validateReading(reading);
  if (!result.ok) throw result.error;
  return encoder.encode(JSON.stringify(result.value));
}

/**
 * Decodes UTF-8 JSON bytes into a reading, returning a result instead of throwing: code
 * `BAD_JSON` when the bytes are not JSON, `SCHEMA` when the JSON is not a reading.
 *
 * @example
 * ```ts
 * import { safeDecodeReading } from '@kds/schema';
 *
 * const result = safeDecodeReading(new TextEncoder().encode('{"Timestamp":1,"Spot":"A","Temperature":20}'));
 * if (result.ok) console.log(result.value.Spot);
 * ```
 */
export function safeDecodeReading(bytes: Uint8Array): ReadingResult {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    return {
      ok: false,
      error: new ReadingError(
        'BAD_JSON',
        `Reading is not valid JSON: ${(cause as Error).message}`,
        {
          cause,
        },
      ),
    };
  }
  return validateReading(json);
}

/**
 * Decodes UTF-8 JSON bytes into a reading, throwing a {@link ReadingError} when they are not one.
 *
 * @example
 * ```ts
 * import { decodeReading, encodeReading } from '@kds/schema';
 *
 * const reading = decodeReading(encodeReading({ Timestamp: 0, Spot: 'Z', Temperature: 12 }));
 * ```
 */
export function decodeReading(bytes: Uint8Array): Reading {
  const result = safeDecodeReading(bytes);
  if (!result.ok) throw result.error;
  return result.value;
}
