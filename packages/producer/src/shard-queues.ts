import { Deque } from './deque.js';
import type { HeldBackTally } from './metrics.js';
import { NOT_HELD_BACK, type PendingRecord, RecordState } from './pending-record.js';
import type { ShardRange } from './shard-map.js';
import { TokenBucket, type TokenRates } from './token-bucket.js';

/** Where records leave the shard queues for. */
export interface ShardQueueSink {
  /** Whether the next request has room for another record. */
  hasRoom(): boolean;
  accept(record: PendingRecord): void;
  /** Settles a record whose time to live is over; true if it did (the record is dropped). */
  expire(record: PendingRecord): boolean;
}

/** A throttled shard wakes when this many of its queued records can go, not for each one. */
const RELEASE_BATCH = 100;

/** Records whose shard is unknown (no shard map) share one unlimited queue. */
const UNPREDICTED = '';

interface Lane {
  readonly shardId: string;
  readonly queue: Deque<PendingRecord>;
  readonly bucket: TokenBucket | undefined;
}

/**
 * The per-shard stage: one token bucket per predicted shard (records/s and bytes/s), and behind
 * each a queue of the records that shard cannot take yet. While a shard has tokens its records go
 * straight through in put order; once it runs out, its records wait here, in order, while the other
 * shards' records keep flowing. `rates` undefined means no client-side limit.
 */
export class ShardQueues {
  private readonly rates: TokenRates | undefined;
  private readonly heldBack: HeldBackTally;
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with queued records, in the order they will be served. */
  private readonly active = new Set<Lane>();

  /** `heldBack` counts each record that queues here by `offer` and how long it waited. */
  constructor(rates: TokenRates | undefined, heldBack: HeldBackTally) {
    this.rates = rates;
    this.heldBack = heldBack;
  }

  /**
   * Passes a record to the sink now if its shard has tokens and nobody queued ahead (true), else
   * queues it behind its shard's limit (false).
   */
  offer(record: PendingRecord, sink: ShardQueueSink, now: number): boolean {
    const lane = this.laneOf(record.shard, now);
    if (
      lane.queue.length === 0 &&
      (lane.bucket === undefined || lane.bucket.tryTake(record.size, now))
    ) {
      sink.accept(record);
      return true;
    }
    record.state = RecordState.Queued;
    // Held back by the limit: its bucket is empty, or records wait for it ahead (not in the
    // unlimited lane of unpredicted records, where only retries can be ahead).
    if (lane.bucket !== undefined) record.heldBackAt = now;
    lane.queue.push(record);
    this.active.add(lane);
    return false;
  }

  /**
   * Puts a record back at the front of its shard's queue (a retry: older than all queued). Its
   * wait there is the retry's, not counted as held back.
   */
  requeue(record: PendingRecord, now: number): void {
    const lane = this.laneOf(record.shard, now);
    record.state = RecordState.Queued;
    lane.queue.unshift(record);
    this.active.add(lane);
  }

  /**
   * Moves queued records to the sink, one shard at a time in turn, while the sink has room and their
   * shards have tokens. A throttled shard releases nothing until it can release a batch (100 records
   * or all it holds), so it does not trickle out a record per request. Returns when a throttled
   * shard can next release a batch (`Infinity` if none is throttled).
   */
  release(sink: ShardQueueSink, now: number): number {
    if (this.active.size === 0) return Number.POSITIVE_INFINITY;
    const blocked = new Set<Lane>();
    for (const lane of this.active) {
      const head = this.liveHead(lane, sink, now);
      if (head === undefined) {
        this.active.delete(lane);
      } else if (
        lane.bucket !== undefined &&
        lane.bucket.msUntil(this.batchOf(lane), head.size, now) > 0
      ) {
        blocked.add(lane);
      }
    }
    while (this.active.size > blocked.size && sink.hasRoom()) {
      for (const lane of this.active) {
        if (blocked.has(lane)) continue;
        const head = this.liveHead(lane, sink, now);
        if (head === undefined) {
          this.active.delete(lane);
          continue;
        }
        if (lane.bucket !== undefined && !lane.bucket.tryTake(head.size, now)) {
          blocked.add(lane);
          continue;
        }
        lane.queue.shift();
        this.leave(lane, head, now);
        sink.accept(head);
        if (!sink.hasRoom()) break;
      }
    }
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const lane of blocked) {
      const head = lane.queue.peek();
      if (head === undefined || lane.bucket === undefined) continue;
      wakeAt = Math.min(wakeAt, now + lane.bucket.msUntil(this.batchOf(lane), head.size, now));
    }
    return wakeAt;
  }

  private batchOf(lane: Lane): number {
    return Math.min(lane.queue.length, RELEASE_BATCH);
  }

  /**
   * The lane's first record still queued, dropping settled and expired ones before it (an expired
   * one waited its whole life here: its time counts).
   */
  private liveHead(lane: Lane, sink: ShardQueueSink, now: number): PendingRecord | undefined {
    for (let head = lane.queue.peek(); head !== undefined; head = lane.queue.peek()) {
      if (head.state === RecordState.Queued) {
        if (!sink.expire(head)) return head;
        this.leave(lane, head, now);
      }
      lane.queue.shift();
    }
    return undefined;
  }

  /** A record leaves its lane: the time it was held back there is counted. */
  private leave(lane: Lane, record: PendingRecord, now: number): void {
    if (record.heldBackAt === NOT_HELD_BACK) return;
    this.heldBack.add(lane.shardId, now - record.heldBackAt);
    record.heldBackAt = NOT_HELD_BACK;
  }

  /**
   * After a reshard: every queued record goes to the queue of its new predicted shard; the buckets
   * of shards still open are kept, those of closed shards dropped.
   */
  reassign(
    isOpen: (shardId: string) => boolean,
    predict: (record: PendingRecord) => ShardRange | undefined,
    now: number,
  ): void {
    const waiting: PendingRecord[] = [];
    for (const lane of this.active) waiting.push(...lane.queue.drain());
    this.active.clear();
    for (const shardId of this.lanes.keys()) {
      if (shardId !== UNPREDICTED && !isOpen(shardId)) this.lanes.delete(shardId);
    }
    for (const record of waiting) {
      if (record.state !== RecordState.Queued) continue;
      record.shard = predict(record);
      const lane = this.laneOf(record.shard, now);
      lane.queue.push(record);
      this.active.add(lane);
    }
  }

  private laneOf(shard: ShardRange | undefined, now: number): Lane {
    const shardId = shard?.shardId ?? UNPREDICTED;
    let lane = this.lanes.get(shardId);
    if (lane === undefined) {
      lane = {
        shardId,
        queue: new Deque(),
        bucket:
          this.rates === undefined || shard === undefined
            ? undefined
            : new TokenBucket(this.rates, now),
      };
      this.lanes.set(shardId, lane);
    }
    return lane;
  }
}
