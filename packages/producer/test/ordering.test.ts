import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Producer, type ProducerSettings, PutRecordsErrorCode } from '../src/index.js';
import {
  byAttempt,
  createTestProducer,
  evenShards,
  FAST_RETRIES,
  type FakeStream,
  fakeStream,
  sentTextsByRequest,
  textOf,
} from './helpers/kinesis.js';
import { kinesisMock } from './helpers/kinesis-mock.js';

const KEYS = ['A', 'B', 'C'] as const;
const PER_KEY_WITH_RETRIES = { ...FAST_RETRIES, ordering: 'per-key' } as const;

interface Event {
  readonly key: string;
  readonly seq: number;
}

/** 10 events per key, the keys interleaved: A0 B0 C0 A1 B1 C1 ... */
const EVENTS: Event[] = Array.from({ length: 30 }, (_, index) => ({
  key: KEYS[index % KEYS.length] as string,
  seq: Math.floor(index / KEYS.length),
}));

const label = ({ key, seq }: Event): string => `${key}${seq}`;

/** An event goes out keyed by its key, with its label as data. */
const EVENT_RECORD: Pick<ProducerSettings<Event>, 'partitionKey' | 'serialize'> = {
  partitionKey: (event) => event.key,
  serialize: (event) => Buffer.from(label(event)),
};

/** A producer of events on the mocked client: `EVENT_RECORD`, and `settings` on top. */
const eventProducer = (settings: ProducerSettings<Event>): Producer<Event> =>
  createTestProducer<Event>({ ...EVENT_RECORD, ...settings });

/**
 * A 2-shard stream that fails the first attempt of every event whose seq is 1, 4 or 7 with a
 * throttling error and the second attempt of seq 4 with an internal failure, so several records
 * of each key need retries.
 */
function failingStream(): FakeStream {
  const stream = fakeStream(kinesisMock, evenShards(2));
  stream.outcome = byAttempt((data, attempt) => {
    const seq = Number(data.slice(1));
    if (attempt === 1 && [1, 4, 7].includes(seq)) {
      return { ok: false, errorCode: PutRecordsErrorCode.ProvisionedThroughputExceeded };
    }
    if (attempt === 2 && seq === 4)
      return { ok: false, errorCode: PutRecordsErrorCode.InternalFailure };
    return { ok: true };
  });
  return stream;
}

/** The order Kinesis accepted each key's records in. */
function acceptedOrder(stream: FakeStream, key: string): string[] {
  return stream.accepted.filter((entry) => entry.partitionKey === key).map((entry) => entry.data);
}

const putOrder = (key: string): string[] => EVENTS.filter((event) => event.key === key).map(label);

beforeEach(() => {
  kinesisMock.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("ordering: 'per-key'", () => {
  it('keeps the order Kinesis receives each key in, however the retries fall', async () => {
    // Prepare
    const stream = failingStream();
    const producer = eventProducer(PER_KEY_WITH_RETRIES);

    // Act
    const outcomes = producer.putMany(EVENTS);
    await producer.flush();

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    for (const key of KEYS) expect(acceptedOrder(stream, key)).toEqual(putOrder(key));
  });

  it('never sends a record while an earlier one of its key is unacknowledged', async () => {
    // Prepare
    const stream = failingStream();
    const injected = stream.outcome;
    const sentEarly: string[] = [];
    stream.outcome = (entry, index) => {
      const [key, seq] = [entry.PartitionKey ?? '', Number(textOf(entry).slice(1))];
      const accepted = new Set(stream.accepted.map((record) => record.data));
      for (let earlier = 0; earlier < seq; earlier += 1) {
        if (!accepted.has(`${key}${earlier}`))
          sentEarly.push(`${key}${seq} before ${key}${earlier}`);
      }
      return injected(entry, index);
    };
    const producer = eventProducer(PER_KEY_WITH_RETRIES);

    // Act
    const outcomes = producer.putMany(EVENTS);
    await producer.flush();
    await outcomes;

    // Assess
    expect(sentEarly).toEqual([]);
    expect(stream.accepted).toHaveLength(EVENTS.length);
  });

  it('sends the records of different keys side by side', async () => {
    // Prepare
    fakeStream(kinesisMock, evenShards(2));
    const producer = eventProducer({
      ordering: 'per-key',
    });

    // Act
    const outcomes = producer.putMany(EVENTS);
    await producer.flush();
    await outcomes;

    // Assess
    const requests = sentTextsByRequest(kinesisMock);
    expect(requests).toHaveLength(10);
    expect(requests[0]).toEqual(['A0', 'B0', 'C0']);
  });

  it("sends a key's next record once the one before it expired: a gap, never a swap", async () => {
    // Prepare
    vi.useFakeTimers();
    const stream = fakeStream(kinesisMock, evenShards(2));
    stream.outcome = (entry) =>
      textOf(entry) === 'A1'
        ? { ok: false, errorCode: PutRecordsErrorCode.ProvisionedThroughputExceeded }
        : { ok: true };
    const producer = eventProducer({
      ...FAST_RETRIES,
      recordTtlMs: 150,
      ordering: 'per-key',
    });
    const [a0, a1, a2, a3] = EVENTS.filter((event) => event.key === 'A') as [
      Event,
      Event,
      Event,
      Event,
    ];

    // Act: A2 and A3 come 100 ms after A1, so they outlive it while they wait for their turn.
    const first = [producer.put(a0), producer.put(a1)];
    await vi.advanceTimersByTimeAsync(100);
    const later = [producer.put(a2), producer.put(a3)];
    const settled = Promise.allSettled([...first, ...later]);
    await vi.advanceTimersByTimeAsync(1_000);
    const outcomes = await settled;

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: expect.objectContaining({
        code: 'RECORD_EXPIRED',
        lastErrorCode: PutRecordsErrorCode.ProvisionedThroughputExceeded,
      }),
    });
    expect(acceptedOrder(stream, 'A')).toEqual(['A0', 'A2', 'A3']);
  });
});

describe("ordering: 'best-effort' (the default)", () => {
  it('lets a retry put a record of a key behind a later one, as the KPL does', async () => {
    // Prepare
    const stream = failingStream();
    const producer = eventProducer({
      ...FAST_RETRIES,
    });

    // Act
    const outcomes = producer.putMany(EVENTS);
    await producer.flush();

    // Assess
    expect((await outcomes).every((outcome) => outcome.ok)).toBe(true);
    expect(acceptedOrder(stream, 'A')).not.toEqual(putOrder('A'));
    expect([...acceptedOrder(stream, 'A')].sort()).toEqual([...putOrder('A')].sort());
    expect(kinesisMock.commandCalls(PutRecordsCommand).length).toBeLessThan(6);
  });
});
