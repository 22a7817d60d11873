import type { StandardSchemaV1 } from '@standard-schema/spec';
import { DEFAULT_MAX_RECORD_BYTES } from './constants.js';
import { DecodeError } from './errors.js';
import { parseJsonSafely } from './safe-json.js';
import type { KinesisStreamRecord } from './types.js';

/** A decoded record, or why it is not one; never thrown. */
export type DecodeResult<T> =
  | { ok: true; value: T; record: KinesisStreamRecord }
  | { ok: false; error: DecodeError; record: KinesisStreamRecord };

/** Options of {@link createDecoder}. */
export interface DecoderOptions<S extends StandardSchemaV1> {
  /** Any Standard Schema validator (zod 4, valibot, arktype...). It must validate synchronously. */
  schema: S;
  /** Records whose decoded bytes exceed this fail with `TOO_LARGE`. Default 1 MiB. */
  maxRecordBytes?: number;
}

/** Decodes the records of a Lambda Kinesis event. */
export interface Decoder<T> {
  decode(record: KinesisStreamRecord): DecodeResult<T>;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function pathOf(issue: StandardSchemaV1.Issue): PropertyKey[] {
  return (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
}

function describeIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  return issues
    .map((issue) => {
      const path = pathOf(issue);
      return `${path.length > 0 ? path.join('.') : '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Creates a strict decoder: base64 → bytes → JSON → schema. Every record yields a result value:
 * bad base64 (`BAD_BASE64`), bytes over the cap (`TOO_LARGE`), text that is not JSON or holds a
 * `__proto__` key (`BAD_JSON`), or a value the schema refuses (`SCHEMA`, naming the fields).
 *
 * @example
 * ```ts
 * import { createDecoder } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * // for (const record of event.Records) { const result = decoder.decode(record); ... }
 * ```
 */
export function createDecoder<S extends StandardSchemaV1>(
  options: DecoderOptions<S>,
): Decoder<StandardSchemaV1.InferOutput<S>> {
  const { schema, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES } = options;
  const validate = schema['~standard'].validate;
  type Output = StandardSchemaV1.InferOutput<S>;

  function fail(record: KinesisStreamRecord, error: DecodeError): DecodeResult<Output> {
    return { ok: false, error, record };
  }

  return {
    decode(record) {
      const data = record.kinesis?.data;
      if (typeof data !== 'string' || data.length % 4 !== 0 || !BASE64.test(data)) {
        return fail(record, new DecodeError('BAD_BASE64', 'Record data is not valid base64'));
      }
      // Checked before decoding, so an oversized record costs no allocation.
      const size = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
      if (size > maxRecordBytes) {
        return fail(
          record,
          new DecodeError(
            'TOO_LARGE',
            `Record data is ${size} bytes; the limit is ${maxRecordBytes}`,
          ),
        );
      }
      const text = Buffer.from(data, 'base64').toString('utf8');
      let json: unknown;
      try {
        const parsed = parseJsonSafely(text);
        if ('forbiddenKey' in parsed) {
          return fail(
            record,
            new DecodeError(
              'BAD_JSON',
              `Record JSON holds the forbidden key "${parsed.forbiddenKey}"`,
            ),
          );
        }
        json = parsed.value;
      } catch (cause) {
        return fail(
          record,
          new DecodeError(
            'BAD_JSON',
            `Record data is not valid JSON: ${(cause as Error).message}`,
            {
              cause,
            },
          ),
        );
      }
      const result = validate(json);
      if (result instanceof Promise) {
        return fail(
          record,
          new DecodeError(
            'SCHEMA',
            'The schema validates asynchronously; a decoder needs a synchronous one',
          ),
        );
      }
      if (result.issues !== undefined) {
        const issues = result.issues.map((issue) => ({
          path: pathOf(issue),
          message: issue.message,
        }));
        return fail(
          record,
          new DecodeError(
            'SCHEMA',
            `Record does not match the schema: ${describeIssues(result.issues)}`,
            {
              issues,
            },
          ),
        );
      }
      return { ok: true, value: result.value, record };
    },
  };
}
