import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createLeaseCoordinator,
  createLeaseTable,
  type LeaseCoordinator,
  type LeaseCoordinatorOptions,
  LeaseLostError,
  type LeaseTable,
  newLease,
  Sentinel,
} from '../src/index.js';
import { connectDynamoDb, leaseItem, waitFor } from './helpers/dynamodb.js';
import { kclItem } from './helpers/fixtures.js';

/** Short so the test runs quickly; every wait below is on a condition, with a guard of minutes. */
const FAILOVER = 1_000;
const TEST_TIMEOUT = 300_000;

let dynamo: ReturnType<typeof connectDynamoDb>;
let tableCount = 0;
const running: LeaseCoordinator[] = [];

beforeAll(async () => {
  dynamo = connectDynamoDb();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await dynamo.stop();
});

async function newTable(leaseCount: number): Promise<LeaseTable> {
  tableCount += 1;
  const table = createLeaseTable({
    tableName: `${dynamo.tablePrefix}-${tableCount}`,
    client: dynamo.client(),
  });
  await table.createLeaseTableIfNotExists();
  for (let i = 0; i < leaseCount; i += 1) {
    await table.createLeaseIfNotExists(
      newLease({
        leaseKey: `shardId-${String(i).padStart(12, '0')}`,
        checkpoint: { sequenceNumber: Sentinel.TrimHorizon, subSequenceNumber: 0 },
      }),
    );
  }
  return table;
}

function worker(
  table: LeaseTable,
  workerId: string,
  options: Partial<LeaseCoordinatorOptions> = {},
) {
  const coordinator = createLeaseCoordinator({
    tableName: table.tableName,
    client: dynamo.client(),
    workerId,
    failoverTimeMs: FAILOVER,
    ...options,
  } as LeaseCoordinatorOptions);
  running.push(coordinator);
  return coordinator;
}

async function ownersIn(table: LeaseTable): Promise<Record<string, number>> {
  const owners: Record<string, number> = {};
  for (const lease of await table.listLeases()) {
    const owner = lease.leaseOwner ?? '(none)';
    owners[owner] = (owners[owner] ?? 0) + 1;
  }
  return owners;
}

describe('two lease coordinators on one dynalite table', { timeout: TEST_TIMEOUT }, () => {
  it('balance 8 leases 4/4, then the survivor takes all once the other stops renewing', async () => {
    // Prepare
    const table = await newTable(8);
    const a = worker(table, 'worker-a');
    const b = worker(table, 'worker-b');

    // Act
    await Promise.all([a.start(), b.start()]);
    await waitFor('4 leases held by each worker', async () => {
      const owners = await ownersIn(table);
      return (
        owners['worker-a'] === 4 &&
        owners['worker-b'] === 4 &&
        a.heldLeases().length === 4 &&
        b.heldLeases().length === 4
      );
    });

    // Assess
    const heldByA = a.heldLeases().map((l) => l.leaseKey);
    const heldByB = b.heldLeases().map((l) => l.leaseKey);
    expect(heldByA.filter((key) => heldByB.includes(key))).toEqual([]);

    // Act: a crashes (stops without releasing)
    await a.stop();
    await waitFor('worker-b to hold all 8 leases', async () => {
      const owners = await ownersIn(table);
      return owners['worker-b'] === 8 && b.heldLeases().length === 8;
    });

    // Assess
    expect(heldByA.some((key) => a.isHeld(key))).toBe(false);
    expect(b.stats().taken).toBeGreaterThanOrEqual(8);
  });

  it('hands released leases to another worker without waiting for the failover time', async () => {
    const table = await newTable(4);
    const leaving = worker(table, 'leaving');
    await leaving.start();
    await waitFor('the first worker to hold all 4', () => leaving.heldLeases().length === 4);
    // A failover time far beyond the wait's guard: only a release can hand the leases over in time.
    const staying = worker(table, 'staying', {
      failoverTimeMs: 3_600_000,
      renewIntervalMs: 1_000,
      takeIntervalMs: 100,
    });
    await staying.start();

    await leaving.stop();
    await leaving.releaseAll();
    await waitFor('the second worker to hold all 4', () => staying.heldLeases().length === 4);

    // staying may steal up to its target of 2 before the release; the rest came released.
    expect(await ownersIn(table)).toEqual({ staying: 4 });
    expect(leaving.stats().released).toBeGreaterThanOrEqual(2);
  });

  it('refuses the checkpoint of a worker whose lease was stolen', async () => {
    const table = await newTable(1);
    const victim = worker(table, 'victim');
    await victim.start();
    await waitFor('the lease to be held', () => victim.isHeld('shardId-000000000000'));
    const [current] = await table.listLeases();
    const stolen = await table.takeLease(current as NonNullable<typeof current>, 'thief');

    const error = await victim
      .checkpoint('shardId-000000000000', {
        sequenceNumber: '123456789012345678901234567890',
        subSequenceNumber: 0,
      })
      .catch((e: unknown) => e);

    expect(stolen.ok).toBe(true);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(victim.isHeld('shardId-000000000000')).toBe(false);
    expect((await table.getLease('shardId-000000000000'))?.checkpoint.sequenceNumber).toBe(
      'TRIM_HORIZON',
    );
  });
});

describe('a table written by the KCL', { timeout: TEST_TIMEOUT }, () => {
  it('is read, taken, checkpointed and written back in the KCL format, unknown attributes kept', async () => {
    // Prepare: items exactly as the KCL writes them, owned by KCL workers that have stopped.
    const table = await newTable(0);
    const raw = dynamo.client();
    const fixtures = [
      'heldWithAggregateCheckpoint',
      'unowned',
      'finishedParent',
      'kcl3Lease',
      'kcl3WorkerMetrics',
    ] as const;
    for (const name of fixtures) {
      await raw.send(new PutItemCommand({ TableName: table.tableName, Item: kclItem(name) }));
    }
    const kds = worker(table, 'kds-1');

    // Act
    await kds.start();
    await waitFor('kds to hold the 4 leases', () => kds.heldLeases().length === 4);
    const resumeFrom = kds
      .heldLeases()
      .find((l) => l.leaseKey === 'shardId-000000000002')?.checkpoint;
    await kds.checkpoint('shardId-000000000002', {
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      subSequenceNumber: 9,
    });
    await kds.stop();
    const item = await leaseItem(raw, table.tableName, 'shardId-000000000002');
    const metrics = await leaseItem(raw, table.tableName, 'kcl3-worker');
    const kcl3 = await leaseItem(raw, table.tableName, 'shardId-000000000004');

    // Assess
    expect(resumeFrom).toEqual({
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      subSequenceNumber: 7,
    });
    const original = kclItem('heldWithAggregateCheckpoint');
    const { leaseCounter, ...rest } = item ?? {};
    // Taken (+1), checkpointed (+1), and renewed in between as often as the timers ran.
    expect(Number(leaseCounter?.N)).toBeGreaterThanOrEqual(Number(original.leaseCounter?.N) + 2);
    expect(rest).toEqual({
      leaseKey: { S: 'shardId-000000000002' },
      leaseOwner: { S: 'kds-1' },
      ownerSwitchesSinceCheckpoint: { N: '0' },
      checkpoint: { S: '49590338271490256608559692538361571095921575989136588898' },
      checkpointSubSequenceNumber: { N: '9' },
      parentShardId: original.parentShardId,
      startingHashKey: original.startingHashKey,
      endingHashKey: original.endingHashKey,
      applicationTag: { S: 'kept-by-kds' },
    });
    expect(metrics).toEqual(kclItem('kcl3WorkerMetrics'));
    expect(kcl3).toMatchObject({
      leaseOwner: { S: 'kds-1' },
      throughputKBps: { N: '12.5' },
      entityType: { S: 'LEASE' },
      ownerSwitchesSinceCheckpoint: { N: '2' },
    });
    expect(kcl3?.checkpointOwner).toBeUndefined();
  });
});
