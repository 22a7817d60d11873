import { cpus, totalmem } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { localClientConfig } from '@kds/local';
import {
  DEFAULT_FAILOVER_TIME_MS,
  KCL_EPSILON_MS,
  TAKE_INTERVALS_PER_FAILOVER_TIME,
} from '@kds/worker';
import { prefillStream } from '../streams.js';
import { type BenchSuite, formatRate, median, table } from '../suite.js';
import { startEmulatorProcess } from '../worker/emulators.js';
import { type HandoverRun, measureHandover, SCAN_INTERVAL_MS } from '../worker/failover.js';
import { type DrainRun, drainBaseline, drainWorker } from '../worker/throughput.js';

/** A whole number from the environment, or the default. */
function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** Shards of the throughput stream. */
const SHARDS = setting('KDS_BENCH_WORKER_SHARDS', 4);
/** Readings put into each shard's share of the throughput stream. */
const READINGS_PER_SHARD = setting('KDS_BENCH_WORKER_READINGS_PER_SHARD', 50_000);
/** Timed drains of each side; the medians are reported. */
const ROUNDS = setting('KDS_BENCH_WORKER_ROUNDS', 3);
/** Handovers measured per configuration (0 skips the failover part). */
const FAILOVER_ROUNDS = setting('KDS_BENCH_WORKER_FAILOVER_ROUNDS', 3);
/** A short failover time, so the SIGKILL rounds finish quickly. */
const SHORT_FAILOVER_MS = 3_000;
/** Shards of the failover stream: two leases per worker. */
const FAILOVER_SHARDS = 4;
/** The target for the records/s of one worker against the bare loop. */
const TARGET_RATIO = 0.8;
/** The target for a graceful (SIGTERM) handover with the defaults. */
const TARGET_HANDOVER_MS = 2_000;

function drainRow(label: string, runs: readonly DrainRun[]): string[] {
  return [
    label,
    median(runs.map((run) => run.seconds)).toFixed(2),
    formatRate(median(runs.map((run) => run.rate))),
    median(runs.map((run) => run.cpuMsPer1000)).toFixed(1),
    median(runs.map((run) => run.emulatorCpuMsPer1000)).toFixed(1),
    runs.map((run) => formatRate(run.rate)).join(' '),
  ];
}

function handoverRow(label: string, expected: string, runs: readonly HandoverRun[]): string[] {
  const ms = (pick: (run: HandoverRun) => number): string =>
    `${median(runs.map(pick)).toFixed(0)} ms`;
  return [
    label,
    expected,
    String(runs.length),
    String(median(runs.map((run) => run.leasesMoved))),
    ms((run) => run.exitedMs),
    ms((run) => run.releasedMs),
    ms((run) => run.ownedMs),
    ms((run) => run.firstDeliveredMs),
    ms((run) => run.deliveredMs),
    runs.map((run) => run.ownedMs.toFixed(0)).join(' '),
  ];
}

/** One worker draining a stream beside a bare GetRecords loop; then failover and handover times. */
export const suite: BenchSuite = {
  name: 'worker',
  description: `@kds/worker: records/s of one worker draining ${SHARDS} shards × ${READINGS_PER_SHARD.toLocaleString('en-US')} readings beside a bare GetRecords loop (target >= ${TARGET_RATIO}x); failover after SIGKILL and handover after SIGTERM of one of two worker processes`,
  async run(report) {
    const [cpu] = cpus();
    report(
      `machine: ${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    );
    // The emulators run in a child process: this process's CPU time is then the reader's alone.
    const emulators = await startEmulatorProcess();
    report(
      `emulators: ${emulators.kinesisEmulator} and dynalite (startEmulators) in a child process`,
    );
    const kinesis = new KinesisClient(localClientConfig(emulators.kinesisEndpoint));
    const dynamoDb = new DynamoDBClient(localClientConfig(emulators.dynamodbEndpoint));
    const emulatorCpuMs = (): Promise<number> => emulators.cpuMs();
    const figures: Record<string, unknown> = {
      machine: { cpus: cpus().length, model: cpu?.model, node: process.version },
    };
    try {
      // 1. Throughput.
      const stream = await prefillStream(kinesis, SHARDS, SHARDS * READINGS_PER_SHARD);
      report(
        `prefill: ${stream.readings.toLocaleString('en-US')} readings into ${stream.shardIds.length} shards in ${stream.prefillSeconds.toFixed(1)} s`,
      );
      const worker: DrainRun[] = [];
      const baseline: DrainRun[] = [];
      // Untimed: one drain of each, so both run optimised code and the emulator is warm.
      await drainBaseline(kinesis, stream, emulatorCpuMs);
      await drainWorker(kinesis, dynamoDb, stream, emulatorCpuMs);
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternating order, so a drift of the machine's load touches both sides alike.
        if (round % 2 === 0) {
          baseline.push(await drainBaseline(kinesis, stream, emulatorCpuMs));
          worker.push(await drainWorker(kinesis, dynamoDb, stream, emulatorCpuMs));
        } else {
          worker.push(await drainWorker(kinesis, dynamoDb, stream, emulatorCpuMs));
          baseline.push(await drainBaseline(kinesis, stream, emulatorCpuMs));
        }
      }
      for (const run of [...worker, ...baseline]) {
        if (run.readings !== stream.readings) {
          throw new Error(`a drain delivered ${run.readings} of ${stream.readings} readings`);
        }
      }
      const ratios = worker.map((run, i) => run.rate / (baseline[i]?.rate ?? Number.NaN));
      const ratio = median(ratios);
      report('');
      report(
        table(
          [
            'drain (median of rounds)',
            's',
            'readings/s',
            'CPU ms/1k',
            'emulators CPU ms/1k',
            'each round',
          ],
          [
            drainRow('bare loop: GetRecords + toKinesisStreamEvent + decodeAll', baseline),
            drainRow('createWorker, counting sink (from start())', worker),
          ],
        ),
      );
      const steadyRate = median(
        worker.map((run) => run.readings / (run.steadySeconds ?? Number.NaN)),
      );
      report('');
      report(
        `worker / bare loop = ${ratio.toFixed(2)}x (median of per-round ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}; target >= ${TARGET_RATIO}x)`,
      );
      const cpuRatios = worker.map(
        (run, i) => run.cpuMsPer1000 / (baseline[i]?.cpuMsPer1000 ?? Number.NaN),
      );
      report(
        `reader CPU per reading, worker / bare loop = ${median(cpuRatios).toFixed(2)}x (per round ${cpuRatios.map((r) => r.toFixed(2)).join(' ')}); the emulators' CPU is apart: on this machine they, not the reader, bound both rates`,
      );
      report(
        `worker from its first batch to its last: ${formatRate(steadyRate)}; batches per drain ${median(worker.map((run) => run.batches ?? 0))}, GetRecords calls ${median(worker.map((run) => run.getRecordsCalls ?? 0))} of which empty ${median(worker.map((run) => run.emptyGetRecords ?? 0))} (an empty read is followed by idleTimeBetweenReadsMs, 1,000 ms by default); longest gap between two batches of a shard ${median(worker.map((run) => run.longestGapMs ?? 0)).toFixed(0)} ms (one GetRecords of 10,000 on the emulator while the other shards read too)`,
      );
      figures.throughput = {
        shards: stream.shardIds.length,
        readings: stream.readings,
        rounds: ROUNDS,
        workerRate: median(worker.map((run) => run.rate)),
        baselineRate: median(baseline.map((run) => run.rate)),
        ratio,
        cpuRatio: median(cpuRatios),
        workerCpuMsPer1000: median(worker.map((run) => run.cpuMsPer1000)),
        baselineCpuMsPer1000: median(baseline.map((run) => run.cpuMsPer1000)),
        workerEmulatorCpuMsPer1000: median(worker.map((run) => run.emulatorCpuMsPer1000)),
        baselineEmulatorCpuMsPer1000: median(baseline.map((run) => run.emulatorCpuMsPer1000)),
        workerSteadyRate: steadyRate,
        worker,
        baseline,
      };

      // 2. Failover and handover.
      if (FAILOVER_ROUNDS > 0) {
        const handover = (
          signal: 'SIGKILL' | 'SIGTERM',
          failoverTimeMs: number | undefined,
        ): Promise<HandoverRun> =>
          measureHandover({
            kinesis,
            dynamoDb,
            kinesisEndpoint: emulators.kinesisEndpoint,
            dynamodbEndpoint: emulators.dynamodbEndpoint,
            shards: FAILOVER_SHARDS,
            signal,
            failoverTimeMs,
          });
        const runs = async (
          count: number,
          signal: 'SIGKILL' | 'SIGTERM',
          failoverTimeMs: number | undefined,
        ): Promise<HandoverRun[]> => {
          const done: HandoverRun[] = [];
          for (let i = 0; i < count; i += 1) done.push(await handover(signal, failoverTimeMs));
          return done;
        };
        const killShort = await runs(FAILOVER_ROUNDS, 'SIGKILL', SHORT_FAILOVER_MS);
        const killDefault = await runs(1, 'SIGKILL', undefined);
        const term = await runs(FAILOVER_ROUNDS, 'SIGTERM', undefined);
        // The survivor counts the failover time from the scan that first saw the last renewal
        // (renewals every failover / 3 - epsilon; scans every failover / 5), and takes the lease
        // at its first scan after that: from the kill, failover - renewal .. failover + 2 scans.
        const expectKill = (failover: number): string => {
          const renew = failover / 3 - KCL_EPSILON_MS;
          const take = failover / TAKE_INTERVALS_PER_FAILOVER_TIME;
          return `${Math.round(failover - renew)}-${failover + 2 * take} ms`;
        };
        const defaultTake = DEFAULT_FAILOVER_TIME_MS / TAKE_INTERVALS_PER_FAILOVER_TIME;
        report('');
        report(
          table(
            [
              'handover (2 worker processes, 4 shards)',
              'expected',
              'runs',
              'leases',
              'exited',
              'released',
              'owned',
              'first record',
              'every shard',
              'owned, each run',
            ],
            [
              handoverRow(
                `SIGKILL, failoverTimeMs ${SHORT_FAILOVER_MS}`,
                expectKill(SHORT_FAILOVER_MS),
                killShort,
              ),
              handoverRow(
                `SIGKILL, failoverTimeMs ${DEFAULT_FAILOVER_TIME_MS} (default)`,
                expectKill(DEFAULT_FAILOVER_TIME_MS),
                killDefault,
              ),
              handoverRow('SIGTERM, defaults (graceful release)', `<= ${defaultTake} ms`, term),
            ],
          ),
        );
        const termOwned = median(term.map((run) => run.ownedMs));
        report('');
        report(
          `Times from the signal, medians; "exited": the stopped process ended; "released": no lease is its any more (released, or taken); "owned": the survivor owns every lease of the stopped worker (lease table scanned every ${SCAN_INTERVAL_MS} ms); "first record" / "every shard": the survivor's sink got a record of the first / of every one of those shards. Expected after SIGKILL: the survivor counts the failover time from the scan that first saw the last renewal and takes the lease at its next scan (take interval: a fifth of the failover time by default). After SIGTERM: the stopped worker releases its leases, and the survivor takes them at its next scan, up to one take interval later.`,
        );
        report(
          `SIGTERM handover ${termOwned.toFixed(0)} ms: ${termOwned < TARGET_HANDOVER_MS ? 'within' : 'OVER'} the ${TARGET_HANDOVER_MS} ms target`,
        );
        figures.failover = { killShort, killDefault, term };
      }
      report('');
      report(`JSON ${JSON.stringify(figures)}`);
    } finally {
      kinesis.destroy();
      dynamoDb.destroy();
      await emulators.stop();
    }
  },
};
