/** The `kinesis` part of one record of a Lambda Kinesis event. */
export interface KinesisRecordPayload {
  kinesisSchemaVersion: string;
  partitionKey: string;
  sequenceNumber: string;
  /** Base64 of the record's bytes. */
  data: string;
  /** Epoch seconds, with a fraction. */
  approximateArrivalTimestamp: number;
  /** `"KMS"` on an encrypted stream. */
  encryptionType?: string;
}

/** One record of a Lambda Kinesis event, as Lambda sends it. */
export interface KinesisStreamRecord {
  kinesis: KinesisRecordPayload;
  eventSource: string;
  eventVersion: string;
  /** `<shardId>:<sequenceNumber>` */
  eventID: string;
  eventName: string;
  invokeIdentityArn: string;
  awsRegion: string;
  eventSourceARN: string;
}

/** The event Lambda sends for a Kinesis trigger: records of one shard, in sequence order. */
export interface KinesisStreamEvent {
  Records: KinesisStreamRecord[];
}

/** One record Lambda should retry from. */
export interface BatchItemFailure {
  itemIdentifier: string;
}

/** What a handler with `ReportBatchItemFailures` returns. */
export interface KinesisStreamBatchResponse {
  batchItemFailures: BatchItemFailure[];
}

/**
 * The part of Lambda's invocation context the adapter reads: the time left before the function
 * times out, from which the sink's deadline is derived.
 */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}
