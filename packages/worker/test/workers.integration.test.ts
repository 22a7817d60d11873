import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reshard } from '@kds/local';
import { afterAll, afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { readDeliveries, report } from './helpers/deliveries.js';
import { eventually, startWorkerProcess, type WorkerProcess } from './helpers/processes.js';
import {
  emulatorClients,
  freshStream,
  leaseOwners,
  sendReadings,
  sendUntil,
} from './helpers/stream.js';

const endpoints = {
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
};
const { kinesis, dynamodb } = emulatorClients(endpoints);

describe('workers in separate processes share a stream through the lease table (kinesalite, dynalite)', () => {
  let running: WorkerProcess[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'kds-workers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  afterEach(async () => {
    for (const worker of running) worker.child.kill('SIGKILL');
    await Promise.all(running.map((worker) => worker.exited));
    running = [];
  });

  /** Starts `count` worker processes of a stream's application; resolves once each has started. */
  async function startWorkers(
    count: number,
    names: { stream: string; application: string },
    settings: { failoverTimeMs?: number; takeIntervalMs?: number } = {},
  ): Promise<{ workers: WorkerProcess[]; files: string[] }> {
    const workers = Array.from({ length: count }, (_, index) =>
      startWorkerProcess({
        ...endpoints,
        ...names,
        ...settings,
        workerId: `worker-${index + 1}`,
        output: join(folder, `${names.application}-worker-${index + 1}.jsonl`),
      }),
    );
    running.push(...workers);
    await Promise.all(workers.map((worker) => worker.started));
    return {
      workers,
      files: workers.map((_, index) =>
        join(folder, `${names.application}-worker-${index + 1}.jsonl`),
      ),
    };
  }

  /**
   * Readings flowing into the stream (see `sendUntil`) until `stop()`, which resolves with the ids
   * sent; they stop when the test finishes too.
   */
  function flowingReadings(stream: string): {
    stop: () => Promise<{ sent: number[]; attempted: number }>;
  } {
    const flow = new AbortController();
    onTestFinished(() => flow.abort());
    const sending = sendUntil(kinesis, stream, flow.signal);
    return {
      stop: () => {
        flow.abort();
        return sending;
      },
    };
  }

  /** Resolves with the report of the deliveries once every reading sent has been delivered. */
  const everyReadingDelivered = (files: readonly string[], sent: readonly number[]) =>
    eventually(() => {
      const result = report(readDeliveries(files), sent);
      return result.lost.length === 0 ? result : undefined;
    });

  /** Resolves with the lease counts once every lease is owned and each worker holds 2 or 3. */
  const balanced = (application: string, workers: number, min: number, max: number) =>
    eventually(async () => {
      const { owners, leases, unowned } = await leaseOwners(dynamodb, application).catch(() => ({
        owners: new Map<string, string[]>(),
        leases: 0,
        unowned: [],
      }));
      const counts = [...owners.values()].map((shards) => shards.length);
      const ok =
        leases > 0 &&
        unowned.length === 0 &&
        owners.size === workers &&
        counts.every((count) => count >= min && count <= max);
      return ok ? owners : undefined;
    });

  /**
   * Resolves once the leases are balanced and stay with the same owners for two failover times:
   * no lease is being stolen (a worker whose lease was stolen delivers until its next renewal
   * finds out, and what it delivered meanwhile comes again from the thief).
   */
  async function settled(
    application: string,
    workers: number,
    bounds: { min: number; max: number; failoverTimeMs: number },
  ): Promise<Map<string, string[]>> {
    for (;;) {
      const before = await balanced(application, workers, bounds.min, bounds.max);
      await new Promise((resolve) => setTimeout(resolve, 2 * bounds.failoverTimeMs));
      const { owners: after } = await leaseOwners(dynamodb, application);
      if (JSON.stringify([...after].sort()) === JSON.stringify([...before].sort())) return after;
    }
  }

  it('balances 8 shards over 3 workers, 2 or 3 leases each, and delivers every reading once', async () => {
    // Prepare
    const names = await freshStream(kinesis, 8);
    const startedAt = performance.now();
    const { files } = await startWorkers(3, names, { failoverTimeMs: 3_000 });
    const upAt = performance.now();

    // Act
    const owners = await balanced(names.application, 3, 2, 3);
    const balancedAt = performance.now();
    // Readings once no lease is moving any more: a stolen shard's last owner may deliver a batch
    // before it learns of the theft, and that batch comes again (the SIGKILL test counts those).
    await settled(names.application, 3, { min: 2, max: 3, failoverTimeMs: 3_000 });
    const sent = await sendReadings(kinesis, names.stream, 0, 5_000);
    const outcome = await everyReadingDelivered(files, sent);

    // Assess
    expect([...owners.values()].flat().sort()).toHaveLength(8);
    expect(outcome).toMatchObject({
      delivered: 5_000,
      lost: [],
      duplicates: [],
      outOfOrderKeys: [],
    });
    console.log(
      `balance: 8 leases held 2, 3 and 3 ${Math.round(balancedAt - upAt)} ms after every worker ` +
        `had started (${Math.round(balancedAt - startedAt)} ms after the 3 processes were spawned; ` +
        'failover time 3,000 ms)',
    );
  });

  it('loses no reading when a worker is killed with SIGKILL while readings flow; only its unacknowledged batches come twice', async () => {
    // Prepare
    const names = await freshStream(kinesis, 4);
    const { workers, files } = await startWorkers(3, names, { failoverTimeMs: 3_000 });
    const owners = await settled(names.application, 3, { min: 1, max: 2, failoverTimeMs: 3_000 });
    const [victimId, victimShards] = [...owners].sort((a, b) => b[1].length - a[1].length)[0] as [
      string,
      string[],
    ];
    const victim = workers.find((worker) => worker.workerId === victimId) as WorkerProcess;

    // Act: kill it while it is handing readings to its sink; they flow on until the survivors
    // hold its leases, and a while after.
    const readings = flowingReadings(names.stream);
    await eventually(() =>
      (readDeliveries(files)[workers.indexOf(victim)]?.length ?? 0) > 2_000 ? true : undefined,
    );
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim.exited;
    const takenOver = await eventually(async () => {
      const { owners: now } = await leaseOwners(dynamodb, names.application);
      return victimShards.every((shard) => ![...(now.get(victimId) ?? [])].includes(shard)) &&
        [...now.values()].flat().length === 4
        ? performance.now() - killedAt
        : undefined;
    });
    const { sent, attempted } = await readings.stop();
    const outcome = await everyReadingDelivered(files, sent);

    // Assess
    expect(sent).toHaveLength(attempted);
    expect(outcome.lost).toEqual([]);
    expect(outcome.outOfOrderKeys).toEqual([]);
    const victimIndex = workers.indexOf(victim);
    const byVictim = new Set(
      (readDeliveries(files)[victimIndex] ?? []).map((delivery) => delivery.id),
    );
    // Every reading handed over twice was first handed to the killed worker, on one of its shards,
    // and again to a survivor: its batches delivered but not yet checkpointed.
    for (const duplicate of outcome.duplicates) {
      expect(byVictim.has(duplicate.id)).toBe(true);
      expect(victimShards).toContain(duplicate.shard);
      expect(duplicate.worker).not.toBe(victimId);
    }
    console.log(
      `SIGKILL: ${outcome.duplicates.length} duplicate(s) of ${sent.length} readings; ` +
        `${victimShards.length} lease(s) taken over ${Math.round(takenOver)} ms after the kill ` +
        '(failover time 3,000 ms)',
    );
  });

  it('hands the leases of a worker stopped with SIGTERM to the others at once, with no duplicate', async () => {
    // Prepare
    const names = await freshStream(kinesis, 4);
    const { workers, files } = await startWorkers(2, names, { failoverTimeMs: 3_000 });
    await settled(names.application, 2, { min: 2, max: 2, failoverTimeMs: 3_000 });
    const [leaving, staying] = workers as [WorkerProcess, WorkerProcess];

    // Act
    const readings = flowingReadings(names.stream);
    await eventually(() => ((readDeliveries(files)[0]?.length ?? 0) > 1_000 ? true : undefined));
    leaving.child.kill('SIGTERM');
    const stoppedAt = performance.now();
    const exit = await leaving.exited;
    const { owners: afterExit } = await leaseOwners(dynamodb, names.application);
    const takenOver = await eventually(async () => {
      const { owners } = await leaseOwners(dynamodb, names.application);
      return owners.get(staying.workerId)?.length === 4 ? performance.now() - stoppedAt : undefined;
    });
    const { sent, attempted } = await readings.stop();
    const outcome = await everyReadingDelivered(files, sent);

    // Assess
    expect(sent).toHaveLength(attempted);
    expect(exit).toEqual({ code: 143, signal: null });
    // Released on the way out, not left to expire.
    expect(afterExit.has(leaving.workerId)).toBe(false);
    expect(outcome).toMatchObject({ lost: [], duplicates: [], outOfOrderKeys: [] });
    console.log(
      `SIGTERM: 4 leases held by the other worker ${Math.round(takenOver)} ms after the signal`,
    );
  });

  it('loses no reading and keeps each key in order through 4 -> 2 -> 4 shards while readings flow', async () => {
    // Prepare
    const names = await freshStream(kinesis, 4);
    const { files } = await startWorkers(2, names, { failoverTimeMs: 3_000 });

    // Act
    // Readings on every generation of shards, and each reshard while a producer is sending; one
    // producer at a time, so each Spot's readings are in the stream in id order.
    const sendWhileResharding = async (from: number, to: number, shardCount: number) => {
      const sending = sendReadings(kinesis, names.stream, from, to);
      await reshard(kinesis, names.stream, shardCount);
      return sending;
    };
    const sent = [
      ...(await sendReadings(kinesis, names.stream, 0, 2_000)),
      ...(await sendWhileResharding(2_000, 4_000, 2)),
      ...(await sendReadings(kinesis, names.stream, 4_000, 6_000)),
      ...(await sendWhileResharding(6_000, 8_000, 4)),
      ...(await sendReadings(kinesis, names.stream, 8_000, 12_000)),
    ];
    const outcome = await everyReadingDelivered(files, sent);

    // Assess
    expect(sent).toHaveLength(12_000);
    expect(outcome).toMatchObject({ lost: [], outOfOrderKeys: [] });
    const shards = new Set(
      readDeliveries(files)
        .flat()
        .map((delivery) => delivery.shard),
    );
    expect(shards.size).toBe(4 + 2 + 4);
    // The leases of the 6 finished shards go once their children have started, as the KCL's
    // cleanup does: what stays is one lease per open shard.
    const remaining = await eventually(async () => {
      const { leases } = await leaseOwners(dynamodb, names.application);
      return leases === 4 ? leases : undefined;
    });
    expect(remaining).toBe(4);
  });
});
