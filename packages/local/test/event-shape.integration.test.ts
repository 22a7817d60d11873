import { emulatorClient } from '@kds/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalTrigger } from '../src/index.js';
import { at, expectLambdaEventShape, lambdaKinesisEvent, shapeOf } from './helpers/event-shape.js';
import {
  freshStream,
  kinesisClient,
  lastPerShard,
  putRecords,
  startCollecting,
} from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

describe('the local event beside a recorded Lambda Kinesis event (kinesalite)', () => {
  const client = emulatorClient(({ kinesisEndpoint }) => kinesisClient(kinesisEndpoint));
  let trigger: LocalTrigger | undefined;

  afterEach(async () => {
    await trigger?.stop();
  });

  it('has the same fields, types, constants and formats', async () => {
    // Prepare
    const { streamName } = await freshStream(client, 2);
    const { trigger: started, events } = await startCollecting(client, streamName);
    trigger = started;

    // Act
    const results = await putRecords(client, streamName, [
      { key: '1', data: 'Hello, this is a test.' },
      { key: '1', data: 'This is only a test.' },
      { key: 'B', data: '{"Timestamp":1732600000000,"Spot":"Q","Temperature":36}' },
    ]);
    await trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD);

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
