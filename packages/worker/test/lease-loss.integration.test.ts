import { createDecoder } from '@kds/consumer';
import { ReadingSchema } from '@kds/schema';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLeaseTable, createWorker, type Worker } from '../src/index.js';
import { eventually } from './helpers/processes.js';
import { emulatorClients, freshStream, sendReadings } from './helpers/stream.js';

const { kinesis, dynamodb } = emulatorClients({
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
});

describe('a worker whose lease is stolen mid-batch (kinesalite, dynalite)', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it('cannot checkpoint the batch in hand: the conditional write fails and the batch is not acknowledged', async () => {
    // Prepare: a sink that holds the first batch until the test lets it go.
    const { stream, application } = await freshStream(kinesis, 1);
    await sendReadings(kinesis, stream, 0, 50);
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let handed = 0;
    worker = createWorker({
      applicationName: application,
      streamName: stream,
      workerId: 'victim',
      initialPosition: 'TRIM_HORIZON',
      kinesisClient: kinesis,
      dynamoDbClient: dynamodb,
      stopSignals: [],
      processor: {
        decoder: createDecoder({ schema: ReadingSchema }),
        sink: async (items) => {
          handed += items.length;
          await held;
          return undefined;
        },
      },
    });
    await worker.start();
    await eventually(() => (handed > 0 ? true : undefined));

    // Act: another worker takes the lease as the KCL's taker does (conditional on its counter).
    const leaseTable = createLeaseTable({ tableName: application, client: dynamodb });
    const [lease] = await leaseTable.listLeases();
    const stolen = await leaseTable.takeLease(lease as NonNullable<typeof lease>, 'thief');
    letGo();
    await eventually(() => (worker?.metrics().leasesLost === 1 ? true : undefined));

    // Assess
    expect(stolen.ok).toBe(true);
    const [after] = await leaseTable.listLeases();
    expect(after).toMatchObject({
      leaseOwner: 'thief',
      checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
    });
    expect(worker.metrics()).toMatchObject({ checkpoints: 0, records: 0, leasesHeld: 0 });
    expect(worker.leases()).toEqual([]);
  });
});
