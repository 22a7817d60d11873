// Long on purpose: one hand-written proto2 reader whose field loops share a cursor on the hot path; split, each record would cross module calls.
import { isValidExplicitHashKey, md5 } from '@kds/core';
import { AGGREGATE_MAGIC, AGGREGATE_OVERHEAD_BYTES, MD5_DIGEST_BYTES } from './constants.js';
import { MalformedAggregateCode, MalformedAggregateError } from './errors.js';
import type { AggregateTag, DeaggregatedRecord, DecodeAggregateResult } from './types.js';
import { WireType } from './wire-format.js';

const [MAGIC_0, MAGIC_1, MAGIC_2, MAGIC_3] = AGGREGATE_MAGIC as unknown as [
  number,
  number,
  number,
  number,
];

/** Options of {@link decodeAggregate}. */
export interface DecodeAggregateOptions {
  /**
   * Copy each user record's data instead of returning a view of the input. Views cost nothing and
   * are safe as long as the input bytes are not modified or reused afterwards. Default false.
   */
  copy?: boolean;
}

/** A tag's field number; -1 for a tag above 32 bits, which `skip` reports as invalid. */
function fieldOf(tag: number): number {
  return tag <= 0xffff_ffff ? tag >>> 3 : -1;
}

const PLAIN: DecodeAggregateResult = Object.freeze({ ok: true, aggregated: false });

/** A varint is at most 10 bytes (64 bits, 7 per byte). */
const MAX_VARINT_BYTES = 10;

/**
 * True if `bytes` opens with the aggregate magic `F3 89 9A C2` and is long enough to hold the
 * MD5 trailer: the cheap test that spares plain records any further work. Only
 * {@link decodeAggregate}, which checks the MD5, tells for sure.
 *
 * @example
 * ```ts
 * import { isAggregate } from '@kds/aggregation';
 *
 * isAggregate(new TextEncoder().encode('{"Temperature":36}')); // false
 * ```
 */
export function isAggregate(bytes: Uint8Array): boolean {
  return (
    bytes.length >= AGGREGATE_OVERHEAD_BYTES &&
    bytes[0] === MAGIC_0 &&
    bytes[1] === MAGIC_1 &&
    bytes[2] === MAGIC_2 &&
    bytes[3] === MAGIC_3
  );
}

/**
 * Reads the user records out of one Kinesis record's data, by the KCL's rules: data without the
 * magic, or whose MD5 trailer does not match its body, is a plain record (`aggregated: false`),
 * to be used unchanged. Data with the right magic and MD5 yields its user records, in order, each
 * with its partition key, explicit hash key (if any), data and sub-sequence number; or, if the
 * body is not a valid `AggregatedRecord`, a {@link MalformedAggregateError} as the result. It
 * never throws on any input. Unknown fields are skipped as protobuf prescribes; tags are returned.
 *
 * @example
 * ```ts
 * import { decodeAggregate } from '@kds/aggregation';
 *
 * function userRecordsOf(data: Uint8Array): readonly Uint8Array[] {
 *   const result = decodeAggregate(data);
 *   if (!result.ok) throw result.error; // or report it as this record's failure
 *   return result.aggregated ? result.records.map((record) => record.data) : [data];
 * }
 * ```
 */
export function decodeAggregate(
  bytes: Uint8Array,
  options: DecodeAggregateOptions = {},
): DecodeAggregateResult {
  if (!isAggregate(bytes)) return PLAIN;
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyEnd = buffer.length - MD5_DIGEST_BYTES;
  const digest = md5(buffer.subarray(AGGREGATE_MAGIC.length, bodyEnd));
  for (let i = 0; i < MD5_DIGEST_BYTES; i++) {
    if (digest[i] !== buffer[bodyEnd + i]) return PLAIN;
  }
  try {
    const records = new BodyReader(buffer, bodyEnd).read(options.copy === true);
    return { ok: true, aggregated: true, records };
  } catch (error) {
    if (error instanceof MalformedAggregateError) return { ok: false, aggregated: true, error };
    throw error;
  }
}

function fault(
  code: MalformedAggregateCode,
  message: string,
  offset: number,
  subSequenceNumber?: number,
): MalformedAggregateError {
  return new MalformedAggregateError(code, message, { offset, subSequenceNumber });
}

/**
 * A one-pass reader of the `AggregatedRecord` body. Faults throw a `MalformedAggregateError`,
 * which `decodeAggregate` turns into its result; nothing else throws.
 */
class BodyReader {
  private pos = AGGREGATE_MAGIC.length;
  private readonly partitionKeys: string[] = [];
  private readonly hashKeys: string[] = [];
  // Per user record: where it starts, its key indexes (-1: none), where its data lies.
  private readonly starts: number[] = [];
  private readonly partitionKeyIndexes: number[] = [];
  private readonly hashKeyIndexes: number[] = [];
  private readonly dataStarts: number[] = [];
  private readonly dataEnds: number[] = [];
  // Created at the first tag: the KPL writes none.
  private tags: Map<number, AggregateTag[]> | undefined;

  constructor(
    private readonly buf: Buffer,
    private readonly end: number,
  ) {}

  read(copy: boolean): DeaggregatedRecord[] {
    const end = this.end;
    while (this.pos < end) {
      const tagAt = this.pos;
      const tag = this.varint(end);
      const field = fieldOf(tag);
      const wireType = tag & 7;
      if (field === 1 || field === 2) {
        this.expectWireType(wireType, WireType.LengthDelimited, field, tagAt);
        const start = this.lengthDelimited(end);
        const text = this.buf.toString('utf8', start, this.pos);
        if (field === 1) {
          this.partitionKeys.push(text);
        } else {
          if (!isValidExplicitHashKey(text)) {
            throw fault(
              MalformedAggregateCode.InvalidHashKey,
              `explicit_hash_key_table entry ${this.hashKeys.length} is not a decimal integer in 0..2^128-1`,
              start,
            );
          }
          this.hashKeys.push(text);
        }
      } else if (field === 3) {
        this.expectWireType(wireType, WireType.LengthDelimited, field, tagAt);
        const start = this.lengthDelimited(end);
        const recordEnd = this.pos;
        this.pos = start;
        this.record(tagAt, recordEnd);
      } else {
        this.skip(tag, tagAt, end);
      }
    }
    return this.resolve(copy);
  }

  /** Reads one `Record` message spanning up to `end`. */
  private record(recordAt: number, end: number): void {
    const index = this.starts.length;
    let partitionKeyIndex = -1;
    let hashKeyIndex = -1;
    let dataStart = -1;
    let dataEnd = -1;
    while (this.pos < end) {
      const tagAt = this.pos;
      const tag = this.varint(end, index);
      const field = fieldOf(tag);
      const wireType = tag & 7;
      if (field === 1) {
        this.expectWireType(wireType, WireType.Varint, field, tagAt, index);
        partitionKeyIndex = this.varint(end, index);
      } else if (field === 2) {
        this.expectWireType(wireType, WireType.Varint, field, tagAt, index);
        hashKeyIndex = this.varint(end, index);
      } else if (field === 3) {
        this.expectWireType(wireType, WireType.LengthDelimited, field, tagAt, index);
        dataStart = this.lengthDelimited(end, index);
        dataEnd = this.pos;
      } else if (field === 4) {
        this.expectWireType(wireType, WireType.LengthDelimited, field, tagAt, index);
        const start = this.lengthDelimited(end, index);
        const tagEnd = this.pos;
        this.pos = start;
        const parsed = this.tag(tagAt, tagEnd, index);
        this.tags ??= new Map();
        const tags = this.tags.get(index);
        if (tags === undefined) this.tags.set(index, [parsed]);
        else tags.push(parsed);
      } else {
        this.skip(tag, tagAt, end, index);
      }
    }
    if (partitionKeyIndex === -1) {
      throw fault(
        MalformedAggregateCode.MissingField,
        'the required field partition_key_index is absent',
        recordAt,
        index,
      );
    }
    if (dataStart === -1) {
      throw fault(
        MalformedAggregateCode.MissingField,
        'the required field data is absent',
        recordAt,
        index,
      );
    }
    this.starts.push(recordAt);
    this.partitionKeyIndexes.push(partitionKeyIndex);
    this.hashKeyIndexes.push(hashKeyIndex);
    this.dataStarts.push(dataStart);
    this.dataEnds.push(dataEnd);
  }

  /** Reads one `Tag` message spanning up to `end`. */
  private tag(tagAt: number, end: number, index: number): AggregateTag {
    let key: string | undefined;
    let value: string | undefined;
    while (this.pos < end) {
      const fieldAt = this.pos;
      const tag = this.varint(end, index);
      const field = fieldOf(tag);
      const wireType = tag & 7;
      if (field === 1 || field === 2) {
        this.expectWireType(wireType, WireType.LengthDelimited, field, fieldAt, index);
        const start = this.lengthDelimited(end, index);
        const text = this.buf.toString('utf8', start, this.pos);
        if (field === 1) key = text;
        else value = text;
      } else {
        this.skip(tag, fieldAt, end, index);
      }
    }
    if (key === undefined) {
      throw fault(
        MalformedAggregateCode.MissingField,
        'a tag lacks its required field key',
        tagAt,
        index,
      );
    }
    return value === undefined ? { key } : { key, value };
  }

  /** Turns key indexes into keys and data spans into bytes, once every table has been read. */
  private resolve(copy: boolean): DeaggregatedRecord[] {
    const { buf, partitionKeys, hashKeys, partitionKeyIndexes, hashKeyIndexes, tags } = this;
    const { dataStarts, dataEnds } = this;
    const count = partitionKeyIndexes.length;
    const records: DeaggregatedRecord[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const partitionKey = partitionKeys[partitionKeyIndexes[i] as number];
      if (partitionKey === undefined) {
        throw this.outOfRange('partition_key_index', partitionKeyIndexes[i], partitionKeys, i);
      }
      const start = dataStarts[i] as number;
      const end = dataEnds[i] as number;
      const data = copy ? Buffer.from(buf.subarray(start, end)) : buf.subarray(start, end);
      const hashKeyIndex = hashKeyIndexes[i] as number;
      let record: DeaggregatedRecord;
      if (hashKeyIndex === -1) {
        record = { partitionKey, data, subSequenceNumber: i };
      } else {
        const explicitHashKey = hashKeys[hashKeyIndex];
        if (explicitHashKey === undefined) {
          throw this.outOfRange('explicit_hash_key_index', hashKeyIndex, hashKeys, i);
        }
        record = { partitionKey, explicitHashKey, data, subSequenceNumber: i };
      }
      const recordTags = tags?.get(i);
      records[i] = recordTags === undefined ? record : { ...record, tags: recordTags };
    }
    return records;
  }

  private outOfRange(
    field: string,
    index: number | undefined,
    table: readonly string[],
    subSequenceNumber: number,
  ): MalformedAggregateError {
    const tableName = field === 'partition_key_index' ? 'partition key' : 'explicit hash key';
    return fault(
      MalformedAggregateCode.IndexOutOfRange,
      `${field} is ${index} but the ${tableName} table has ${table.length} entries`,
      this.starts[subSequenceNumber] as number,
      subSequenceNumber,
    );
  }

  private expectWireType(
    actual: number,
    expected: number,
    field: number,
    at: number,
    subSequenceNumber?: number,
  ): void {
    if (actual !== expected) {
      throw fault(
        MalformedAggregateCode.WrongWireType,
        `field ${field} has wire type ${actual}; the schema says ${expected}`,
        at,
        subSequenceNumber,
      );
    }
  }

  /**
   * Reads a varint that must end before `end`. Values past 2^53 lose precision, which is harmless:
   * they are only compared with table sizes and lengths, which are far smaller.
   */
  private varint(end: number, subSequenceNumber?: number): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= end) throw this.truncated(subSequenceNumber);
    let byte = buf[pos++] as number;
    if (byte < 0x80) {
      this.pos = pos;
      return byte;
    }
    let value = byte & 0x7f;
    let scale = 0x80;
    for (let i = 1; i < MAX_VARINT_BYTES; i++) {
      if (pos >= end) throw this.truncated(subSequenceNumber);
      byte = buf[pos++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 0x80;
    }
    throw fault(
      MalformedAggregateCode.VarintTooLong,
      `a varint is longer than ${MAX_VARINT_BYTES} bytes`,
      this.pos,
      subSequenceNumber,
    );
  }

  private truncated(subSequenceNumber: number | undefined): MalformedAggregateError {
    return fault(
      MalformedAggregateCode.TruncatedVarint,
      'a varint runs past the end of its message',
      this.pos,
      subSequenceNumber,
    );
  }

  /** Reads a length prefix, checks the bytes fit before `end`, moves past them; returns their start. */
  private lengthDelimited(end: number, subSequenceNumber?: number): number {
    const lengthAt = this.pos;
    const length = this.varint(end, subSequenceNumber);
    const start = this.pos;
    if (length > end - start) {
      throw fault(
        MalformedAggregateCode.LengthOutOfBounds,
        `a length of ${length} bytes runs past the end of its message (${end - start} bytes left)`,
        lengthAt,
        subSequenceNumber,
      );
    }
    this.pos = start + length;
    return start;
  }

  private advance(bytes: number, end: number, at: number, subSequenceNumber?: number): void {
    if (bytes > end - this.pos) {
      throw fault(
        MalformedAggregateCode.LengthOutOfBounds,
        `a fixed-size field of ${bytes} bytes runs past the end of its message`,
        at,
        subSequenceNumber,
      );
    }
    this.pos += bytes;
  }

  /** Skips an unknown field whose tag was just read, groups included. */
  private skip(tag: number, tagAt: number, end: number, subSequenceNumber?: number): void {
    // Field numbers of open groups, innermost last.
    const groups: number[] = [];
    let current = tag;
    let currentAt = tagAt;
    for (;;) {
      const field = Math.floor(current / 8);
      const wireType = current % 8;
      if (field === 0 || field > 0x1fff_ffff) {
        throw fault(
          MalformedAggregateCode.InvalidTag,
          `field number ${field} is not valid`,
          currentAt,
          subSequenceNumber,
        );
      }
      switch (wireType) {
        case WireType.Varint:
          this.varint(end, subSequenceNumber);
          break;
        case WireType.Fixed64:
          this.advance(8, end, currentAt, subSequenceNumber);
          break;
        case WireType.LengthDelimited:
          this.lengthDelimited(end, subSequenceNumber);
          break;
        case WireType.StartGroup:
          groups.push(field);
          break;
        case WireType.EndGroup:
          if (groups.pop() !== field) {
            throw fault(
              MalformedAggregateCode.InvalidTag,
              `an end-group tag for field ${field} matches no open group`,
              currentAt,
              subSequenceNumber,
            );
          }
          break;
        case WireType.Fixed32:
          this.advance(4, end, currentAt, subSequenceNumber);
          break;
        default:
          throw fault(
            MalformedAggregateCode.InvalidTag,
            `wire type ${wireType} is not valid`,
            currentAt,
            subSequenceNumber,
          );
      }
      if (groups.length === 0) return;
      // Inside a group: the next field belongs to it; running out of bytes is a truncation.
      currentAt = this.pos;
      current = this.varint(end, subSequenceNumber);
    }
  }
}
