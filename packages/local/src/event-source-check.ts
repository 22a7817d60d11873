import { DescribeStreamConsumerCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { InvalidOptionError } from '@kds/core';
import type { ResolvedSource } from './event-source.js';

/**
 * Checks what an `eventSourceArn` names against the stream the client found, as Lambda checks an
 * event source mapping when it is created: the ARN is the stream's (same region and account), and
 * a consumer is registered on it and ACTIVE. Throws {@link InvalidOptionError} otherwise.
 */
export async function checkSource(
  client: KinesisClient,
  source: ResolvedSource,
  streamArn: string,
): Promise<void> {
  if (source.streamArn !== undefined && source.streamArn !== streamArn) {
    throw new InvalidOptionError(
      'eventSourceArn',
      `names ${source.streamArn}, but the client reaches ${streamArn}: check the client's region and endpoint`,
    );
  }
  if (source.consumerArn === undefined) return;
  let status: string | undefined;
  try {
    const { ConsumerDescription } = await client.send(
      new DescribeStreamConsumerCommand({ ConsumerARN: source.consumerArn }),
    );
    status = ConsumerDescription?.ConsumerStatus;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') {
      throw new InvalidOptionError(
        'eventSourceArn',
        `names no consumer registered on ${streamArn} (${source.consumerArn}): register it first (registerStreamConsumer of @kds/reader)`,
        { cause: error },
      );
    }
    throw error;
  }
  if (status !== 'ACTIVE') {
    throw new InvalidOptionError(
      'eventSourceArn',
      `names a consumer that is ${String(status)}, not ACTIVE: wait until it is (registerStreamConsumer of @kds/reader waits)`,
    );
  }
}
