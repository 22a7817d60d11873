/**
 * Default cap on one record's decoded bytes: Kinesis records are at most 1 MiB unless the stream's
 * limit was raised (up to 10 MiB with UpdateMaxRecordSize).
 */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** What a handler does with a record that can never decode. */
export const PoisonPolicy = {
  /** Report its sequence number in `batchItemFailures`; the other records are still processed. */
  Report: 'report',
  /** Hand it to `onPoison` and carry on as if it was processed. */
  Skip: 'skip',
} as const;

/** One of {@link PoisonPolicy}. */
export type PoisonPolicy = (typeof PoisonPolicy)[keyof typeof PoisonPolicy];
