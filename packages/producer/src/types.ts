import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { OnFull, Ordering } from './constants.js';
import type { LatencyPercentiles } from './latency-histogram.js';
import type { PartitionKeyStrategy } from './partition-keys.js';

/** An injected client, or the config to build one; never both. */
export type ClientOption =
  | { client: KinesisClient; clientConfig?: never }
  | { clientConfig?: KinesisClientConfig; client?: never };

/** The stream to write to: by name or by ARN. */
export type StreamOption =
  | { streamName: string; streamARN?: string }
  | { streamARN: string; streamName?: string };

/** What `put` does when the buffer is full. */
export type OnFullValue = (typeof OnFull)[keyof typeof OnFull];

/** The ordering guarantee. */
export type OrderingValue = (typeof Ordering)[keyof typeof Ordering];

/** Limits of the aggregates the producer builds (`aggregation: { ... }`). */
export interface AggregationOptions {
  /**
   * Largest aggregate's data in bytes, magic and MD5 included (the KPL's AggregationMaxSize).
   * Default 51,200; 64 up to `maxRecordBytes` - 1 (the aggregate's partition key "a" takes one byte).
   */
  maxBytes?: number;
  /** Most user records per aggregate (the KPL's AggregationMaxCount). Default 4,294,967,295. */
  maxCount?: number;
}

/** Everything `createProducer` accepts besides the client and the stream. */
export interface ProducerSettings<T> {
  /** How a value's partition key (and optional ExplicitHashKey) is chosen. Default: `random()` ("1".."100"). */
  partitionKey?: PartitionKeyStrategy<T>;
  /**
   * How a value becomes a record's data: bytes, or a string sent as its UTF-8 bytes (with
   * aggregation a string is written straight into the aggregate, without a buffer of its own).
   * Default: bytes and strings as they are, anything else as its JSON text.
   */
  serialize?: (value: T) => Uint8Array | string;
  /** Send a partial batch once its oldest record waited this long. Default 100 ms. */
  maxBufferedTimeMs?: number;
  /** PutRecords requests in flight at once. Default 4. */
  maxInFlight?: number;
  /** A record not accepted within this time rejects with `RecordExpiredError`. Default 30,000 ms. */
  recordTtlMs?: number;
  /** The stream's record limit (data + key). Default 1 MiB; AWS allows raising it to 10 MiB. */
  maxRecordBytes?: number;
  /** First retry delay ceiling; doubles each attempt, full jitter. Default 50 ms. */
  retryBaseDelayMs?: number;
  /** Largest retry delay. Default 2,000 ms. */
  retryMaxDelayMs?: number;
  /**
   * Per-shard client-side limit in percent of 1,000 records/s and 1 MiB/s. Default 150 (the KPL's).
   * `Infinity` turns the limit off.
   */
  rateLimitPercent?: number;
  /** Fail throttled records at once with `RecordThrottledError` instead of retrying them. Default false. */
  failIfThrottled?: boolean;
  /** `'per-key'`: no record is sent while an earlier one of its key is unacknowledged. Default `'best-effort'`. */
  ordering?: OrderingValue;
  /** Records put and not yet settled before the buffer is full. Default 2,500; 20,000 with aggregation. */
  maxBufferedRecords?: number;
  /** Bytes (data + keys) put and not yet settled before the buffer is full. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** When the buffer is full, `put` waits for room (`'wait'`) or rejects with `BufferFullError`. Default `'wait'`. */
  onFull?: OnFullValue;
  /** A request without an answer by then is abandoned and retried. Default 6,000 ms. */
  requestTimeoutMs?: number;
  /** Re-read the shard map this often (it is also re-read when a record lands on an unexpected shard). Default 60,000 ms. */
  shardMapRefreshMs?: number;
  /**
   * Packs the user records of each predicted shard into KPL aggregated records (`true`, or limits).
   * Default off. Consumers must deaggregate (the KCL, `@kds/consumer` and `@kds/aggregation` do).
   */
  aggregation?: boolean | AggregationOptions;
  /** Receives a metrics snapshot every `metricsIntervalMs`, and once more at `close()`. */
  onMetrics?: (metrics: ProducerMetrics) => void;
  /** How often `onMetrics` is called. Default 60,000 ms. */
  metricsIntervalMs?: number;
}

/** Options of `createProducer`. */
export type ProducerOptions<T> = ClientOption & StreamOption & ProducerSettings<T>;

/** Per-put overrides. */
export interface PutOptions {
  /** Use this key instead of the strategy's. */
  partitionKey?: string;
  /** Use this ExplicitHashKey (decimal 0..2^128-1) instead of the key's MD5. */
  explicitHashKey?: string;
  /** Cancels the put while the record has not reached Kinesis: it rejects with `PutAbortedError`. */
  signal?: AbortSignal;
}

/** What Kinesis said about one record once it accepted it. */
export interface PutResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** Its index inside the aggregate it travelled in; absent when it was sent as a plain record. */
  readonly subSequenceNumber?: number;
  /** PutRecords requests it took, 1 when it went through at once. */
  readonly attempts: number;
}

/** How one put of `putMany` ended: a value, never an exception. */
export type PutOutcome = { ok: true; value: PutResult } | { ok: false; error: unknown };

/** What the per-shard rate limit held back, of one shard or of all. */
export interface HeldBackMetrics {
  /** Records that had to queue behind their shard's rate limit (each time it happened). */
  readonly records: number;
  /** Milliseconds those records waited there, added up over the records. */
  readonly ms: number;
}

/** Counters since the producer was created, the buffer's state now, and put latencies. */
export interface ProducerMetrics {
  /** User records Kinesis accepted (each record of an aggregate counts). */
  readonly recordsPut: number;
  /** Their bytes (data + partition keys). */
  readonly bytesPut: number;
  /** Kinesis records accepted: aggregates and plain records; equals `recordsPut` without aggregation. */
  readonly kinesisRecordsPut: number;
  /** Their bytes (data + partition keys) as Kinesis counts them. */
  readonly kinesisBytesPut: number;
  /** PutRecords requests sent. */
  readonly requests: number;
  /** Record attempts that failed and were scheduled again. */
  readonly retries: number;
  /** Record attempts refused for throughput (`ProvisionedThroughputExceededException` or a throttled request). */
  readonly throttled: number;
  /** Records rejected with `RecordExpiredError`. */
  readonly expired: number;
  /** Records rejected for any other reason after they were buffered (request errors, throttled, aborted). */
  readonly failed: number;
  /** Record attempts whose outcome was unknown (timeout or reset after sending) and that were retried. */
  readonly possibleDuplicates: number;
  /**
   * Records the client-side per-shard rate limit (`rateLimitPercent`) held back: they found their
   * shard's token bucket empty, or records ahead of them waiting for it. 0 while no shard reaches
   * its limit.
   */
  readonly heldBackRecords: number;
  /**
   * Milliseconds those records waited behind the limit, added up over the records (a record that
   * expired there counts the time until it expired). `heldBackMs / heldBackRecords` is the mean
   * wait of a held-back record.
   */
  readonly heldBackMs: number;
  /** `heldBackRecords` and `heldBackMs` per shard id; shards never held back are absent. */
  readonly heldBackByShard: Readonly<Record<string, HeldBackMetrics>>;
  /** Shard map reads (ListShards), the first included. */
  readonly shardMapRefreshes: number;
  /** Records in the buffer (what `maxBufferedRecords` bounds): queued, in requests or retrying. */
  readonly buffered: number;
  /** Their bytes (data + keys), once keyed and serialized. */
  readonly bufferedBytes: number;
  /** Puts waiting for room in the buffer (`onFull: 'wait'`). */
  readonly waiting: number;
  /** PutRecords requests in flight now. */
  readonly inFlight: number;
  /** Time from `put` to its resolution, over every accepted record, in milliseconds. */
  readonly putLatencyMs: LatencyPercentiles;
}

/**
 * A batching producer: `put` buffers, batches go out as PutRecords, each `put` resolves once
 * Kinesis has the record.
 */
export interface Producer<T> {
  /** Buffers a record; resolves once Kinesis accepted it, rejects with a `ProducerError` if it never will. */
  put(value: T, options?: PutOptions): Promise<PutResult>;
  /** Puts every value; resolves with one outcome per value, in order, once all settled. */
  putMany(values: Iterable<T>, options?: PutOptions): Promise<PutOutcome[]>;
  /**
   * Resolves once the buffer has room for another record (at once if it has). Awaiting it before each
   * `put` keeps memory bounded by `maxBufferedRecords` and `maxBufferedBytes` without waiting for acks.
   */
  waitForRoom(): Promise<void>;
  /**
   * Whether the buffer has room for another record now (or the producer is closed, so a put would
   * not wait). A hot loop checks it and awaits `waitForRoom()` only when it is false, which saves an
   * await per record.
   */
  hasRoom(): boolean;
  /** Sends everything buffered now and resolves once every record put before the call settled. */
  flush(): Promise<void>;
  /** Refuses further puts, flushes, stops the timers and releases the client it created. */
  close(): Promise<void>;
  metrics(): ProducerMetrics;
}
