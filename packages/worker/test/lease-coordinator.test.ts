import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLeaseCoordinator,
  InvalidOptionError,
  type Lease,
  type LeaseCoordinatorOptions,
  LeaseLostError,
  LeaseLostReason,
} from '../src/index.js';
import { lease, leasesOf } from './helpers/leases.js';
import { createMemoryLeaseTable } from './helpers/memory-lease-table.js';

const FAILOVER = 3_000;
/** The KCL's renewal interval for this failover time: a third less 25 ms. */
const RENEW = FAILOVER / 3 - 25;
const ME = 'kds-1';

function setup(leases: Lease[], options: Partial<LeaseCoordinatorOptions> = {}) {
  const memory = createMemoryLeaseTable(leases);
  const taken: string[] = [];
  const lost: Array<[string, string]> = [];
  const errors: unknown[] = [];
  const coordinator = createLeaseCoordinator({
    leaseTable: memory.table,
    workerId: ME,
    failoverTimeMs: FAILOVER,
    now: () => Date.now(),
    random: () => 0,
    onLeaseTaken: (l) => taken.push(l.leaseKey),
    onLeaseLost: (key, reason) => lost.push([key, reason]),
    onError: (error) => errors.push(error),
    ...options,
  } as LeaseCoordinatorOptions);
  return { memory, coordinator, taken, lost, errors };
}

const renewalsOf = (calls: ReadonlyArray<{ operation: string; leaseKey: string }>, key: string) =>
  calls.filter((call) => call.operation === 'renewLease' && call.leaseKey === key).length;

beforeEach(() => {
  vi.useFakeTimers();
  return () => vi.useRealTimers();
});

describe('createLeaseCoordinator', () => {
  it('takes the unowned leases at start and reports them held', async () => {
    // Prepare
    const { coordinator, taken, memory } = setup(leasesOf(undefined, 3, 'shard'));

    // Act
    await coordinator.start();

    // Assess
    expect(taken.sort()).toEqual(['shard-0', 'shard-1', 'shard-2']);
    expect(
      coordinator
        .heldLeases()
        .map((l) => l.leaseKey)
        .sort(),
    ).toEqual(taken);
    expect(coordinator.isHeld('shard-0')).toBe(true);
    expect([...memory.items.values()].every((l) => l.leaseOwner === ME)).toBe(true);
    expect(coordinator.stats()).toMatchObject({ taken: 3, stolen: 0, lost: 0 });
    await coordinator.stop();
  });

  it('renews every held lease once per renewal interval', async () => {
    const { coordinator, memory } = setup([lease('shard-0', undefined)]);
    await coordinator.start();

    await vi.advanceTimersByTimeAsync(RENEW - 1);
    const beforeFirst = renewalsOf(memory.calls, 'shard-0');
    await vi.advanceTimersByTimeAsync(1);
    const afterFirst = renewalsOf(memory.calls, 'shard-0');
    await vi.advanceTimersByTimeAsync(4 * RENEW);

    expect(beforeFirst).toBe(0);
    expect(afterFirst).toBe(1);
    expect(renewalsOf(memory.calls, 'shard-0')).toBe(5);
    expect(memory.items.get('shard-0')?.leaseCounter).toBe(1 + 1 + 5);
    expect(coordinator.stats().renewals).toBe(5);
    await coordinator.stop();
  });

  it('loses a lease whose renewal finds another owner, and says so', async () => {
    const { coordinator, memory, lost } = setup([lease('shard-0', undefined)]);
    await coordinator.start();

    memory.takeAs('shard-0', 'kds-2');
    await vi.advanceTimersByTimeAsync(RENEW);

    expect(lost).toEqual([['shard-0', LeaseLostReason.ConditionFailed]]);
    expect(coordinator.isHeld('shard-0')).toBe(false);
    expect(coordinator.heldLeases()).toEqual([]);
    expect(coordinator.stats().lost).toBe(1);
    await coordinator.stop();
  });

  it('stops holding a lease it could not renew for the failover time, before anyone may take it', async () => {
    const { coordinator, memory, lost, errors } = setup([lease('shard-0', undefined)]);
    await coordinator.start();
    memory.failures.add('renewLease');

    await vi.advanceTimersByTimeAsync(FAILOVER - 1);
    const heldJustBefore = coordinator.isHeld('shard-0');
    await vi.advanceTimersByTimeAsync(1);
    const heldAtFailover = coordinator.isHeld('shard-0');
    await vi.advanceTimersByTimeAsync(RENEW);

    expect(heldJustBefore).toBe(true);
    expect(heldAtFailover).toBe(false);
    expect(lost).toEqual([['shard-0', LeaseLostReason.Expired]]);
    expect(errors.length).toBeGreaterThan(0);
    await coordinator.stop();
  });

  it('runs a checkpoint after the renewal under way, with the counter that renewal wrote', async () => {
    const { coordinator, memory } = setup([lease('shard-0', undefined)]);
    await coordinator.start();
    const openRenewal = memory.gate('renewLease');
    await vi.advanceTimersByTimeAsync(RENEW); // the renewal starts and waits at the gate

    const checkpoint = coordinator.checkpoint('shard-0', {
      sequenceNumber: '100',
      subSequenceNumber: 2,
    });
    await vi.advanceTimersByTimeAsync(0);
    const writesWhileRenewing = memory.calls.filter(
      (c) => c.operation === 'updateCheckpoint',
    ).length;
    openRenewal();
    await checkpoint;

    const renewal = memory.calls.find((c) => c.operation === 'renewLease');
    const write = memory.calls.find((c) => c.operation === 'updateCheckpoint');
    expect(writesWhileRenewing).toBe(0);
    expect(write?.expectedCounter).toBe((renewal?.expectedCounter ?? 0) + 1);
    expect(memory.items.get('shard-0')?.checkpoint).toEqual({
      sequenceNumber: '100',
      subSequenceNumber: 2,
    });
    expect(coordinator.isHeld('shard-0')).toBe(true);
    await coordinator.stop();
  });

  it('throws LeaseLostError from a checkpoint on a lease another worker took, and reports it lost', async () => {
    const { coordinator, memory, lost } = setup([lease('shard-0', undefined)]);
    await coordinator.start();
    memory.takeAs('shard-0', 'kds-2');

    const error = await coordinator
      .checkpoint('shard-0', { sequenceNumber: '100', subSequenceNumber: 0 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).leaseKey).toBe('shard-0');
    expect(lost).toEqual([['shard-0', LeaseLostReason.ConditionFailed]]);
    expect(memory.items.get('shard-0')?.checkpoint.sequenceNumber).toBe('TRIM_HORIZON');
    await coordinator.stop();
  });

  it('throws LeaseLostError from a checkpoint on a lease it never held', async () => {
    const { coordinator } = setup([lease('shard-0', 'kds-2')]);
    await coordinator.start();

    await expect(
      coordinator.checkpoint('shard-0', { sequenceNumber: '1', subSequenceNumber: 0 }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await coordinator.stop();
  });

  it('releases leases so another worker can take them at once', async () => {
    const { coordinator, memory, lost } = setup(leasesOf(undefined, 2, 'shard'));
    await coordinator.start();

    await coordinator.releaseAll();

    expect(coordinator.heldLeases()).toEqual([]);
    expect([...memory.items.values()].map((l) => l.leaseOwner)).toEqual([undefined, undefined]);
    expect(lost).toEqual([]);
    expect(coordinator.stats().released).toBe(2);
    await coordinator.stop();
  });

  it('keeps the leases this worker owned before a restart', async () => {
    const { coordinator, taken, memory } = setup([
      lease('shard-0', ME, 40),
      lease('shard-1', 'kds-2', 3),
    ]);

    await coordinator.start();

    expect(taken).toEqual(['shard-0']);
    expect(memory.items.get('shard-0')?.leaseCounter).toBe(41);
    expect(memory.items.get('shard-1')?.leaseOwner).toBe('kds-2');
    await coordinator.stop();
  });

  it('takes the leases of a worker that stopped renewing once the failover time passed', async () => {
    const { coordinator, memory, taken } = setup([lease('shard-0', 'kds-2', 5)]);
    await coordinator.start();
    const takenAtStart = [...taken];

    // The taker runs every (failover + 25 ms) * 2; the lease's counter never moves.
    await vi.advanceTimersByTimeAsync((FAILOVER + 25) * 2 * 2);

    expect(takenAtStart).toEqual([]);
    expect(taken).toEqual(['shard-0']);
    expect(memory.items.get('shard-0')).toMatchObject({
      leaseOwner: ME,
      ownerSwitchesSinceCheckpoint: 1,
    });
    await coordinator.stop();
  });

  it('stops renewing after stop()', async () => {
    const { coordinator, memory } = setup([lease('shard-0', undefined)]);
    await coordinator.start();

    await coordinator.stop();
    await vi.advanceTimersByTimeAsync(FAILOVER * 2);

    expect(renewalsOf(memory.calls, 'shard-0')).toBe(0);
    expect(coordinator.isHeld('shard-0')).toBe(false);
  });

  it.each([
    ['workerId', { workerId: '' }],
    ['failoverTimeMs', { failoverTimeMs: 0 }],
    ['renewIntervalMs', { renewIntervalMs: FAILOVER }],
    ['takeIntervalMs', { takeIntervalMs: -1 }],
    ['maxLeasesForWorker', { maxLeasesForWorker: 0 }],
  ])('refuses an invalid %s', (option, values) => {
    const act = () => setup([], values as Partial<LeaseCoordinatorOptions>);

    expect(act).toThrow(InvalidOptionError);
    expect(act).toThrow(option);
  });
});

describe('createLeaseCoordinator failures', () => {
  it('rejects start() when the first scan fails, with the lease table error', async () => {
    const { coordinator, memory } = setup([lease('shard-0', undefined)]);
    memory.failures.add('listLeases');

    await expect(coordinator.start()).rejects.toMatchObject({
      code: 'LEASE_TABLE',
      operation: 'listLeases',
    });
  });

  it('reports failed scans to onError and keeps renewing', async () => {
    const { coordinator, memory, errors } = setup([lease('shard-0', undefined)]);
    await coordinator.start();
    memory.failures.add('listLeases');

    await vi.advanceTimersByTimeAsync((FAILOVER + 25) * 2);

    expect(errors).toEqual([expect.objectContaining({ operation: 'listLeases' })]);
    expect(coordinator.isHeld('shard-0')).toBe(true);
    await coordinator.stop();
  });

  it.each([
    ['checkpoint.sequenceNumber', { sequenceNumber: '12x', subSequenceNumber: 0 }],
    ['checkpoint.subSequenceNumber', { sequenceNumber: '12', subSequenceNumber: -1 }],
  ])('refuses a checkpoint with an invalid %s before writing', async (option, position) => {
    const { coordinator, memory } = setup([lease('shard-0', undefined)]);
    await coordinator.start();

    await expect(coordinator.checkpoint('shard-0', position)).rejects.toThrow(option);
    expect(memory.calls.filter((c) => c.operation === 'updateCheckpoint')).toEqual([]);
    await coordinator.stop();
  });
});
