import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { readDeliveries, report } from './helpers/deliveries.js';
import { eventually, startWorkerProcess, type WorkerProcess } from './helpers/processes.js';
import { emulatorClients, freshStream, leaseOwners, sendReadings } from './helpers/stream.js';

const endpoints = {
  kinesisEndpoint: inject('kinesisEndpoint'),
  dynamodbEndpoint: inject('dynamodbEndpoint'),
};
const { kinesis, dynamodb } = emulatorClients(endpoints);

describe('workers in separate processes share a stream through the lease table (kinesalite, dynalite)', () => {
  let running: WorkerProcess[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'kds-workers-'));

  afterEach(async () => {
    for (const worker of running) worker.child.kill('SIGKILL');
    await Promise.all(running.map((worker) => worker.exited));
    running = [];
  });

  function startWorkers(
    count: number,
    names: { stream: string; application: string },
    settings: { failoverTimeMs?: number; takeIntervalMs?: number } = {},
  ): { workers: WorkerProcess[]; files: string[] } {
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
    return {
      workers,
      files: workers.map((_, index) =>
        join(folder, `${names.application}-worker-${index + 1}.jsonl`),
      ),
    };
  }

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

  it('balances 8 shards over 3 workers, 2 or 3 leases each, and delivers every reading once', async () => {
    // Prepare
    const names = await freshStream(kinesis, 8);
    const { workers, files } = startWorkers(3, names, { failoverTimeMs: 3_000 });
    await Promise.all(workers.map((worker) => worker.started));

    // Act
    const owners = await balanced(names.application, 3, 2, 3);
    const sent = await sendReadings(kinesis, names.stream, 0, 5_000);
    const outcome = await eventually(() => {
      const result = report(readDeliveries(files), sent);
      return result.lost.length === 0 ? result : undefined;
    });

    // Assess
    expect([...owners.values()].flat().sort()).toHaveLength(8);
    expect(outcome).toMatchObject({
      delivered: 5_000,
      lost: [],
      duplicates: [],
      outOfOrderKeys: [],
    });
  });
});
