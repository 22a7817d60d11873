import { md5 } from '@kds/core';
import { AGGREGATE_MAGIC, AGGREGATE_OVERHEAD_BYTES } from './constants.js';
import type { AggregateTag, UserRecord } from './types.js';
import { checkData, checkHashKey, checkPartitionKey, checkTags } from './validation.js';
import { lengthDelimitedSize, tagOf, varintSize, WireType, writeVarint } from './wire-format.js';

// AggregatedRecord: partition_key_table = 1, explicit_hash_key_table = 2, records = 3.
const PARTITION_KEY_TABLE = tagOf(1, WireType.LengthDelimited);
const EXPLICIT_HASH_KEY_TABLE = tagOf(2, WireType.LengthDelimited);
const RECORDS = tagOf(3, WireType.LengthDelimited);
// Record: partition_key_index = 1, explicit_hash_key_index = 2, data = 3, tags = 4.
const PARTITION_KEY_INDEX = tagOf(1, WireType.Varint);
const EXPLICIT_HASH_KEY_INDEX = tagOf(2, WireType.Varint);
const DATA = tagOf(3, WireType.LengthDelimited);
const TAGS = tagOf(4, WireType.LengthDelimited);
// Tag: key = 1, value = 2.
const TAG_KEY = tagOf(1, WireType.LengthDelimited);
const TAG_VALUE = tagOf(2, WireType.LengthDelimited);

const NONE = -1;

// A private copy: the exported constant is a mutable Uint8Array at run time.
const MAGIC = Uint8Array.from(AGGREGATE_MAGIC);

/** A deduplicated string table: each key once, in first-seen order, with its UTF-8 length. */
class KeyTable {
  readonly keys: string[] = [];
  readonly byteLengths: number[] = [];
  readonly indexes = new Map<string, number>();

  add(key: string, byteLength: number): void {
    this.indexes.set(key, this.keys.length);
    this.keys.push(key);
    this.byteLengths.push(byteLength);
  }

  /** Writes every key, in order, as the repeated string field `tag`; returns the position after. */
  writeTo(out: Buffer, pos: number, tag: number): number {
    const { keys, byteLengths } = this;
    let at = pos;
    for (let i = 0; i < keys.length; i++) {
      at = writeString(out, at, tag, keys[i] as string, byteLengths[i] as number);
    }
    return at;
  }
}

function tagSize(tag: AggregateTag): number {
  const { key, value } = tag;
  return (
    lengthDelimitedSize(Buffer.byteLength(key)) +
    (value === undefined ? 0 : lengthDelimitedSize(Buffer.byteLength(value)))
  );
}

function writeString(out: Buffer, pos: number, tag: number, text: string, bytes: number): number {
  out[pos++] = tag;
  pos = writeVarint(out, pos, bytes);
  return pos + out.write(text, pos);
}

/** The protobuf size of a `Record` message without its tags. */
function recordSizeOf(partitionKeyIndex: number, hashKeyIndex: number, dataBytes: number): number {
  return (
    1 +
    varintSize(partitionKeyIndex) +
    (hashKeyIndex === NONE ? 0 : 1 + varintSize(hashKeyIndex)) +
    lengthDelimitedSize(dataBytes)
  );
}

/**
 * The state of one aggregate being built: key tables, each user record's key indexes and data, and
 * the exact size of the protobuf body so far. `tryAdd` validates a record and adds it only if the
 * body stays within a limit. Sizes are exact, so `encode` allocates once and writes each byte once.
 * Hash key indexes and tags are kept only once a record has one: the common record has neither.
 */
export class AggregateBuilder<R extends UserRecord> {
  readonly records: R[] = [];
  /** Bytes of the protobuf body (without magic and MD5). */
  bodySize = 0;

  private readonly partitionKeys = new KeyTable();
  private readonly hashKeys = new KeyTable();
  private readonly partitionKeyIndexes: number[] = [];
  // The data and tags as they were when added, so later changes to a record cannot skew sizes.
  private readonly data: (Uint8Array | string)[] = [];
  private readonly dataBytes: number[] = [];
  private hashKeyIndexes: number[] | undefined;
  private tags: (readonly AggregateTag[] | undefined)[] | undefined;

  get count(): number {
    return this.records.length;
  }

  /**
   * Validates `record` and adds it if the body then holds at most `maxBodyBytes`; returns false,
   * adding nothing, otherwise. Throws `InvalidRecordError` for a bad record.
   */
  tryAdd(record: R, maxBodyBytes: number): boolean {
    const { partitionKey, explicitHashKey, data, tags } = record;
    checkData(data);
    const dataBytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;

    const partitionKeys = this.partitionKeys;
    let partitionKeyIndex = partitionKeys.indexes.get(partitionKey);
    let partitionKeyBytes = NONE;
    let growth = 0;
    if (partitionKeyIndex === undefined) {
      checkPartitionKey(partitionKey);
      partitionKeyIndex = partitionKeys.keys.length;
      partitionKeyBytes = Buffer.byteLength(partitionKey);
      growth += lengthDelimitedSize(partitionKeyBytes);
    }

    let hashKeyIndex = NONE;
    let newHashKey: string | undefined;
    if (explicitHashKey !== undefined) {
      const hashKeys = this.hashKeys;
      const known = hashKeys.indexes.get(explicitHashKey);
      if (known === undefined) {
        checkHashKey(explicitHashKey);
        hashKeyIndex = hashKeys.keys.length;
        newHashKey = explicitHashKey;
        // A valid hash key is ASCII digits: one byte each.
        growth += lengthDelimitedSize(explicitHashKey.length);
      } else {
        hashKeyIndex = known;
      }
    }

    let recordSize = recordSizeOf(partitionKeyIndex, hashKeyIndex, dataBytes);
    if (tags !== undefined) {
      checkTags(tags);
      for (const tag of tags) recordSize += lengthDelimitedSize(tagSize(tag));
    }
    growth += lengthDelimitedSize(recordSize);
    if (this.bodySize + growth > maxBodyBytes) return false;

    if (partitionKeyBytes !== NONE) partitionKeys.add(partitionKey, partitionKeyBytes);
    if (newHashKey !== undefined) this.hashKeys.add(newHashKey, newHashKey.length);
    const index = this.records.length;
    this.records.push(record);
    this.partitionKeyIndexes.push(partitionKeyIndex);
    this.data.push(data);
    this.dataBytes.push(dataBytes);
    if (hashKeyIndex !== NONE || this.hashKeyIndexes !== undefined) {
      this.hashKeyIndexes ??= new Array<number>(index).fill(NONE);
      this.hashKeyIndexes.push(hashKeyIndex);
    }
    if (tags !== undefined) {
      this.tags ??= [];
      this.tags[index] = tags.map(({ key, value }) =>
        value === undefined ? { key } : { key, value },
      );
    }
    this.bodySize += growth;
    return true;
  }

  /** Validates and adds `record`. */
  add(record: R): void {
    this.tryAdd(record, Number.POSITIVE_INFINITY);
  }

  /** Magic, protobuf body and MD5 of the records added so far. */
  encode(): Buffer {
    const bodyEnd = MAGIC.length + this.bodySize;
    const out = Buffer.allocUnsafe(AGGREGATE_OVERHEAD_BYTES + this.bodySize);
    out.set(MAGIC, 0);
    let pos = MAGIC.length;

    pos = this.partitionKeys.writeTo(out, pos, PARTITION_KEY_TABLE);
    pos = this.hashKeys.writeTo(out, pos, EXPLICIT_HASH_KEY_TABLE);

    const { partitionKeyIndexes, hashKeyIndexes, data, dataBytes, tags } = this;
    for (let i = 0; i < partitionKeyIndexes.length; i++) {
      const partitionKeyIndex = partitionKeyIndexes[i] as number;
      const hashKeyIndex = hashKeyIndexes === undefined ? NONE : (hashKeyIndexes[i] as number);
      const bytes = data[i] as Uint8Array | string;
      const byteLength = dataBytes[i] as number;
      const recordTags = tags?.[i];
      let recordSize = recordSizeOf(partitionKeyIndex, hashKeyIndex, byteLength);
      if (recordTags !== undefined) {
        for (const tag of recordTags) recordSize += lengthDelimitedSize(tagSize(tag));
      }
      out[pos++] = RECORDS;
      pos = writeVarint(out, pos, recordSize);
      out[pos++] = PARTITION_KEY_INDEX;
      pos = writeVarint(out, pos, partitionKeyIndex);
      if (hashKeyIndex !== NONE) {
        out[pos++] = EXPLICIT_HASH_KEY_INDEX;
        pos = writeVarint(out, pos, hashKeyIndex);
      }
      out[pos++] = DATA;
      pos = writeVarint(out, pos, byteLength);
      if (typeof bytes === 'string') {
        // As many bytes as UTF-16 units means ASCII, whose Latin-1 bytes are its UTF-8 bytes and
        // are copied faster.
        out.write(bytes, pos, byteLength, byteLength === bytes.length ? 'latin1' : 'utf8');
      } else {
        out.set(bytes, pos);
      }
      pos += byteLength;
      if (recordTags !== undefined) pos = writeTags(out, pos, recordTags);
    }

    out.set(md5(out.subarray(MAGIC.length, bodyEnd)), bodyEnd);
    return out;
  }
}

function writeTags(out: Buffer, pos: number, tags: readonly AggregateTag[]): number {
  for (const tag of tags) {
    out[pos++] = TAGS;
    pos = writeVarint(out, pos, tagSize(tag));
    pos = writeString(out, pos, TAG_KEY, tag.key, Buffer.byteLength(tag.key));
    if (tag.value !== undefined) {
      pos = writeString(out, pos, TAG_VALUE, tag.value, Buffer.byteLength(tag.value));
    }
  }
  return pos;
}
