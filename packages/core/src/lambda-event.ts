// The event Lambda sends for a Kinesis trigger and the response it reads back: see
// docs/kinesis-facts.md, "The Lambda Kinesis event" and "Partial batch response", and
// https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html

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

/** One record Lambda should retry from: its sequence number. */
export interface BatchItemFailure {
  itemIdentifier: string;
}

/**
 * What a handler with `ReportBatchItemFailures` returns. Lambda checkpoints just before the lowest
 * reported sequence number and retries from there; an empty list means the batch succeeded.
 */
export interface KinesisStreamBatchResponse {
  batchItemFailures: BatchItemFailure[];
}

/**
 * The `FilterCriteria` of an event source mapping, as CreateEventSourceMapping takes it: up to 5
 * patterns (`MAX_FILTER_PATTERNS`), each a JSON string, ORed; a record is delivered when one
 * matches. See https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */
export interface FilterCriteria {
  Filters: { Pattern: string }[];
}
