import { PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { beforeEach, describe, expect, it } from 'vitest';
import { BufferFullError, constant, type Producer, PutAbortedError } from '../src/index.js';
import {
  createDeferred,
  createTestProducer,
  type Deferred,
  nextMacrotask,
  resetToAcceptingStream,
  responseFor,
  sentTexts,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

/** Holds every PutRecords answer until the test releases it. */
function holdResponses(): Array<Deferred<void>> {
  const held: Array<Deferred<void>> = [];
  kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
    const release = createDeferred<void>();
    held.push(release);
    await release.promise;
    return responseFor(input);
  });
  return held;
}

/**
 * A producer of at most `maxBufferedRecords`, each batch due at once, on a mock that answers every
 * PutRecords a macrotask later, as a service would: a writer must wait for room.
 */
function writerProducer(maxBufferedRecords: number): Producer<string> {
  kinesisMock.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput) => {
    await nextMacrotask();
    return responseFor(input);
  });
  return createTestProducer<string>({ maxBufferedRecords, maxBufferedTimeMs: 1 });
}

/**
 * A writer: puts `r0`, `r1`, ... `count` records one at a time, each once `beforePut` settles, then
 * closes the producer. Returns the most records the producer held at once (buffered or waiting)
 * and how many puts failed.
 */
async function write(
  producer: Producer<string>,
  count: number,
  beforePut: () => Promise<void>,
): Promise<{ mostHeld: number; failed: number }> {
  let mostHeld = 0;
  let failed = 0;
  for (let index = 0; index < count; index += 1) {
    await beforePut();
    producer.put(`r${index}`).catch(() => {
      failed += 1;
    });
    const { buffered, waiting } = producer.metrics();
    mostHeld = Math.max(mostHeld, buffered + waiting);
  }
  await producer.close();
  return { mostHeld, failed };
}

async function releaseAll(held: Array<Deferred<void>>): Promise<void> {
  for (let rounds = 0; rounds < 100 && held.length > 0; rounds += 1) {
    held.shift()?.resolve();
    await nextMacrotask();
  }
}

beforeEach(() => {
  resetToAcceptingStream(kinesisMock);
});

describe("onFull: 'wait' (the default)", () => {
  it('holds puts beyond maxBufferedRecords until records settle, then sends them in order', async () => {
    // Prepare
    const held = holdResponses();
    const producer = createTestProducer<string>({ maxBufferedRecords: 3, maxBufferedTimeMs: 0 });

    // Act
    const outcomes = producer.putMany(['a', 'b', 'c', 'd', 'e']);
    await nextMacrotask();
    const whileFull = producer.metrics();
    const sentWhileFull = sentTexts(kinesisMock);
    await releaseAll(held);
    await producer.flush();

    // Assess
    expect(whileFull).toMatchObject({ buffered: 3, waiting: 2 });
    expect(sentWhileFull).toEqual(['a', 'b', 'c']);
    expect(sentTexts(kinesisMock)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    expect(producer.metrics()).toMatchObject({ buffered: 0, waiting: 0 });
  });

  it('counts bytes too: a put that would pass maxBufferedBytes waits', async () => {
    // Prepare
    const held = holdResponses();
    const producer = createTestProducer<Uint8Array>({
      maxBufferedBytes: 1_000,
      maxBufferedTimeMs: 0,
      partitionKey: constant('k'),
    });
    const record = (fill: number): Uint8Array => new Uint8Array(399).fill(fill);

    // Act
    const outcomes = producer.putMany([record(1), record(2), record(3)]);
    await nextMacrotask();
    const whileFull = producer.metrics();
    await releaseAll(held);
    await producer.flush();

    // Assess
    expect(whileFull).toMatchObject({ buffered: 2, bufferedBytes: 800, waiting: 1 });
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
  });

  it('admits one record larger than maxBufferedBytes when the buffer is empty', async () => {
    // Prepare
    const producer = createTestProducer<Uint8Array>({ maxBufferedBytes: 100 });

    // Act
    const result = producer.put(new Uint8Array(5_000));
    await producer.flush();

    // Assess
    await expect(result).resolves.toMatchObject({ attempts: 1 });
  });

  it('waitForRoom() lets a writer put 2,000 records without ever holding more than the limit', async () => {
    // Prepare
    const producer = writerProducer(120);

    // Act
    const { mostHeld, failed } = await write(producer, 2_000, () => producer.waitForRoom());

    // Assess
    expect(mostHeld).toBe(120);
    expect(failed).toBe(0);
    expect(sentTexts(kinesisMock)).toHaveLength(2_000);
  });
});

describe('hasRoom()', () => {
  it('is false exactly when a put would have to wait, and a writer checking it stays within the limit', async () => {
    // Prepare
    const producer = writerProducer(50);
    let waits = 0;

    // Act
    const { mostHeld, failed } = await write(producer, 1_000, async () => {
      if (producer.hasRoom()) return;
      expect(producer.metrics().buffered).toBe(50);
      waits += 1;
      await producer.waitForRoom();
      expect(producer.hasRoom()).toBe(true);
    });

    // Assess
    expect(mostHeld).toBe(50);
    expect(failed).toBe(0);
    expect(waits).toBeGreaterThan(0);
    expect(sentTexts(kinesisMock)).toHaveLength(1_000);
    expect(producer.hasRoom()).toBe(true);
  });
});

describe('puts refused before the shard map is read', () => {
  it('leave the count of buffered records as it was: the buffer still fills, and hasRoom() says so', async () => {
    // Prepare
    const held = holdResponses();
    const producer = createTestProducer<string>({ maxBufferedRecords: 2, maxBufferedTimeMs: 0 });
    const refused = [1, 2, 3].map(() =>
      producer.put('x', { signal: AbortSignal.abort() }).catch((error: unknown) => error),
    );

    // Act
    const filling = [producer.put('a'), producer.put('b')];
    await nextMacrotask();
    const whileFull = { buffered: producer.metrics().buffered, hasRoom: producer.hasRoom() };
    for (const release of held) release.resolve();
    await Promise.all(filling);

    // Assess
    expect(await Promise.all(refused)).toEqual([1, 2, 3].map(() => expect.any(PutAbortedError)));
    expect(whileFull).toEqual({ buffered: 2, hasRoom: false });
    expect(producer.metrics().buffered).toBe(0);
    await producer.close();
  });

  it("with onFull: 'reject', a burst beyond the buffer leaves nothing counted once it settled", async () => {
    // Prepare
    const producer = createTestProducer<string>({ maxBufferedRecords: 10, onFull: 'reject' });

    // Act
    const outcomes = await producer.putMany(Array.from({ length: 20 }, (_, i) => `r${i}`));
    await producer.flush();

    // Assess
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    expect(producer.metrics().buffered).toBe(0);
    expect(producer.hasRoom()).toBe(true);
    await producer.close();
  });
});

describe("onFull: 'reject'", () => {
  it('rejects a put beyond maxBufferedRecords with BufferFullError and sends nothing of it', async () => {
    // Prepare
    const held = holdResponses();
    const producer = createTestProducer<string>({
      maxBufferedRecords: 2,
      onFull: 'reject',
      maxBufferedTimeMs: 0,
    });

    // Act
    const outcomes = producer.putMany(['a', 'b', 'c']);
    await nextMacrotask();
    await releaseAll(held);
    await producer.flush();
    const [a, b, c] = await outcomes;

    // Assess
    expect(a?.ok && b?.ok).toBe(true);
    expect(c?.ok).toBe(false);
    if (c?.ok === false) {
      expect(c.error).toBeInstanceOf(BufferFullError);
      expect(c.error).toMatchObject({ code: 'BUFFER_FULL', bufferedRecords: 2 });
      expect((c.error as Error).message).toContain('maxBufferedRecords');
    }
    expect(sentTexts(kinesisMock)).toEqual(['a', 'b']);
  });

  it('names maxBufferedBytes when bytes are the limit', async () => {
    // Prepare
    holdResponses();
    const producer = createTestProducer<Uint8Array>({
      maxBufferedBytes: 500,
      onFull: 'reject',
      partitionKey: constant('k'),
    });

    // Act
    const first = producer.put(new Uint8Array(300));
    const second = producer.put(new Uint8Array(300)).catch((error: unknown) => error);
    void first;

    // Assess
    const error = await second;
    expect(error).toBeInstanceOf(BufferFullError);
    expect((error as Error).message).toContain('maxBufferedBytes');
  });
});
