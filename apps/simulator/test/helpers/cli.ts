import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI run under way. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** What it printed on stdout so far. */
  stdout(): string;
  /** Resolves when it exits; rejects if it does not exit within the timeout. */
  readonly finished: Promise<CliRun>;
}

/**
 * Starts the simulator CLI as a user would (a child process, from source), with an environment
 * stripped of AWS variables unless given. Its `finished` rejects (and the process is killed) if it
 * does not exit within the timeout, a guard against hangs only.
 */
export function startCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): RunningCli {
  const { env = {}, timeoutMs = 300_000 } = options;
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@kds/source', 'src/main.ts', ...args],
    {
      cwd: appDir,
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const finished = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `simulator ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, stdout: () => stdout, finished };
}

/** Runs the simulator CLI to its end: {@link startCli}, awaited. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  return startCli(args, options).finished;
}
