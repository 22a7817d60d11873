import { describe, expect, it } from 'vitest';
import {
  computeLeasesToTake,
  InvalidOptionError,
  type Lease,
  type LeaseObservations,
  type LeaseTakeDecision,
  type LeaseTakeInput,
  observeLeases,
} from '../src/index.js';
import { lease, leasesOf } from './helpers/leases.js';

const FAILOVER = 10_000;
const ME = 'me';

/** Observations of leases first seen at `seenAt` (owned) and never renewed (unowned), as after one scan. */
function firstScan(leases: Lease[], seenAt = 0): LeaseObservations {
  return observeLeases(new Map(), leases, seenAt);
}

/** Observations where every lease's counter has not changed since `seenAt`, owned or not. */
function seenSince(leases: Lease[], seenAt: number): LeaseObservations {
  return new Map(leases.map((l) => [l.leaseKey, { counter: l.leaseCounter, firstSeenAt: seenAt }]));
}

/**
 * What `ME` decides over `leases` with the tests' failover time; unless `input` says otherwise, a
 * moment after every lease's counter was seen unchanged since 0 (so none has expired).
 */
function decide(leases: Lease[], input: Partial<LeaseTakeInput> = {}): LeaseTakeDecision {
  return computeLeasesToTake({
    leases,
    workerId: ME,
    observations: seenSince(leases, 0),
    now: 1,
    failoverTimeMs: FAILOVER,
    ...input,
  });
}

const keys = (leases: readonly Lease[]): string[] => leases.map((l) => l.leaseKey).sort();

describe('observeLeases', () => {
  it('dates an owned lease seen for the first time now, an unowned one as never renewed', () => {
    const observations = observeLeases(
      new Map(),
      [lease('a', 'w1', 5), lease('b', undefined, 2)],
      100,
    );

    expect(observations.get('a')).toEqual({ counter: 5, firstSeenAt: 100 });
    expect(observations.get('b')).toEqual({ counter: 2, firstSeenAt: Number.NEGATIVE_INFINITY });
  });

  it('keeps the time of an unchanged counter, dates a changed one now, forgets deleted leases', () => {
    const before = observeLeases(
      new Map(),
      [lease('a', 'w1', 5), lease('b', 'w1', 7), lease('c', 'w1', 1)],
      100,
    );

    const after = observeLeases(before, [lease('a', 'w1', 5), lease('b', 'w1', 8)], 900);

    expect(after.get('a')).toEqual({ counter: 5, firstSeenAt: 100 });
    expect(after.get('b')).toEqual({ counter: 8, firstSeenAt: 900 });
    expect(after.has('c')).toBe(false);
  });
});

describe('computeLeasesToTake', () => {
  describe.each([
    // name, leases, expected taken count, expected target
    ['an empty table', [], 0, 0],
    ['one unowned lease (KCL testSimpleLeaseTake)', [lease('1', undefined)], 1, 1],
    [
      'three unowned and one of bar: all very old unowned ones (KCL testVeryOldLeaseTaker)',
      [...leasesOf(undefined, 3), lease('4', 'bar')],
      3,
      2,
    ],
    [
      'one unowned and three of bar: the unowned one, no steal (KCL testNoStealWhenExpiredLeases)',
      [lease('1', undefined), ...leasesOf('bar', 3)],
      1,
      2,
    ],
  ])('on the first scan with %s', (_name, leases, taken, target) => {
    it(`takes ${taken} lease(s) with target ${target}`, () => {
      const decision = decide(leases, { observations: firstScan(leases), now: 0 });

      expect(decision.take).toHaveLength(taken);
      expect(decision.steal).toHaveLength(0);
      expect(decision.target).toBe(target);
    });
  });

  it('takes only up to the target without priority assignment (KCL testNonGreedyTake)', () => {
    const leases = [...leasesOf(undefined, 3), lease('4', 'bar')];

    const decision = decide(leases, {
      observations: firstScan(leases),
      now: 0,
      priorityLeaseAssignment: false,
    });

    expect(decision.take).toHaveLength(2);
    expect(decision.take.every((l) => l.leaseOwner === undefined)).toBe(true);
  });

  it('does not take a lease first seen owned, however long ago the worker started (KCL testNotTakeNewOwnedLease)', () => {
    const leases = [lease('1', 'bar')];

    const decision = decide(leases, {
      observations: firstScan(leases, 1_000_000),
      now: 1_000_000,
    });

    expect(decision.take).toHaveLength(0);
  });

  describe.each([
    ['exactly the failover time', FAILOVER, 0],
    ['just past the failover time', FAILOVER + 1, 1],
  ])('a lease of bar whose counter has not changed for %s', (_name, elapsed, taken) => {
    it(`is taken ${taken} time(s)`, () => {
      const leases = [lease('1', 'bar')];

      const decision = decide(leases, { now: elapsed });

      expect(decision.take).toHaveLength(taken);
    });
  });

  it('takes expired leases only up to the target, and counts their owner out', () => {
    // bar stopped renewing 4 leases; baz holds 4 live ones: workers are baz and me, target 4.
    const expired = leasesOf('bar', 4);
    const live = leasesOf('baz', 4);
    const observations = new Map([...seenSince(expired, 0), ...seenSince(live, FAILOVER + 5)]);

    const decision = decide([...expired, ...live], {
      observations,
      now: FAILOVER + 10,
      priorityLeaseAssignment: false,
    });

    expect(decision.workerCount).toBe(2);
    expect(decision.target).toBe(4);
    expect(keys(decision.take)).toEqual(keys(expired));
  });

  it('takes very old leases first, ignoring the target but not maxLeasesForWorker', () => {
    const old = leasesOf('gone', 6);
    const live = leasesOf('baz', 2);
    const observations = new Map([...seenSince(old, 0), ...seenSince(live, 3 * FAILOVER)]);

    const decision = decide([...old, ...live], {
      observations,
      now: 3 * FAILOVER + 1,
      maxLeasesForWorker: 5,
    });

    expect(decision.take).toHaveLength(5);
    expect(decision.take.every((l) => l.leaseOwner === 'gone')).toBe(true);
  });

  describe.each([
    // name, my leases, others (owner -> count), maxLeasesToStealAtOneTime, stolen
    ['bar 1, baz 5: steal 1 from baz (KCL testSteal)', 0, { bar: 1, baz: 5 }, 1, 1],
    [
      'bar 2, baz 2, mine 1: short by one, no steal (KCL testNoStealWhenOffByOne)',
      1,
      { bar: 2, baz: 2 },
      1,
      0,
    ],
    ['bar 8, mine 0: steal 1 per run by default', 0, { bar: 8 }, 1, 1],
    ['bar 8, mine 0, up to 3 at once: steal 3', 0, { bar: 8 }, 3, 3],
    ['bar 8, mine 2, up to 10 at once: steal what I need', 2, { bar: 8 }, 10, 3],
    ['bar 4, mine 4: balanced, no steal', 4, { bar: 4 }, 1, 0],
    ['bar 5, mine 3: bar is over the target of 4, steal 1', 3, { bar: 5 }, 1, 1],
    [
      'bar 2, baz 2, mine 0: they are at the target of 2 but I need 2, steal 1',
      0,
      { bar: 2, baz: 2 },
      1,
      1,
    ],
  ])('with no lease available and %s', (_name, mine, others, maxSteal, stolen) => {
    it(`steals ${stolen}`, () => {
      const leases = [
        ...leasesOf(ME, mine),
        ...Object.entries(others).flatMap(([owner, count]) => leasesOf(owner, count)),
      ];

      const decision = decide(leases, { maxLeasesToStealAtOneTime: maxSteal });

      expect(decision.take).toHaveLength(0);
      expect(decision.steal).toHaveLength(stolen);
      const victims = new Set(decision.steal.map((l) => l.leaseOwner));
      if (stolen > 0) {
        const mostLoaded = Math.max(...Object.values(others));
        expect(
          [...victims].every((owner) => others[owner as keyof typeof others] === mostLoaded),
        ).toBe(true);
      }
    });
  });

  it('does not steal while a lease is available', () => {
    const leases = [lease('free', undefined, 3), ...leasesOf('bar', 7)];

    const decision = decide(leases);

    expect(keys(decision.take)).toEqual(['free']);
    expect(decision.steal).toHaveLength(0);
  });

  it('caps the target at maxLeasesForWorker', () => {
    const leases = leasesOf(undefined, 10);

    const decision = decide(leases, { maxLeasesForWorker: 3 });

    expect(decision.target).toBe(3);
    expect(decision.take).toHaveLength(3);
  });

  it('aims at one lease each when workers are at least as many as leases', () => {
    const leases = [lease('a', 'w1'), lease('b', 'w2'), lease('c', undefined, 4)];

    const decision = decide(leases);

    expect(decision.workerCount).toBe(3);
    expect(decision.target).toBe(1);
    expect(keys(decision.take)).toEqual(['c']);
  });

  it.each([
    ['maxLeasesForWorker', { maxLeasesForWorker: 0 }],
    ['maxLeasesToStealAtOneTime', { maxLeasesToStealAtOneTime: 1.5 }],
  ])('refuses an invalid %s', (option, values) => {
    const act = () => decide([], values);

    expect(act).toThrow(InvalidOptionError);
    expect(act).toThrow(option);
  });
});
