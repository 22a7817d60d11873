import type { SinkItem } from '@kds/consumer';
import type { Reading } from '@kds/schema';
import { describe, expect, inject, it } from 'vitest';
import { createLeaseTable } from '../src/index.js';
import { emulatorWorker } from './helpers/emulator-worker.js';
import { eventually } from './helpers/processes.js';
import { emulatorClients, freshStream, sendReadings } from './helpers/stream.js';

const { kinesis, dynamodb } = emulatorClients({
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
});

describe('a worker whose lease is stolen mid-batch (kinesalite, dynalite)', () => {
  it('cannot checkpoint the batch in hand: the conditional write fails and the batch is not acknowledged', async () => {
    // Prepare: a sink that holds the first batch until the test lets it go.
    const names = await freshStream(kinesis, 1);
    await sendReadings(kinesis, names.stream, 0, 50);
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let handed = 0;
    const sink = async (items: readonly SinkItem<Reading>[]) => {
      handed += items.length;
      await held;
      return undefined;
    };
    const worker = emulatorWorker({ kinesis, dynamodb }, names, sink, { workerId: 'victim' });
    await worker.start();
    await eventually(() => (handed > 0 ? true : undefined));

    // Act: another worker takes the lease as the KCL's taker does (conditional on its counter).
    const leaseTable = createLeaseTable({ tableName: names.application, client: dynamodb });
    const [lease] = await leaseTable.listLeases();
    const stolen = await leaseTable.takeLease(lease as NonNullable<typeof lease>, 'thief');
    letGo();
    await eventually(() => (worker.metrics().leasesLost === 1 ? true : undefined));

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
