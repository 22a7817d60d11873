import { KinesisClient } from '@aws-sdk/client-kinesis';
import { KinesisEmulator, type LocalEmulators, startEmulators } from '@kds/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, localClientConfig, ReshardMethod } from '../src/index.js';
import { expectLambdaEventShape, lambdaKinesisEvent } from './helpers/event-shape.js';
import { runReshardScenario, timestampsBySpot } from './helpers/readings.js';
import { freshStream, lastPerShard, putRecords, startCollecting } from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

/** The same 10,000 readings as on kinesalite (about 15 s here: kinesis-local is slower). */
const KINESIS_LOCAL_READINGS = 10_000;

describe('on kinesis-local (kinesis-mock)', () => {
  let emulators: LocalEmulators;
  let client: KinesisClient;

  beforeAll(async () => {
    emulators = await startEmulators({ kinesis: KinesisEmulator.KinesisLocal });
    client = new KinesisClient(localClientConfig(emulators.kinesis.endpoint));
  });

  afterAll(async () => {
    client?.destroy();
    await emulators?.stop();
  });

  it('is what startEmulators runs when asked for kinesis-local', async () => {
    // Act
    const created = await freshStream(client, 1);

    // Assess
    expect(emulators.kinesisEmulator).toBe('kinesis-local');
    // The ARNs of kinesis-local agree with the region and account of the local events.
    expect(created.streamARN).toBe(
      `arn:aws:kinesis:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stream/${created.streamName}`,
    );
  });

  it(`carries ${KINESIS_LOCAL_READINGS} readings through 2 → 1 → 2 shards with UpdateShardCount and ChildShards`, async () => {
    // Prepare
    const { streamName } = await freshStream(client, 2);

    // Act
    const scenario = await runReshardScenario(client, streamName, {
      count: KINESIS_LOCAL_READINGS,
      steps: [1, 2],
    });

    // Assess
    expect(scenario.reshards.map((r) => [r.method, r.fromShardCount, r.toShardCount])).toEqual([
      [ReshardMethod.UpdateShardCount, 2, 1],
      [ReshardMethod.UpdateShardCount, 1, 2],
    ]);
    expect(scenario.handled).toHaveLength(scenario.sent.length);
    expect(new Set(scenario.handled.map((r) => r.Timestamp))).toEqual(
      new Set(scenario.sent.map((r) => r.Timestamp)),
    );
    for (const [spot, timestamps] of timestampsBySpot(scenario.handled)) {
      expect(timestamps, `Spot ${spot}`).toEqual([...timestamps].sort((a, b) => a - b));
    }
  });

  it('invokes the handler with events shaped like the recorded Lambda event', async () => {
    // Prepare
    const { streamName } = await freshStream(client, 1);
    const { trigger, events } = await startCollecting(client, streamName);

    // Act
    const results = await putRecords(client, streamName, [
      { key: '1', data: 'Hello, this is a test.' },
      { key: '1', data: 'This is only a test.' },
    ]);
    await trigger.waitForCheckpoints(lastPerShard(results), WAIT_GUARD);
    await trigger.stop();

    // Assess
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expectLambdaEventShape(event, lambdaKinesisEvent);
  });

  it('ends its child process on stop: the endpoint stops answering', async () => {
    // Act
    await emulators.stop();

    // Assess
    await expect(fetch(`${emulators.kinesis.endpoint}/healthcheck`)).rejects.toThrow();
  });
});
