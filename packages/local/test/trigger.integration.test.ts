import type { KinesisStreamEvent } from '@kds/consumer';
import { describe, expect, it } from 'vitest';
import { type OnFailureRecord, WaitTimeoutError } from '../src/index.js';
import { kinesisEmulator } from './helpers/emulator.js';
import { failingOnPoison, payloads } from './helpers/stream.js';

/**
 * Keys that hash to the first and the second shard of a 2-shard stream (see
 * docs/kinesis-facts.md, "Facts for tests").
 */
const FIRST_SHARD_KEY = 'A';
const SECOND_SHARD_KEY = 'B';

describe('createLocalTrigger on kinesalite', () => {
  const kinesis = kinesisEmulator({
    retryDelayMs: 10,
    functionResponseTypes: ['ReportBatchItemFailures'],
  });

  it('delivers every record once, one shard per event, in sequence order, shaped like Lambda', async () => {
    // Prepare
    const { streamName, streamARN } = await kinesis.stream(2);
    const events: KinesisStreamEvent[] = [];
    const trigger = await kinesis.start(
      streamName,
      async (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      },
      { batchSize: 7 },
    );
    const records = Array.from({ length: 40 }, (_, i) => ({
      key: i % 2 === 0 ? FIRST_SHARD_KEY : SECOND_SHARD_KEY,
      data: `r${i}`,
    }));

    // Act
    await kinesis.deliver(trigger, streamName, records);

    // Assess
    const delivered = events.flatMap(payloads);
    expect(delivered.sort()).toEqual(records.map((r) => r.data).sort());
    for (const event of events) {
      expect(event.Records.length).toBeLessThanOrEqual(7);
      const shardIds = new Set(event.Records.map((r) => r.eventID.split(':')[0]));
      expect(shardIds.size).toBe(1);
      const sequence = event.Records.map((r) => BigInt(r.kinesis.sequenceNumber));
      expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
      for (const record of event.Records) {
        expect(record.eventSourceARN).toBe(streamARN);
        expect(record.eventSource).toBe('aws:kinesis');
        expect(record.eventID).toBe(
          `${record.eventID.split(':')[0]}:${record.kinesis.sequenceNumber}`,
        );
        expect(record.kinesis.approximateArrivalTimestamp).toBeGreaterThan(1_600_000_000);
        expect(record.kinesis.approximateArrivalTimestamp).toBeLessThan(Date.now() / 1000 + 1);
      }
    }
    const firstShardOrder = events
      .filter((event) => event.Records[0]?.kinesis.partitionKey === FIRST_SHARD_KEY)
      .flatMap(payloads);
    expect(firstShardOrder).toEqual(
      records.filter((r) => r.key === FIRST_SHARD_KEY).map((r) => r.data),
    );
  });

  it('retries from the lowest reported failure and never re-delivers what came before it', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const invocations: string[][] = [];
    let failedOnce = false;
    const trigger = await kinesis.start(streamName, async (event) => {
      const batch = payloads(event);
      invocations.push(batch);
      const r5 = event.Records[batch.indexOf('r5')];
      const r7 = event.Records[batch.indexOf('r7')];
      if (!failedOnce && r5 && r7) {
        failedOnce = true;
        // Reported out of order: the trigger must retry from the lowest, r5.
        return {
          batchItemFailures: [
            { itemIdentifier: r7.kinesis.sequenceNumber },
            { itemIdentifier: r5.kinesis.sequenceNumber },
          ],
        };
      }
      return { batchItemFailures: [] };
    });

    // Act
    await kinesis.deliver(
      trigger,
      streamName,
      Array.from({ length: 10 }, (_, i) => ({ key: 'k', data: `r${i}` })),
    );

    // Assess
    expect(invocations).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'],
      ['r5', 'r6', 'r7', 'r8', 'r9'],
    ]);
  });

  it.each([
    [
      'a thrown error',
      async () => {
        throw new Error('boom');
      },
    ],
    ['an empty itemIdentifier', async () => ({ batchItemFailures: [{ itemIdentifier: '' }] })],
    [
      'an itemIdentifier not in the batch',
      async () => ({ batchItemFailures: [{ itemIdentifier: '123' }] }),
    ],
  ])('retries the whole batch after %s', async (_, failure) => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const invocations: string[][] = [];
    const trigger = await kinesis.start(streamName, async (event) => {
      invocations.push(payloads(event));
      if (invocations.length === 1) return failure();
      return undefined;
    });

    // Act
    await kinesis.deliver(trigger, streamName, [
      { key: 'k', data: 'a' },
      { key: 'k', data: 'b' },
    ]);

    // Assess
    expect(invocations).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('gives up after maximumRetryAttempts, reports the batch to onFailure and moves on', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const failures: OnFailureRecord[] = [];
    const handled: string[] = [];
    const trigger = await kinesis.start(streamName, failingOnPoison(handled), {
      maximumRetryAttempts: 2,
      onFailure: (record) => void failures.push(record),
    });

    // Act
    const [poison] = await kinesis.deliver(trigger, streamName, [{ key: 'k', data: 'poison' }]);
    await kinesis.deliver(trigger, streamName, [{ key: 'k', data: 'next' }]);

    // Assess
    expect(failures).toHaveLength(1);
    expect(failures[0]?.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(failures[0]?.KinesisBatchInfo).toMatchObject({
      shardId: poison?.shardId,
      startSequenceNumber: poison?.sequenceNumber,
      endSequenceNumber: poison?.sequenceNumber,
      batchSize: 1,
    });
    expect(handled).toEqual(['next']);
  });

  it('starts at LATEST when asked, skipping what was already in the stream', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    await kinesis.put(streamName, [{ key: 'k', data: 'old' }]);
    const handled: string[] = [];
    const trigger = await kinesis.start(
      streamName,
      async (event) => {
        handled.push(...payloads(event));
        return undefined;
      },
      { startingPosition: 'LATEST' },
    );

    // Act
    await kinesis.deliver(trigger, streamName, [{ key: 'k', data: 'new' }]);

    // Assess
    expect(handled).toEqual(['new']);
  });

  it('rejects waitForCheckpoints with WaitTimeoutError when the target is never reached', async () => {
    // Prepare
    const { streamName } = await kinesis.stream(1);
    const trigger = await kinesis.start(streamName, async () => undefined);

    // Act
    const waiting = trigger.waitForCheckpoints({ 'shardId-000000000000': '1' }, { timeoutMs: 300 });

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});
