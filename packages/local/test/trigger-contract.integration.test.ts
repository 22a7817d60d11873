import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonLinesDestination, type OnFailureRecord } from '../src/index.js';
import { kinesisEmulator } from './helpers/emulator.js';
import { expectOnFailureShape, lambdaOnFailureRecord } from './helpers/event-shape.js';
import { failingOnPoison, lastPerShard, payloads } from './helpers/stream.js';
import { WAIT_GUARD } from './helpers/wait.js';

describe('the trigger answers the handler as Lambda does (kinesalite)', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'kds-trigger-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // After the folder's hooks: after-each hooks run last-declared first, so the triggers stop
  // before their folder is removed.
  const kinesis = kinesisEmulator({ retryDelayMs: 5 });

  const tenRecords = Array.from({ length: 10 }, (_, i) => ({ key: 'k', data: `r${i}` }));

  it('ignores batchItemFailures without ReportBatchItemFailures, as Lambda does', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const invocations: string[][] = [];
    const started = await kinesis.start(streamName, async (event) => {
      invocations.push(payloads(event));
      return {
        batchItemFailures: [{ itemIdentifier: event.Records[0]?.kinesis.sequenceNumber ?? '' }],
      };
    });

    // Act
    await kinesis.deliver(started, streamName, tenRecords);

    // Assess
    expect(invocations).toEqual([tenRecords.map((r) => r.data)]);
  });

  it('bisects a failing batch: halves are retried without using up retries, down to the bad record', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const invocations: string[][] = [];
    const failures: OnFailureRecord[] = [];
    const started = await kinesis.start(
      streamName,
      async (event) => {
        const batch = payloads(event);
        invocations.push(batch);
        if (batch.includes('r5')) throw new Error('r5 is poison');
      },
      {
        batchSize: 8,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
        onFailure: (record) => void failures.push(record),
      },
    );

    // Act
    const results = await kinesis.deliver(started, streamName, tenRecords.slice(0, 8));

    // Assess
    expect(invocations).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'],
      ['r0', 'r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6', 'r7'],
      ['r4', 'r5'],
      ['r4'],
      ['r5'],
      ['r5'],
      ['r6', 'r7'],
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.KinesisBatchInfo.batchSize).toBe(1);
    expect(failures[0]?.KinesisBatchInfo.startSequenceNumber).toBe(results[5]?.sequenceNumber);
  });

  it('writes the OnFailure record (Lambda shape) to the callback and the JSON-lines file, then moves on', async () => {
    // Prepare
    const { streamName, streamARN } = await kinesis.stream(1);
    const file = join(folder, 'failures', 'on-failure.jsonl');
    const received: OnFailureRecord[] = [];
    const handled: string[] = [];
    const started = await kinesis.start(streamName, failingOnPoison(handled), {
      maximumRetryAttempts: 2,
      onFailure: [(record) => void received.push(record), createJsonLinesDestination(file)],
    });

    // Act
    const poison = await kinesis.deliver(started, streamName, [
      { key: 'k', data: 'poison-1' },
      { key: 'k', data: 'poison-2' },
    ]);
    await kinesis.deliver(started, streamName, [{ key: 'k', data: 'next' }]);

    // Assess
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const written = JSON.parse(lines[0] ?? '') as OnFailureRecord;
    expect(written).toEqual(JSON.parse(JSON.stringify(received[0])));
    expectOnFailureShape(written, lambdaOnFailureRecord);
    expect(written.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(written.responseContext?.functionError).toBe('Unhandled');
    expect(written.KinesisBatchInfo).toMatchObject({
      shardId: poison[0]?.shardId,
      startSequenceNumber: poison[0]?.sequenceNumber,
      endSequenceNumber: poison[1]?.sequenceNumber,
      batchSize: 2,
      streamArn: streamARN,
    });
    expect(handled).toEqual(['next']);
  });

  it('drops records no filter matches, and data that is not JSON, and checkpoints past them', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const handled: string[] = [];
    const started = await kinesis.start(
      streamName,
      async (event) => {
        handled.push(...payloads(event));
      },
      {
        filterCriteria: {
          Filters: [
            { Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' },
            { Pattern: '{"data":{"Spot":["Z"]}}' },
          ],
        },
      },
    );
    const hot = '{"Timestamp":1,"Spot":"A","Temperature":36}';
    const spotZ = '{"Timestamp":2,"Spot":"Z","Temperature":20}';

    // Act
    const results = await kinesis.deliver(started, streamName, [
      { key: 'k', data: '{"Timestamp":0,"Spot":"A","Temperature":20}' },
      { key: 'k', data: hot },
      { key: 'k', data: 'not json at all' },
      { key: 'k', data: spotZ },
      { key: 'k', data: '{"Timestamp":3,"Spot":"B","Temperature":"36"}' },
    ]);

    // Assess
    expect(handled).toEqual([hot, spotZ]);
    expect(started.checkpoints()[results[0]?.shardId ?? '']).toBe(results.at(-1)?.sequenceNumber);
  });

  it('runs up to parallelizationFactor batches of a shard at once, in order per partition key', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const seen = new Map<string, number[]>();
    let active = 0;
    let mostActive = 0;
    const started = await kinesis.start(
      streamName,
      async (event) => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const record of event.Records) {
          const [key, index] = Buffer.from(record.kinesis.data, 'base64').toString().split(':');
          seen.set(key ?? '', [...(seen.get(key ?? '') ?? []), Number(index)]);
        }
        active -= 1;
      },
      { batchSize: 10, parallelizationFactor: 4 },
    );
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    const records = Array.from({ length: 240 }, (_, i) => ({
      key: keys[i % keys.length] ?? '',
      data: `${keys[i % keys.length]}:${i}`,
    }));

    // Act
    await kinesis.deliver(started, streamName, records);

    // Assess
    expect(mostActive).toBeGreaterThan(1);
    expect(mostActive).toBeLessThanOrEqual(4);
    expect([...seen.keys()].sort()).toEqual([...keys].sort());
    for (const [key, indexes] of seen) {
      expect(indexes, key).toEqual(records.flatMap((r, i) => (r.key === key ? [i] : [])));
    }
  });

  it('gathers records for maximumBatchingWindowInSeconds before invoking', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const invocations: string[][] = [];
    const started = await kinesis.start(
      streamName,
      async (event) => {
        invocations.push(payloads(event));
      },
      { maximumBatchingWindowInSeconds: 2 },
    );

    // Act
    await kinesis.put(streamName, [{ key: 'k', data: 'first' }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kinesis.deliver(started, streamName, [{ key: 'k', data: 'second' }]);

    // Assess
    expect(invocations).toEqual([['first', 'second']]);
  });

  it('starts AT_TIMESTAMP: records that arrived before it are not delivered', async () => {
    // Prepare: kinesalite stamps arrivals to the second, so leave well over a second on each side.
    const { streamName } = await kinesis.stream(1);
    await kinesis.put(streamName, [{ key: 'k', data: 'before' }]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const timestamp = new Date();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const handled: string[] = [];

    // Act
    const after = await kinesis.put(streamName, [{ key: 'k', data: 'after' }]);
    const started = await kinesis.start(
      streamName,
      async (event) => {
        handled.push(...payloads(event));
      },
      { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: timestamp },
    );
    await started.waitForCheckpoints(lastPerShard(after), WAIT_GUARD);

    // Assess
    expect(handled).toEqual(['after']);
  });
});
