import { ReadingError, type ReadingIssue } from './errors.js';
import { type Reading, ReadingSchema, SPOTS } from './reading.js';

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

const SPOT_SET: ReadonlySet<string> = new Set(SPOTS);

/**
 * True when `value` is a reading by the rules of {@link ReadingSchema}, checked by hand: no other
 * enumerable key, a safe non-negative integer Timestamp, a known Spot, a finite Temperature. False
 * sends the value to the schema, which then names what is wrong (or, for an object the shortcut
 * does not judge, such as one with a non-enumerable field, decides).
 */
function isPlainReading(value: unknown): value is Reading {
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) {
    if (key !== 'Timestamp' && key !== 'Spot' && key !== 'Temperature') return false;
  }
  const { Timestamp, Spot, Temperature } = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(Timestamp) &&
    (Timestamp as number) >= 0 &&
    typeof Spot === 'string' &&
    SPOT_SET.has(Spot) &&
    typeof Temperature === 'number' &&
    Number.isFinite(Temperature)
  );
}

/**
 * Validates a reading and returns its JSON text, keys in schema order: the same text as
 * `JSON.stringify` of the parsed reading, about three times as fast (no generic serializer is
 * involved: every field's form is known). An invalid reading throws a {@link ReadingError} with
 * code `SCHEMA`. This is what a producer's `serialize` option wants: the producer writes the text
 * straight into its request, without a buffer per reading.
 *
 * @example
 * ```ts
 * import { stringifyReading } from '@kds/schema';
 *
 * stringifyReading({ Timestamp: 1732600000000, Spot: 'Q', Temperature: 36 });
 * // '{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}'
 * ```
 */
export function stringifyReading(reading: Reading): string {
  let valid: Reading = reading;
  if (!isPlainReading(reading)) {
    const result = validateReading(reading);
    if (!result.ok) throw result.error;
    valid = result.value;
  }
  // A Spot is one capital letter and numbers print as JSON prints them: nothing needs escaping.
  return `{"Timestamp":${valid.Timestamp},"Spot":"${valid.Spot}","Temperature":${valid.Temperature}}`;
}

/**
 * Encodes a reading as UTF-8 JSON bytes, the payload a device puts on the stream: the bytes of
 * {@link stringifyReading}. The reading is validated first: an invalid one throws a
 * {@link ReadingError} with code `SCHEMA`.
 *
 * @example
 * ```ts
 * import { encodeReading } from '@kds/schema';
 *
 * const bytes = encodeReading({ Timestamp: Date.now(), Spot: 'B', Temperature: 37 });
 * ```
 */
export function encodeReading(reading: Reading): Uint8Array {
  return Buffer.from(stringifyReading(reading), 'utf8');
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
