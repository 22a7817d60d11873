import {
  DescribeStreamCommand,
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLocalTrigger, InvalidOptionError, type LocalPollerSettings } from '../src/index.js';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/TestDataStream';
const CONSUMER_ARN = `${STREAM_ARN}/consumer/kds-simulator:1700000000`;
const kinesis = mockClient(KinesisClient);
const client = new KinesisClient({ region: 'us-east-1' });
/** A trigger from TRIM_HORIZON of a handler that does nothing, on `eventSourceArn`. */
const triggerOn = (eventSourceArn: string, settings: LocalPollerSettings = {}) =>
  createLocalTrigger({
    client,
    startingPosition: 'TRIM_HORIZON',
    eventSourceArn,
    handler: async () => undefined,
    ...settings,
  });

beforeEach(() => {
  kinesis.reset();
  const active = { StreamARN: STREAM_ARN, StreamStatus: 'ACTIVE' as const };
  kinesis.on(DescribeStreamSummaryCommand).resolves({ StreamDescriptionSummary: active as never });
  kinesis.on(DescribeStreamCommand).resolves({ StreamDescription: active as never });
  kinesis.on(ListShardsCommand).resolves({ Shards: [] });
});

describe('eventSourceArn', () => {
  it.each([
    ['a stream name', 'TestDataStream'],
    ['an ARN of another service', 'arn:aws:sqs:us-east-1:123456789012:queue'],
    ['a consumer ARN without its timestamp', `${STREAM_ARN}/consumer/kds-simulator`],
    ['a stream ARN with a bad name', 'arn:aws:kinesis:us-east-1:123456789012:stream/a b'],
  ])('refuses %s with an InvalidOptionError naming it', (_, eventSourceArn) => {
    // Act
    const create = () => triggerOn(eventSourceArn);

    // Assess
    expect(create).toThrow(InvalidOptionError);
    expect(create).toThrow(/^eventSourceArn must be a Kinesis stream ARN/);
  });

  it.each([0, -1, Number.NaN])('refuses shardEndCheckIntervalMs %s', (shardEndCheckIntervalMs) => {
    // Act
    const create = () => triggerOn(CONSUMER_ARN, { shardEndCheckIntervalMs });

    // Assess
    expect(create).toThrow(/^shardEndCheckIntervalMs must be a positive number of ms/);
  });

  it('starts on an ACTIVE consumer of the stream the client reaches', async () => {
    // Prepare
    kinesis
      .on(DescribeStreamConsumerCommand, { ConsumerARN: CONSUMER_ARN })
      .resolves({ ConsumerDescription: { ConsumerStatus: 'ACTIVE' } as never });
    const trigger = triggerOn(CONSUMER_ARN);

    // Act
    await trigger.start();
    await trigger.stop();

    // Assess
    expect(kinesis.commandCalls(DescribeStreamConsumerCommand)).toHaveLength(1);
    expect(kinesis.commandCalls(ListShardsCommand)[0]?.args[0].input.StreamName).toBe(
      'TestDataStream',
    );
  });

  it('refuses to start on a consumer still CREATING', async () => {
    // Prepare
    kinesis
      .on(DescribeStreamConsumerCommand)
      .resolves({ ConsumerDescription: { ConsumerStatus: 'CREATING' } as never });
    const trigger = triggerOn(CONSUMER_ARN);

    // Act
    const started = trigger.start();

    // Assess
    await expect(started).rejects.toThrow('eventSourceArn names a consumer that is CREATING');
    await trigger.stop();
  });

  it('refuses an ARN of a stream in another region than the client', async () => {
    // Prepare
    const elsewhere = 'arn:aws:kinesis:eu-west-1:123456789012:stream/TestDataStream';
    const trigger = triggerOn(elsewhere);

    // Act
    const started = trigger.start();

    // Assess
    await expect(started).rejects.toThrow(
      `eventSourceArn names ${elsewhere}, but the client reaches ${STREAM_ARN}`,
    );
    expect(kinesis.commandCalls(DescribeStreamConsumerCommand)).toHaveLength(0);
    await trigger.stop();
  });
});
