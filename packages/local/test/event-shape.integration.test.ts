import { describe, expect, it } from 'vitest';
import { kinesisEmulator } from './helpers/emulator.js';
import { at, expectLambdaEventShape, lambdaKinesisEvent, shapeOf } from './helpers/event-shape.js';

describe('the local event beside a recorded Lambda Kinesis event (kinesalite)', () => {
  const kinesis = kinesisEmulator();

  it('has the same fields, types, constants and formats', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(2);
    const { trigger, events } = await kinesis.collect(streamName);

    // Act
    await kinesis.deliver(trigger, streamName, [
      { key: '1', data: 'Hello, this is a test.' },
      { key: '1', data: 'This is only a test.' },
      { key: 'B', data: '{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}' },
    ]);

    // Assess
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expectLambdaEventShape(event, lambdaKinesisEvent);
    const first = events
      .flatMap((event) => event.Records)
      .find((r) => r.kinesis.partitionKey === '1');
    expect(Buffer.from(first?.kinesis.data ?? '', 'base64').toString()).toBe(
      Buffer.from(String(at(lambdaKinesisEvent.Records[0], 'kinesis.data')), 'base64').toString(),
    );
  });

  it('tells a record with a renamed or retyped field apart (the comparison can fail)', () => {
    // Prepare
    const recorded = lambdaKinesisEvent.Records[0] as Record<string, unknown>;
    const { eventSourceARN, ...rest } = recorded;
    const renamed = { ...rest, eventSourceArn: eventSourceARN };
    const retyped = {
      ...recorded,
      kinesis: { ...(recorded.kinesis as object), approximateArrivalTimestamp: '1545084650.987' },
    };

    // Act
    const shapes = [renamed, retyped].map(shapeOf);

    // Assess
    for (const shape of shapes) expect(shape).not.toEqual(shapeOf(recorded));
  });
});
