/**
 * What a `@kds/worker` worker started in a process of its own (by a multi-process test or a
 * benchmark) is told by its parent: its application, stream and id, and the timings the parent
 * sets. The parent hands them over with {@link workerProcessEnv}, the process reads them back with
 * {@link readWorkerProcessEnv}.
 */
export interface WorkerProcessSettings {
  readonly application: string;
  readonly stream: string;
  readonly workerId: string;
  /** Default: the worker's. */
  readonly failoverTimeMs?: number | undefined;
  /** Default: the worker's. */
  readonly takeIntervalMs?: number | undefined;
}

/** The environment variable each setting travels in. */
const VARIABLE = {
  application: 'KDS_WORKER_APPLICATION',
  stream: 'KDS_WORKER_STREAM',
  workerId: 'KDS_WORKER_ID',
  failoverTimeMs: 'KDS_WORKER_FAILOVER_MS',
  takeIntervalMs: 'KDS_WORKER_TAKE_INTERVAL_MS',
} as const satisfies Record<keyof WorkerProcessSettings, string>;

/**
 * The environment variables that hand `settings` to a worker process, with the AWS SDK's notice
 * about Node.js versions turned off. The emulators' endpoints are the caller's to add
 * (`localProcessEnv` of `@kds/local`).
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { workerProcessEnv } from '@kds/test-support/worker-process-env';
 *
 * const settings = { application: 'app-1', stream: 'stream-1', workerId: 'worker-1' };
 * spawn(process.execPath, ['worker.js'], { env: { ...process.env, ...workerProcessEnv(settings) } });
 * ```
 */
export function workerProcessEnv(settings: WorkerProcessSettings): Record<string, string> {
  const env: Record<string, string> = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [VARIABLE.application]: settings.application,
    [VARIABLE.stream]: settings.stream,
    [VARIABLE.workerId]: settings.workerId,
  };
  for (const timing of ['failoverTimeMs', 'takeIntervalMs'] as const) {
    const value = settings[timing];
    if (value !== undefined) env[VARIABLE[timing]] = String(value);
  }
  return env;
}

/** The settings of `createWorker` that {@link readWorkerProcessEnv} reads. */
export interface WorkerProcessOptions {
  readonly applicationName: string;
  readonly streamName: string;
  readonly workerId: string;
  readonly failoverTimeMs?: number;
  readonly takeIntervalMs?: number;
}

/**
 * In the worker process: the settings {@link workerProcessEnv} handed it, as the options of
 * `createWorker` (a timing not handed over is left out). Throws naming a variable that is not set.
 *
 * @example
 * ```ts
 * import { readWorkerProcessEnv } from '@kds/test-support/worker-process-env';
 *
 * const { applicationName, workerId } = readWorkerProcessEnv();
 * ```
 */
export function readWorkerProcessEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): WorkerProcessOptions {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
  };
  const failover = env[VARIABLE.failoverTimeMs];
  const take = env[VARIABLE.takeIntervalMs];
  return {
    applicationName: required(VARIABLE.application),
    streamName: required(VARIABLE.stream),
    workerId: required(VARIABLE.workerId),
    ...(failover === undefined ? {} : { failoverTimeMs: Number(failover) }),
    ...(take === undefined ? {} : { takeIntervalMs: Number(take) }),
  };
}
