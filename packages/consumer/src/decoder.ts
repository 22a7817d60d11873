// Long on purpose: createDecoder is one closure whose stages (base64, deaggregation, gzip, JSON, schema) share its options, range lookup and last-aggregate memo on the hot path.
import { isUtf8 } from 'node:buffer';
import { AGGREGATE_MAGIC, isAggregate } from '@kds/aggregation';
import type { KinesisStreamRecord } from '@kds/core';
import { DEFAULT_MAX_RECORD_BYTES } from '@kds/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import {
  base64ByteLength,
  decodeBase64Binary,
  describeBase64Problem,
  isAsciiBinary,
} from './base64.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from './constants.js';
import {
  type Deaggregate,
  deaggregateKpl,
  KPL_BASE64_PREFIX,
  type UserRecord,
} from './deaggregation.js';
import { DecodeError, type SchemaIssue } from './errors.js';
import { gunzipCapped, isGzip, isGzipBinary } from './gzip.js';
import {
  checkHashKeyRange,
  createRangeLookup,
  type RangeLookup,
  type ShardHashRanges,
} from './hash-key-range.js';
import { mayHoldForbiddenKey, parseJsonSafely } from './safe-json.js';

/**
 * A decoded value, or why there is none; never thrown. `record` is the Kinesis record it came from;
 * `userRecord` is set when the record was a KPL aggregate and the value is one of its user records.
 */
export type DecodeResult<T> =
  | { ok: true; value: T; record: KinesisStreamRecord; userRecord?: UserRecord }
  | { ok: false; error: DecodeError; record: KinesisStreamRecord; userRecord?: UserRecord };

/** Options of {@link createDecoder}. */
export interface DecoderOptions<S extends StandardSchemaV1> {
  /** Any Standard Schema validator (zod 4, valibot, arktype...). It must validate synchronously. */
  schema: S;
  /** Records whose bytes (after base64) exceed this fail with `TOO_LARGE`. Default 1 MiB. */
  maxRecordBytes?: number;
  /** Gzip records that inflate past this fail with `TOO_LARGE`. Default 10 MiB. */
  maxDecompressedBytes?: number;
  /**
   * The deaggregation stage, run on the bytes before gzip and JSON. Default {@link deaggregateKpl}:
   * KPL aggregates are split into their user records, by the KCL's rules. `false`: none, every
   * record is one payload. A function of yours replaces it (the common-record fast path then
   * gives way to it on every record).
   */
  deaggregate?: Deaggregate | false;
  /**
   * Check that each user record of an aggregate hashes into the hash key range of the shard it was
   * read from, and fail those that do not with `HASH_KEY_OUT_OF_RANGE` (the KCL drops them
   * silently): the stream's shards from `ListShards`, or a function of the record. Default: no
   * check. Plain records are never checked: Kinesis routed them itself. A function that throws, or
   * a range that is not two hash keys in order, makes `decodeAll` throw (configuration is not the
   * record's fault); a bad list throws `InvalidOptionError` here.
   */
  shardHashRanges?: ShardHashRanges;
}

/** Decodes the records of a Lambda Kinesis event. */
export interface Decoder<T> {
  /**
   * Decodes a record holding one payload. A KPL aggregate gives an `AGGREGATED` failure: use
   * {@link Decoder.decodeAll} for records that may be aggregates (`processKinesisEvent` does).
   */
  decode(record: KinesisStreamRecord): DecodeResult<T>;
  /** One result per user record: one for a plain record, one per user record of an aggregate. */
  decodeAll(record: KinesisStreamRecord): DecodeResult<T>[];
}

function pathOf(issue: StandardSchemaV1.Issue): PropertyKey[] {
  return (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
}

function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function firstInvalidUtf8Byte(bytes: Buffer): number {
  // Only on the failure path: find where the text stops being UTF-8, for the message.
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (isUtf8(bytes.subarray(0, middle))) low = middle;
    else high = middle;
  }
  // A prefix may end inside a valid multi-byte sequence: step back to its lead byte.
  while (low > 0 && ((bytes[low] ?? 0) & 0xc0) === 0x80) low -= 1;
  return low;
}

const NO_USERS: readonly UserRecord[] = [];

function opensWithMagic(bytes: Uint8Array): boolean {
  return AGGREGATE_MAGIC.every((byte, i) => bytes[i] === byte);
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Creates a strict decoder for the records of a Lambda Kinesis event:
 * base64 → bytes → KPL deaggregation → gzip (when the bytes start with `1f 8b`) → UTF-8 JSON →
 * schema. Every record yields result values, never exceptions: bad base64 (`BAD_BASE64`), bytes
 * over the cap or a gzip record inflating past its cap (`TOO_LARGE`), a KPL aggregate whose body
 * cannot be read (`BAD_AGGREGATE`), a user record outside its shard's hash key range
 * (`HASH_KEY_OUT_OF_RANGE`, with `shardHashRanges`), broken gzip (`BAD_GZIP`), text that is not
 * UTF-8 JSON or holds a `__proto__` / `constructor.prototype` key (`BAD_JSON`), or a value the
 * schema refuses (`SCHEMA`, naming the fields). A KPL aggregate gives one result per user record
 * through `decodeAll`; a record that only looks like one (its MD5 does not match) is plain.
 *
 * @example
 * ```ts
 * import { createDecoder } from '@kds/consumer';
 * import { ReadingSchema } from '@kds/schema';
 *
 * const decoder = createDecoder({ schema: ReadingSchema });
 * // const result = decoder.decode(event.Records[0]);
 * // if (result.ok) console.log(result.value.Temperature); else console.error(result.error.message);
 * ```
 */
export function createDecoder<S extends StandardSchemaV1>(
  options: DecoderOptions<S>,
): Decoder<StandardSchemaV1.InferOutput<S>> {
  const {
    schema,
    maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
    maxDecompressedBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
    deaggregate = deaggregateKpl,
    shardHashRanges,
  } = options;
  const stage = deaggregate === false ? undefined : deaggregate;
  // The fast path knows the KPL's magic, so it serves every other record; a stage of yours may
  // recognise anything, so it sees every record.
  const fastPath = stage === undefined || stage === deaggregateKpl;
  const kplPrefix = stage === undefined ? undefined : KPL_BASE64_PREFIX;
  const rangeOf: RangeLookup | undefined =
    shardHashRanges === undefined ? undefined : createRangeLookup(shardHashRanges);
  const validate = schema['~standard'].validate;
  type Output = StandardSchemaV1.InferOutput<S>;
  type Result = DecodeResult<Output>;

  // decode() hands an aggregate it met to decodeAll() of the same record, so the adapter's
  // decode-then-decodeAll decodes the base64 once.
  let aggregateRecord: KinesisStreamRecord | undefined;
  let aggregateUsers: readonly UserRecord[] = NO_USERS;

  function fail(
    record: KinesisStreamRecord,
    error: DecodeError,
    userRecord: UserRecord | undefined,
  ): Result {
    return userRecord === undefined
      ? { ok: false, error, record }
      : { ok: false, error, record, userRecord };
  }

  /** base64 → bytes, with the size cap checked before any allocation. */
  function recordBytes(record: KinesisStreamRecord): Buffer | DecodeError {
    const data = record.kinesis?.data;
    if (typeof data !== 'string') {
      return new DecodeError('BAD_BASE64', 'Record kinesis.data is missing');
    }
    if (data.length % 4 === 0) {
      const size = base64ByteLength(data);
      if (size > maxRecordBytes) {
        return new DecodeError(
          'TOO_LARGE',
          `Record data is ${size} bytes; the limit is ${maxRecordBytes}`,
        );
      }
      const binary = decodeBase64Binary(data);
      if (binary !== undefined) return Buffer.from(binary, 'latin1');
    }
    return new DecodeError(
      'BAD_BASE64',
      `Record kinesis.data is not valid base64: ${describeBase64Problem(data)}`,
    );
  }

  /**
   * For the message of a record that is not JSON: why bytes opening with the KPL magic were read
   * as a plain record. Only on the failure path.
   */
  function magicHint(bytes: Uint8Array, inflated: boolean): string {
    if (!opensWithMagic(bytes)) return '';
    if (inflated) {
      return ' (once inflated it opens with the KPL aggregate magic F3 89 9A C2: an aggregate is read before gzip, never after)';
    }
    const why =
      stage === undefined
        ? 'deaggregation is off'
        : stage !== deaggregateKpl
          ? 'the deaggregation stage took it for a plain record'
          : isAggregate(bytes)
            ? 'its MD5 trailer does not match its body, so it is a plain record (the KCL rule)'
            : 'it is too short to hold an MD5 trailer, so it is a plain record';
    return ` (it opens with the KPL aggregate magic F3 89 9A C2, but ${why})`;
  }

  /** bytes → gzip → JSON → schema. */
  function decodePayload(
    input: Buffer,
    record: KinesisStreamRecord,
    userRecord: UserRecord | undefined,
  ): Result {
    let bytes = input;
    if (isGzip(bytes)) {
      const inflated = gunzipCapped(bytes, maxDecompressedBytes);
      if (inflated instanceof DecodeError) return fail(record, inflated, userRecord);
      bytes = inflated;
    }
    const text = bytes.toString('utf8');
    // Node replaces invalid UTF-8 with U+FFFD; only text holding one can be invalid, so the
    // validity check runs on those alone.
    if (text.includes('\uFFFD') && !isUtf8(bytes)) {
      return fail(
        record,
        new DecodeError(
          'BAD_JSON',
          `Record data is not valid JSON: invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)}${userRecord === undefined ? magicHint(bytes, bytes !== input) : ''}`,
        ),
        userRecord,
      );
    }
    let json: unknown;
    try {
      const parsed = parseJsonSafely(text);
      if (parsed.forbiddenKey !== undefined) {
        return fail(
          record,
          new DecodeError(
            'BAD_JSON',
            `Record JSON holds the forbidden key "${parsed.forbiddenKey}"`,
          ),
          userRecord,
        );
      }
      json = parsed.value;
    } catch (cause) {
      return fail(
        record,
        new DecodeError('BAD_JSON', `Record data is not valid JSON: ${(cause as Error).message}`, {
          cause,
        }),
        userRecord,
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
        userRecord,
      );
    }
    if (result.issues !== undefined) {
      const issues = result.issues.map((issue) => ({
        path: pathOf(issue),
        message: issue.message,
      }));
      return fail(
        record,
        new DecodeError('SCHEMA', `Record does not match the schema: ${describeIssues(issues)}`, {
          issues,
        }),
        userRecord,
      );
    }
    return userRecord === undefined
      ? { ok: true, value: result.value, record }
      : { ok: true, value: result.value, record, userRecord };
  }

  /** The user records of an aggregate, `undefined` for a plain record, or the stage's failure. */
  function split(
    bytes: Buffer,
    record: KinesisStreamRecord,
  ): readonly UserRecord[] | undefined | DecodeError {
    if (stage === undefined) return undefined;
    try {
      return stage(bytes, record.kinesis);
    } catch (cause) {
      const code = (cause as { code?: unknown } | undefined)?.code;
      return new DecodeError(
        'BAD_AGGREGATE',
        `Record data is a KPL aggregate that cannot be read${typeof code === 'string' ? ` (${code})` : ''}: ${(cause as Error)?.message ?? String(cause)}`,
        { cause },
      );
    }
  }

  function decodeUsers(record: KinesisStreamRecord, users: readonly UserRecord[]): Result[] {
    // One lookup per Kinesis record: every user record of it was read from the same shard.
    const range = rangeOf?.(record);
    const results: Result[] = new Array(users.length);
    for (let i = 0; i < users.length; i += 1) {
      const user = users[i] as UserRecord;
      const outside = range === undefined ? undefined : checkHashKeyRange(user, range);
      results[i] =
        outside === undefined
          ? decodePayload(asBuffer(user.data), record, user)
          : fail(record, outside, user);
    }
    return results;
  }

  /**
   * The whole pipeline for the common record (plain, not gzip, valid), inlined with no
   * intermediate allocation; `undefined` sends anything else down the full path, which says why.
   */
  function decodeCommon(record: KinesisStreamRecord): Result | undefined {
    const data = record.kinesis?.data;
    if (typeof data !== 'string' || data.length % 4 !== 0) return undefined;
    // The one test a plain record pays for deaggregation (JSON never encodes to "84ma"); an
    // aggregate leaves at once, before its base64 is decoded twice.
    if (kplPrefix !== undefined && data.startsWith(kplPrefix)) return undefined;
    const size = base64ByteLength(data);
    if (size > maxRecordBytes) return undefined;
    const binary = decodeBase64Binary(data);
    if (binary === undefined || isGzipBinary(binary)) return undefined;
    // ASCII text is its own UTF-8 decoding: no Buffer, no copy.
    const text = isAsciiBinary(binary) ? binary : Buffer.from(binary, 'latin1').toString('utf8');
    if (text.includes('\uFFFD')) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (mayHoldForbiddenKey(text)) return undefined;
    const result = validate(json);
    if (result instanceof Promise || result.issues !== undefined) return undefined;
    return { ok: true, value: result.value, record };
  }

  return {
    decode(record) {
      if (aggregateRecord !== undefined) {
        aggregateRecord = undefined;
        aggregateUsers = NO_USERS;
      }
      if (fastPath) {
        const common = decodeCommon(record);
        if (common !== undefined) return common;
      }
      const bytes = recordBytes(record);
      if (bytes instanceof DecodeError) return fail(record, bytes, undefined);
      const users = split(bytes, record);
      if (users === undefined) return decodePayload(bytes, record, undefined);
      if (users instanceof DecodeError) return fail(record, users, undefined);
      aggregateRecord = record;
      aggregateUsers = users;
      return fail(
        record,
        new DecodeError(
          'AGGREGATED',
          `Record data is a KPL aggregate of ${users.length} user records; decode it with decodeAll()`,
        ),
        undefined,
      );
    },

    decodeAll(record) {
      if (record === aggregateRecord) {
        const users = aggregateUsers;
        aggregateRecord = undefined;
        aggregateUsers = NO_USERS;
        return decodeUsers(record, users);
      }
      if (fastPath) {
        const common = decodeCommon(record);
        if (common !== undefined) return [common];
      }
      const bytes = recordBytes(record);
      if (bytes instanceof DecodeError) return [fail(record, bytes, undefined)];
      const users = split(bytes, record);
      if (users === undefined) return [decodePayload(bytes, record, undefined)];
      if (users instanceof DecodeError) return [fail(record, users, undefined)];
      return decodeUsers(record, users);
    },
  };
}
