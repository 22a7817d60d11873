import { InvalidOptionError } from '@kds/core';

/**
 * What the trigger reads: a stream by name, or an event source mapping's `eventSourceArn` as
 * Lambda takes it: the stream's ARN (polling, GetRecords) or the ARN of one of its registered
 * consumers (enhanced fan-out, SubscribeToShard), per the Lambda guide's
 * [Kinesis parameters](https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html).
 */
export type TriggerSource =
  | { streamName: string; eventSourceArn?: never }
  | {
      /**
       * `arn:aws:kinesis:<region>:<account>:stream/<name>` to poll the stream, or
       * `arn:aws:kinesis:<region>:<account>:stream/<name>/consumer/<consumer>:<timestamp>` to read
       * through that enhanced fan-out consumer (registered and ACTIVE, as Lambda requires).
       */
      eventSourceArn: string;
      streamName?: never;
    };

/** A {@link TriggerSource} taken apart. */
export interface ResolvedSource {
  readonly streamName: string;
  /** The consumer to subscribe through; undefined: poll with GetRecords. */
  readonly consumerArn: string | undefined;
  /** The ARN given, to check against the stream the client finds; undefined for a name. */
  readonly streamArn: string | undefined;
  /** The fan-out reader's look for a shard's end; undefined: never. */
  readonly shardEndCheckIntervalMs: number | undefined;
}

/**
 * A Kinesis stream ARN, optionally followed by `/consumer/<name>:<creation timestamp>`: stream
 * names are 1 to 128 of `[a-zA-Z0-9_.-]`, consumer names too
 * ([Stream](https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StreamDescription.html),
 * [Consumer](https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html)).
 */
const KINESIS_ARN =
  /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/([a-zA-Z0-9_.-]{1,128})(\/consumer\/[a-zA-Z0-9_.-]{1,128}:\d+)?$/;

/**
 * Takes the trigger's source apart; a malformed ARN or interval is an {@link InvalidOptionError}.
 */
export function resolveSource(
  source: TriggerSource & { shardEndCheckIntervalMs?: number },
): ResolvedSource {
  const { shardEndCheckIntervalMs } = source;
  if (
    shardEndCheckIntervalMs !== undefined &&
    !(Number.isFinite(shardEndCheckIntervalMs) && shardEndCheckIntervalMs > 0)
  ) {
    throw new InvalidOptionError(
      'shardEndCheckIntervalMs',
      `must be a positive number of ms (got ${String(shardEndCheckIntervalMs)})`,
    );
  }
  if (source.eventSourceArn === undefined) {
    if (typeof source.streamName !== 'string' || source.streamName === '') {
      throw new InvalidOptionError('streamName', 'is required (or eventSourceArn)');
    }
    return {
      streamName: source.streamName,
      consumerArn: undefined,
      streamArn: undefined,
      shardEndCheckIntervalMs,
    };
  }
  const match = KINESIS_ARN.exec(source.eventSourceArn);
  if (match === null) {
    throw new InvalidOptionError(
      'eventSourceArn',
      `must be a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>) or a stream consumer ARN (…/consumer/<name>:<timestamp>) (got ${JSON.stringify(source.eventSourceArn)})`,
    );
  }
  const consumer = match[2];
  return {
    streamName: match[1] as string,
    consumerArn: consumer === undefined ? undefined : source.eventSourceArn,
    streamArn: source.eventSourceArn.slice(
      0,
      source.eventSourceArn.length - (consumer ?? '').length,
    ),
    shardEndCheckIntervalMs,
  };
}
