import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The simulator app, run from source as `pnpm --filter simulator start` runs it. */
const SIMULATOR_DIR = fileURLToPath(new URL('../../apps/simulator/', import.meta.url));

/** How a simulator run ended and what it printed. */
export interface SimulatorRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A simulator process running. */
export interface RunningSimulator {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it printed so far on stdout. */
  stdout(): string;
  /** Resolves when it exits; rejects (after killing it) if it has not exited within the timeout. */
  readonly exited: Promise<SimulatorRun>;
}

/**
 * Starts the simulator CLI as a child process from source, with an environment stripped of AWS
 * variables (so it runs its embedded emulators). It is killed if it outlives `timeoutMs`.
 *
 * @example
 * ```ts
 * import { startSimulator } from './simulator.js';
 *
 * const run = await startSimulator(['--count', '10', '--json']).exited;
 * ```
 */
export function startSimulator(
  args: readonly string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): RunningSimulator {
  const { timeoutMs = 300_000, env = {} } = options;
  const baseEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@kds/source', 'src/main.ts', ...args],
    {
      cwd: SIMULATOR_DIR,
      env: { ...baseEnv, NO_COLOR: '1', ...env },
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
  const exited = new Promise<SimulatorRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`simulator ${args.join(' ')} outlived ${timeoutMs} ms\n${stdout}\n${stderr}`),
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
  return { child, pid: child.pid ?? -1, stdout: () => stdout, exited };
}
