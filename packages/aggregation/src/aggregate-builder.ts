import { AGGREGATE_MAGIC, AGGREGATE_OVERHEAD_BYTES } from './constants.js';
import { md5 } from './md5.js';
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

/**
 * The state of one aggregate being built: key tables, each user record's indexes and encoded
 * size, and the exact size of the protobuf body so far. `measure` validates a record and says how
 * much the body would grow; `commit` adds the record last measured. Sizes are exact, so `encode`
 * allocates once and writes each byte once.
 */
export class AggregateBuilder<R extends UserRecord> {
  readonly records: R[] = [];
  /** Bytes of the protobuf body (without magic and MD5). */
  bodySize = 0;

  private readonly partitionKeys = new KeyTable();
  private readonly hashKeys = new KeyTable();
  private readonly partitionKeyIndexes: number[] = [];
  private readonly hashKeyIndexes: number[] = [];
  private readonly recordSizes: number[] = [];
  // The data and tags as they were when added, so later changes to a record cannot skew sizes.
  private readonly data: Uint8Array[] = [];
  private readonly tags: (readonly AggregateTag[] | undefined)[] = [];

  // What `measure` found for the record it saw last, for `commit`.
  private pendingPartitionKeyIndex = 0;
  private pendingPartitionKeyBytes = NONE;
  private pendingHashKeyIndex = NONE;
  private pendingHashKeyBytes = NONE;
  private pendingRecordSize = 0;
  private pendingGrowth = 0;

  get count(): number {
    return this.records.length;
  }

  /** Validates `record` and returns how many bytes the body grows by if it is added. */
  measure(record: R): number {
    const { partitionKey, explicitHashKey, data, tags } = record;
    checkData(data);
    let growth = 0;

    const partitionKeys = this.partitionKeys;
    let partitionKeyIndex = partitionKeys.indexes.get(partitionKey);
    this.pendingPartitionKeyBytes = NONE;
    if (partitionKeyIndex === undefined) {
      checkPartitionKey(partitionKey);
      partitionKeyIndex = partitionKeys.keys.length;
      const bytes = Buffer.byteLength(partitionKey);
      this.pendingPartitionKeyBytes = bytes;
      growth += lengthDelimitedSize(bytes);
    }
    this.pendingPartitionKeyIndex = partitionKeyIndex;
    let recordSize = 1 + varintSize(partitionKeyIndex);

    this.pendingHashKeyIndex = NONE;
    this.pendingHashKeyBytes = NONE;
    if (explicitHashKey !== undefined) {
      const hashKeys = this.hashKeys;
      let hashKeyIndex = hashKeys.indexes.get(explicitHashKey);
      if (hashKeyIndex === undefined) {
        checkHashKey(explicitHashKey);
        hashKeyIndex = hashKeys.keys.length;
        // A valid hash key is ASCII digits: one byte each.
        this.pendingHashKeyBytes = explicitHashKey.length;
        growth += lengthDelimitedSize(explicitHashKey.length);
      }
      this.pendingHashKeyIndex = hashKeyIndex;
      recordSize += 1 + varintSize(hashKeyIndex);
    }

    recordSize += lengthDelimitedSize(data.length);
    if (tags !== undefined) {
      checkTags(tags);
      for (const tag of tags) recordSize += lengthDelimitedSize(tagSize(tag));
    }
    this.pendingRecordSize = recordSize;
    this.pendingGrowth = growth + lengthDelimitedSize(recordSize);
    return this.pendingGrowth;
  }

  /** Adds `record`, which must be the record `measure` saw last. */
  commit(record: R): void {
    if (this.pendingPartitionKeyBytes !== NONE) {
      const table = this.partitionKeys;
      table.indexes.set(record.partitionKey, table.keys.length);
      table.keys.push(record.partitionKey);
      table.byteLengths.push(this.pendingPartitionKeyBytes);
    }
    if (this.pendingHashKeyBytes !== NONE && record.explicitHashKey !== undefined) {
      const table = this.hashKeys;
      table.indexes.set(record.explicitHashKey, table.keys.length);
      table.keys.push(record.explicitHashKey);
      table.byteLengths.push(this.pendingHashKeyBytes);
    }
    this.records.push(record);
    this.partitionKeyIndexes.push(this.pendingPartitionKeyIndex);
    this.hashKeyIndexes.push(this.pendingHashKeyIndex);
    this.recordSizes.push(this.pendingRecordSize);
    this.data.push(record.data);
    this.tags.push(
      record.tags?.map(({ key, value }) => (value === undefined ? { key } : { key, value })),
    );
    this.bodySize += this.pendingGrowth;
  }

  /** Validates and adds `record`. */
  add(record: R): void {
    this.measure(record);
    this.commit(record);
  }

  /** Magic, protobuf body and MD5 of the records added so far. */
  encode(): Buffer {
    const bodyEnd = MAGIC.length + this.bodySize;
    const out = Buffer.allocUnsafe(AGGREGATE_OVERHEAD_BYTES + this.bodySize);
    out.set(MAGIC, 0);
    let pos = MAGIC.length;

    const { keys: partitionKeys, byteLengths: partitionKeyBytes } = this.partitionKeys;
    for (let i = 0; i < partitionKeys.length; i++) {
      pos = writeString(
        out,
        pos,
        PARTITION_KEY_TABLE,
        partitionKeys[i] as string,
        partitionKeyBytes[i] as number,
      );
    }
    const { keys: hashKeys, byteLengths: hashKeyBytes } = this.hashKeys;
    for (let i = 0; i < hashKeys.length; i++) {
      pos = writeString(
        out,
        pos,
        EXPLICIT_HASH_KEY_TABLE,
        hashKeys[i] as string,
        hashKeyBytes[i] as number,
      );
    }

    const { partitionKeyIndexes, hashKeyIndexes, recordSizes, data, tags } = this;
    for (let i = 0; i < recordSizes.length; i++) {
      out[pos++] = RECORDS;
      pos = writeVarint(out, pos, recordSizes[i] as number);
      out[pos++] = PARTITION_KEY_INDEX;
      pos = writeVarint(out, pos, partitionKeyIndexes[i] as number);
      const hashKeyIndex = hashKeyIndexes[i] as number;
      if (hashKeyIndex !== NONE) {
        out[pos++] = EXPLICIT_HASH_KEY_INDEX;
        pos = writeVarint(out, pos, hashKeyIndex);
      }
      const bytes = data[i] as Uint8Array;
      out[pos++] = DATA;
      pos = writeVarint(out, pos, bytes.length);
      out.set(bytes, pos);
      pos += bytes.length;
      const recordTags = tags[i];
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
