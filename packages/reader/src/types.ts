/**
 * The stream to read, by name or by ARN (at least one; when both are given they must name the
 * same stream).
 */
export type StreamOption =
  | { streamName: string; streamARN?: string }
  | { streamARN: string; streamName?: string };

/** The `StreamName`/`StreamARN` fields of a Kinesis request for a {@link StreamOption}. */
export interface StreamRequestFields {
  StreamName?: string;
  StreamARN?: string;
}
