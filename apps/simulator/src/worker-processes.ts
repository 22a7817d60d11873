import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { compareSequenceNumbers } from '@kds/core';
import { localProcessEnv } from '@kds/local';
import { createLeaseTable, type ExtendedSequenceNumber, isSentinel, Sentinel } from '@kds/worker';
import { type ConsumeSummary, readLeases } from './consume.js';
import type { LeaseObservation, WorkerObservation } from './ui/observer.js';

/**
 * How a worker process starts the simulator's entry point with `consume`: from source through
 * `tsx`, or, when this module runs bundled into one JavaScript file (as the tests start the CLI),
 * that same file with plain `node`.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const MAIN_ARGS = FROM_SOURCE
  ? [
      '--import',
      'tsx',
      '--conditions=@kds/source',
      fileURLToPath(new URL('./main.ts', import.meta.url)),
    ]
  : [fileURLToPath(import.meta.url)];
/** The app's folder (`src/` or the bundle's folder is one below it): `tsx` resolves from there. */
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

/** How often the lease table is read while waiting for the workers' checkpoints. */
const CHECKPOINT_POLL_INTERVAL_MS = 250;

/** What the worker processes are started with. */
export interface WorkerProcessesOptions {
  readonly count: number;
  readonly applicationName: string;
  readonly streamName: string;
  readonly tableName: string;
  readonly minTemperature: number;
  /** The embedded emulators, handed to each process as `AWS_ENDPOINT_URL_*`. */
  readonly kinesisEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** A client of the same DynamoDB, to read the lease table. */
  readonly dynamodb: DynamoDBClient;
  /** Pass the workers' logs on to stderr. */
  readonly verbose: boolean;
  /**
   * Ctrl-C or SIGTERM of the run: the processes (in the same process group on a terminal) stop
   * by themselves then, which is no failure; waits end early.
   */
  readonly signal?: AbortSignal | undefined;
  /** Receives each process's worker figures every {@link WORKER_REPORT_INTERVAL_MS} (the live view). */
  readonly onReport?: ((worker: WorkerObservation) => void) | undefined;
}

/** How often a worker process reports its figures when its parent asks for them. */
export const WORKER_REPORT_INTERVAL_MS = 500;
/** Set in a worker process's environment, to the interval in ms, when its parent wants its figures. */
export const WORKER_REPORT_ENV = 'KDS_SIMULATOR_WORKER_REPORT_MS';

/**
 * In a worker process started with {@link WORKER_REPORT_ENV}: sends the workers' figures to the
 * parent over the IPC channel, and `close()` disconnects once the last report is out. `undefined`
 * when the parent asked for none (or there is no parent).
 *
 * @example
 * ```ts
 * import { reportToParent } from './worker-processes.js';
 *
 * const reporter = reportToParent(process.env);
 * reporter?.send([]);
 * await reporter?.close();
 * ```
 */
export function reportToParent(env: Record<string, string | undefined>):
  | {
      readonly intervalMs: number;
      send(workers: readonly WorkerObservation[]): void;
      close(): Promise<void>;
    }
  | undefined {
  const intervalMs = Number(env[WORKER_REPORT_ENV] ?? Number.NaN);
  if (!Number.isInteger(intervalMs) || intervalMs <= 0 || process.send === undefined) {
    return undefined;
  }
  let sent: Promise<void> = Promise.resolve();
  return {
    intervalMs,
    send(workers) {
      if (!process.connected) return;
      const message: ReportMessage = { type: REPORT_MESSAGE_TYPE, workers };
      sent = new Promise((resolve) => process.send?.(message, () => resolve()));
    },
    async close() {
      await sent;
      if (process.connected) process.disconnect?.();
    },
  };
}

/** What one worker process reported when it stopped. */
export interface WorkerProcessReport extends ConsumeSummary {
  /** The process's place among the workers, from 1. */
  readonly worker: number;
  readonly pid: number | undefined;
}

/** Worker processes running `consume` against the embedded emulators. */
export interface WorkerProcesses {
  /**
   * Resolves once every process has started its worker (so it stops gracefully on SIGTERM from
   * then on); rejects if one exits first.
   */
  started(): Promise<void>;
  /**
   * Resolves once the lease table's checkpoint of every shard named is at or past its sequence
   * number (or the shard ended); rejects if a worker process exits first or after `timeoutMs`.
   * Stops waiting, without error, when the signal aborts.
   */
  waitForCheckpoints(
    lastSequenceNumbers: Readonly<Record<string, string>>,
    options: { timeoutMs: number; signal?: AbortSignal | undefined },
  ): Promise<void>;
  /** SIGTERM to each process (they checkpoint and release their leases); their reports. */
  stop(): Promise<WorkerProcessReport[]>;
  /** The lease table now: which worker holds which shard, and each checkpoint. */
  leases(): Promise<LeaseObservation[]>;
}

/** What the consume command sends its parent, over an IPC channel, once its workers started. */
export const STARTED_MESSAGE = { type: 'kds-simulator-consume-started' } as const;

/** What the consume command sends its parent every interval when asked ({@link WORKER_REPORT_ENV}). */
export const REPORT_MESSAGE_TYPE = 'kds-simulator-consume-report';

/** A periodic report of a worker process. */
export interface ReportMessage {
  readonly type: typeof REPORT_MESSAGE_TYPE;
  readonly workers: readonly WorkerObservation[];
}

const messageOfType = (message: unknown, type: string): boolean =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

const isStartedMessage = (message: unknown): boolean =>
  messageOfType(message, STARTED_MESSAGE.type);

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Resolves when the process says its worker started. */
  readonly started: Promise<void>;
  output(): { stdout: string; stderr: string };
}

/** What `stream` (a child's piped output, if piped) printed so far, as text. */
function captured(stream: Readable | null): () => string {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

function startOne(options: WorkerProcessesOptions): Running {
  const child = spawn(
    process.execPath,
    [
      ...MAIN_ARGS,
      'consume',
      '--application',
      options.applicationName,
      '--stream',
      options.streamName,
      '--table',
      options.tableName,
      '--min-temperature',
      String(options.minTemperature),
      '--json',
      ...(options.verbose ? ['--verbose'] : []),
    ],
    {
      cwd: APP_DIR,
      // The IPC channel carries the `started` message of the consume command.
      stdio: ['ignore', 'pipe', options.verbose ? 'inherit' : 'pipe', 'ipc'],
      env: {
        ...localProcessEnv(options),
        ...(options.onReport === undefined
          ? {}
          : { [WORKER_REPORT_ENV]: String(WORKER_REPORT_INTERVAL_MS) }),
      },
    },
  );
  const stdout = captured(child.stdout);
  const stderr = captured(child.stderr);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  const started = new Promise<void>((resolve) => {
    child.on('message', (message: unknown) => {
      if (isStartedMessage(message)) resolve();
      else if (messageOfType(message, REPORT_MESSAGE_TYPE)) {
        for (const worker of (message as ReportMessage).workers) options.onReport?.(worker);
      }
    });
  });
  return { child, exited, started, output: () => ({ stdout: stdout(), stderr: stderr() }) };
}

const atOrPast = (checkpoint: ExtendedSequenceNumber, sequenceNumber: string): boolean =>
  checkpoint.sequenceNumber === Sentinel.ShardEnd ||
  (!isSentinel(checkpoint) &&
    compareSequenceNumbers(checkpoint.sequenceNumber, sequenceNumber) >= 0);

/**
 * Starts `count` processes of the `consume` command (one worker each) on the embedded emulators:
 * what `start --consumer worker` consumes with, as three machines of a service would.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { startWorkerProcesses } from './worker-processes.js';
 *
 * const workers = startWorkerProcesses({
 *   count: 3,
 *   applicationName: 'simulator-workers',
 *   streamName: 'TestDataStream',
 *   tableName: 'TestTable',
 *   minTemperature: 35,
 *   kinesisEndpoint: 'http://127.0.0.1:4567',
 *   dynamodbEndpoint: 'http://127.0.0.1:4568',
 *   dynamodb: new DynamoDBClient({}),
 *   verbose: false,
 * });
 * const reports = await workers.stop();
 * ```
 */
export function startWorkerProcesses(options: WorkerProcessesOptions): WorkerProcesses {
  const running = Array.from({ length: options.count }, () => startOne(options));
  const leaseTable = createLeaseTable({
    tableName: options.applicationName,
    client: options.dynamodb,
  });
  let stopping = false;
  const interrupted = (): boolean => options.signal?.aborted === true;
  const aborted = new Promise<void>((resolve) => {
    if (interrupted()) resolve();
    else options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });

  const describe = (index: number, code: number | null): string => {
    const { stderr } = running[index]?.output() ?? { stderr: '' };
    const lastLine = stderr.trim().split('\n').at(-1) ?? '';
    return `worker process ${index + 1} exited with code ${code}${lastLine === '' ? '' : `: ${lastLine}`}`;
  };

  /** Rejects as soon as a worker process exits while it should be running. */
  const earlyExit = new Promise<never>((_, reject) => {
    running.forEach(({ exited }, index) => {
      void exited.then((code) => {
        if (!stopping && !interrupted()) reject(new Error(describe(index, code)));
      });
    });
  });
  earlyExit.catch(() => {});

  async function consumed(lastSequenceNumbers: Readonly<Record<string, string>>): Promise<boolean> {
    const leases = await leaseTable.listLeases().catch(() => []);
    return Object.entries(lastSequenceNumbers).every(([shardId, sequenceNumber]) => {
      const lease = leases.find((candidate) => candidate.leaseKey === shardId);
      return lease !== undefined && atOrPast(lease.checkpoint, sequenceNumber);
    });
  }

  return {
    async started() {
      await Promise.race([Promise.all(running.map(({ started }) => started)), earlyExit, aborted]);
    },

    async waitForCheckpoints(lastSequenceNumbers, { timeoutMs, signal }) {
      const deadline = performance.now() + timeoutMs;
      const poll = async (): Promise<void> => {
        while (!signal?.aborted) {
          if (await consumed(lastSequenceNumbers)) return;
          if (performance.now() > deadline) {
            throw new Error(
              `the worker processes did not checkpoint every reading within ${timeoutMs} ms`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_INTERVAL_MS));
        }
      };
      await Promise.race([poll(), earlyExit]);
    },

    leases: () => readLeases(leaseTable),

    async stop() {
      stopping = true;
      for (const { child } of running) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }
      const codes = await Promise.all(running.map(({ exited }) => exited));
      const reports: WorkerProcessReport[] = [];
      running.forEach(({ child, output }, index) => {
        const line = output().stdout.trim().split('\n').at(-1) ?? '';
        try {
          reports.push({
            ...(JSON.parse(line) as ConsumeSummary),
            worker: index + 1,
            pid: child.pid,
          });
        } catch (cause) {
          // Interrupted before its worker started, a process has nothing to report.
          if (!interrupted()) throw new Error(describe(index, codes[index] ?? null), { cause });
        }
      });
      return reports;
    },
  };
}
