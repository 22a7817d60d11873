import type { KinesisClient, KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { PartitionKeyStrategy } from './partition-keys.js';

/** An injected client, or the config to build one; never both. */
export type ClientOption =
  | { client: KinesisClient; clientConfig?: never }
  | { clientConfig?: KinesisClientConfig; client?: never };

/** The stream to write to: by name or by ARN. */
export type StreamOption =
  | { streamName: string; streamARN?: string }
  | { streamARN: string; streamName?: string };

/** Everything `createProducer` accepts besides the client and the stream. */
export interface ProducerSettings<T> {
  /** How a value's partition key is chosen. Default: `random()` ("1".."100"). */
  partitionKey?: PartitionKeyStrategy<T>;
  /** How a value becomes bytes. Default: bytes as they are, strings as UTF-8, anything else as JSON. */
  serialize?: (value: T) => Uint8Array;
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
}

/** Options of `createProducer`. */
export type ProducerOptions<T> = ClientOption & StreamOption & ProducerSettings<T>;

/** Per-put overrides. */
export interface PutOptions {
  /** Use this key instead of the strategy's. */
  partitionKey?: string;
  /** Use this ExplicitHashKey (decimal 0..2^128-1) instead of the key's MD5. */
  explicitHashKey?: string;
}

/** What Kinesis said about one record once it accepted it. */
export interface PutResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** PutRecords requests it took, 1 when it went through at once. */
  readonly attempts: number;
}

/** Counters since the producer was created. */
export interface ProducerMetrics {
  readonly recordsPut: number;
  readonly bytesPut: number;
  readonly requests: number;
  readonly retries: number;
  readonly throttled: number;
  readonly expired: number;
  readonly failed: number;
  readonly buffered: number;
  readonly inFlight: number;
}

/**
 * A batching producer: `put` buffers, batches go out as PutRecords, each `put` resolves once
 * Kinesis has the record.
 */
export interface Producer<T> {
  put(value: T, options?: PutOptions): Promise<PutResult>;
  putMany(values: Iterable<T>, options?: PutOptions): Promise<PutResult[]>;
  /** Sends everything buffered and waits until every record so far is accepted or rejected. */
  flush(): Promise<void>;
  /** Flushes, then refuses further puts and releases the client it created. */
  close(): Promise<void>;
  metrics(): ProducerMetrics;
}
