import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { localProcessEnv } from '@kds/local';
import { type WorkerProcessSettings, workerProcessEnv } from '@kds/test-support/worker-process-env';
import { WORKER_PROCESS_BUNDLE } from './worker-process-bundle.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** What a worker process needs to know. */
export interface WorkerProcessOptions extends WorkerProcessSettings {
  readonly kinesisEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** The JSON-lines file its sink appends to. */
  readonly output: string;
}

/** A running worker process. */
export interface WorkerProcess {
  readonly workerId: string;
  readonly child: ChildProcess;
  /** Resolves once the worker has started (its lease table and leases exist). */
  readonly started: Promise<void>;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed on stdout and stderr so far. */
  output(): string;
}

/**
 * Starts `test/helpers/worker-process.ts` (bundled by the global setup, so the process loads one
 * file instead of compiling the sources) in a process of its own, configured the AWS way (the
 * emulators' endpoints in `AWS_ENDPOINT_URL_KINESIS` and `AWS_ENDPOINT_URL_DYNAMODB`) and by
 * `workerProcessEnv` of `@kds/test-support`.
 */
export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_PROCESS_BUNDLE], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...localProcessEnv(options),
      ...workerProcessEnv(options),
      KDS_TEST_OUTPUT: options.output,
    },
  });
  let printed = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes('started\n')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `worker ${options.workerId} exited (${code ?? signal}) before it started\n${printed}`,
        ),
      ),
    );
  });
  return { workerId: options.workerId, child, started, exited, output: () => printed };
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  intervalMs = 200,
): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
