import { type Aggregator, createAggregator, type UserRecord } from '@kds/aggregation';
import { AggregateEntry, type KinesisEntry } from './aggregate-entry.js';
import {
  AGGREGATE_ENTRY_OVERHEAD_BYTES,
  AGGREGATED_RECORD_OVERHEAD_BYTES,
  MAX_BYTES_PER_REQUEST,
  MAX_RECORDS_PER_REQUEST,
} from './constants.js';
import { Deque } from './deque.js';
import { type PendingRecord, RecordState } from './pending-record.js';
import type { ShardRange } from './shard-map.js';

/**
 * A pending record as the aggregator sees it: its `explicitHashKey` is `undefined` when absent,
 * which the aggregator reads as absent.
 */
type Packable = PendingRecord & UserRecord;

/** How the collector packs user records into aggregates, when aggregation is on. */
export interface CollectorAggregation {
  readonly maxBytes: number;
  readonly maxCount: number;
  /**
   * User records that make a full request. A request of aggregates could carry 5 MiB of them, more
   * than the buffer holds; the producer sets its share of the buffer instead, so that several
   * requests are in flight at once rather than one request holding the whole buffer.
   */
  readonly recordsPerRequest: number;
}

/**
 * Records past their shard's rate limit, in the order they will be sent, cut into PutRecords
 * batches of at most 500 entries and 5 MiB (data + keys). With aggregation, the records of each
 * predicted shard (`record.shard`, kept current by `reassign` when the map changes) are packed into
 * aggregates as the batch is cut, so a request carries up to 5 MiB of user records. A record
 * settled while here (aborted) is `forget`-ed at once and skipped when its turn comes.
 */
export class Collector {
  private readonly queue = new Deque<PendingRecord>();
  private readonly aggregation: CollectorAggregation | undefined;
  /** One aggregator per shard of the map, by the shard's index; all are empty between batches. */
  private readonly aggregators: Aggregator<Packable>[] = [];
  /** The shards whose aggregators the batch being cut has used. */
  private readonly touched: ShardRange[] = [];
  /** User records that make a full request: 500 plain; `recordsPerRequest` with aggregation. */
  readonly maxRecords: number;
  /**
   * Whether records are packed by their predicted shard. Off while the shard map is known to be
   * stale (a record landed on a shard other than predicted, and the map is being read again): an
   * aggregate grouped by a stale map can put user records on a shard whose range excludes them,
   * while a plain record goes where its own key routes it. The KPL does the same.
   */
  grouping = true;
  /** Live records and their bytes. */
  count = 0;
  bytes = 0;

  constructor(aggregation?: CollectorAggregation) {
    this.aggregation = aggregation;
    this.maxRecords =
      aggregation === undefined ? MAX_RECORDS_PER_REQUEST : aggregation.recordsPerRequest;
  }

  add(record: PendingRecord): void {
    record.state = RecordState.Ready;
    this.queue.push(record);
    this.count += 1;
    this.bytes += record.size;
  }

  forget(record: PendingRecord): void {
    this.count -= 1;
    this.bytes -= record.size;
  }

  /** Enough for a full request. */
  isFull(): boolean {
    return this.count >= this.maxRecords || this.bytes >= MAX_BYTES_PER_REQUEST;
  }

  /** The live record that has waited longest. */
  oldest(): PendingRecord | undefined {
    let head = this.queue.peek();
    while (head !== undefined && head.state !== RecordState.Ready) {
      this.queue.shift();
      head = this.queue.peek();
    }
    return head;
  }

  /** Predicts again the shard of every record waiting here, after the shard map changed. */
  reassign(predict: (record: PendingRecord) => ShardRange | undefined): void {
    this.queue.forEach((record) => {
      if (record.state === RecordState.Ready) record.shard = predict(record);
    });
  }

  /** Takes the next live record out of the queue, as part of a request. */
  private take(record: PendingRecord): void {
    this.queue.shift();
    this.count -= 1;
    this.bytes -= record.size;
    record.state = RecordState.Sending;
  }

  /**
   * The next request's entries, in order. `expire` settles a record whose time to live is over
   * (returns true), so it is left out.
   */
  takeBatch(expire: (record: PendingRecord) => boolean): KinesisEntry[] {
    if (this.aggregation !== undefined) return this.takeAggregatedBatch(expire);
    const batch: PendingRecord[] = [];
    let bytes = 0;
    while (batch.length < MAX_RECORDS_PER_REQUEST) {
      const next = this.oldest();
      if (next === undefined || (batch.length > 0 && bytes + next.size > MAX_BYTES_PER_REQUEST)) {
        break;
      }
      this.take(next);
      if (expire(next)) continue;
      bytes += next.size;
      batch.push(next);
    }
    return batch;
  }

  /**
   * Packs records into one aggregate per shard (a new one when the shard's is full) until the
   * request holds `recordsPerRequest` user records or would pass 500 entries or 5 MiB. A record may
   * open a new entry, and adds at most its bytes plus {@link AGGREGATED_RECORD_OVERHEAD_BYTES}: the
   * request stops before that could overflow. Records without a predicted shard, and groups of one,
   * go plain.
   */
  private takeAggregatedBatch(expire: (record: PendingRecord) => boolean): KinesisEntry[] {
    const entries: KinesisEntry[] = [];
    const { aggregators, touched } = this;
    /** Aggregators holding records of this batch. */
    let open = 0;
    /** Bytes of `entries` and of the open aggregates (each with its partition key "a"). */
    let bytes = 0;
    let taken = 0;
    for (
      let next = this.oldest();
      next !== undefined && taken < this.maxRecords;
      next = this.oldest()
    ) {
      const worst = next.size + AGGREGATED_RECORD_OVERHEAD_BYTES + AGGREGATE_ENTRY_OVERHEAD_BYTES;
      const pending = entries.length + open;
      if (
        pending > 0 &&
        (pending + 1 > MAX_RECORDS_PER_REQUEST || bytes + worst > MAX_BYTES_PER_REQUEST)
      ) {
        break;
      }
      this.take(next);
      if (expire(next)) continue;
      taken += 1;
      const shard = this.grouping ? next.shard : undefined;
      if (shard === undefined) {
        entries.push(next);
        bytes += next.size;
        continue;
      }
      const aggregator = aggregators[shard.index] ?? this.createAggregator(shard.index);
      if (aggregator.count === 0) {
        if (aggregator.tryAdd(next as Packable)) {
          bytes += aggregator.size + 1;
          open += 1;
          touched.push(shard);
        } else {
          // Larger than an aggregate on its own: plain, as the KPL sends it.
          entries.push(next);
          bytes += next.size;
        }
        continue;
      }
      const before = aggregator.size + 1;
      if (aggregator.tryAdd(next as Packable)) {
        bytes += aggregator.size + 1 - before;
        continue;
      }
      // The shard's aggregate is full: it becomes an entry, and the record starts the next one.
      const entry = this.close(aggregator, shard);
      entries.push(entry);
      bytes += entry.size - before;
      if (aggregator.tryAdd(next as Packable)) {
        bytes += aggregator.size + 1;
      } else {
        open -= 1;
        entries.push(next);
        bytes += next.size;
      }
    }
    for (const shard of touched) {
      const aggregator = aggregators[shard.index] as Aggregator<Packable>;
      if (aggregator.count > 0) entries.push(this.close(aggregator, shard));
    }
    touched.length = 0;
    return entries;
  }

  /** The aggregate (or, for a group of one, the plain record) an aggregator holds. */
  private close(aggregator: Aggregator<Packable>, shard: ShardRange): KinesisEntry {
    const flushed = aggregator.flush();
    const first = flushed?.records[0];
    if (flushed === undefined || first === undefined) {
      throw new RangeError('closing an empty aggregator');
    }
    if (!flushed.aggregated || flushed.explicitHashKey === undefined) return first;
    return new AggregateEntry(
      {
        data: flushed.data,
        partitionKey: flushed.partitionKey,
        explicitHashKey: flushed.explicitHashKey,
        records: flushed.records,
      },
      shard,
    );
  }

  private createAggregator(index: number): Aggregator<Packable> {
    const { maxBytes, maxCount } = this.aggregation as CollectorAggregation;
    const aggregator = createAggregator<Packable>({ maxBytes, maxCount });
    this.aggregators[index] = aggregator;
    return aggregator;
  }
}
