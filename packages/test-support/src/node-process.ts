import { type ChildProcess, spawn } from 'node:child_process';

/** How long a child process may run before it is called hung: a guard against hangs only. */
export const PROCESS_HANG_GUARD_MS = 300_000;

/** What a finished process printed and how it ended. */
export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A process under way. */
export interface RunningProcess {
  readonly child: ChildProcess;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** Resolves once it exited and closed its output; rejects if it outlives the hang guard. */
  readonly finished: Promise<ProcessRun>;
}

/** Where a script runs and with which extra environment. */
export interface NodeProcessOptions {
  /** The working directory. */
  readonly cwd: string;
  /** Added to the parent's environment, from which every `AWS_*` variable is removed. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill it (SIGKILL) and reject once it ran this long; a hang guard, never a measure. */
  readonly timeoutMs?: number;
}

/**
 * The parent's environment without its `AWS_*` variables: a command started from it runs on its
 * own emulators unless the test hands it AWS settings.
 */
export function environmentWithoutAws(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => !entry[0].startsWith('AWS_') && entry[1] !== undefined,
    ),
  );
}

/**
 * Starts `node <script> ...args` as a user would start a command, with an environment stripped of
 * AWS variables unless given, and collects what it prints.
 *
 * @example
 * ```ts
 * import { startNodeProcess } from '@kds/test-support/node-process';
 *
 * const run = await startNodeProcess('dist/main.js', ['--version'], { cwd: process.cwd() }).finished;
 * console.log(run.code, run.stdout);
 * ```
 */
export function startNodeProcess(
  script: string,
  args: readonly string[],
  options: NodeProcessOptions,
): RunningProcess {
  const { cwd, env = {}, timeoutMs = PROCESS_HANG_GUARD_MS } = options;
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: { ...environmentWithoutAws(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const finished = new Promise<ProcessRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${script} ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, finished };
}
