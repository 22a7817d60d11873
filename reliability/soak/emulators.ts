import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PipelineEndpoints } from '../src/pipeline.js';

const RELIABILITY_DIR = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** Emulators in a child process. */
export interface EmulatorProcess {
  readonly endpoints: PipelineEndpoints;
  readonly pid: number;
  /** Its resident set size in MiB, from `/proc`. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts `emulators-child.ts` and waits for its endpoints. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@kds/source', 'soak/emulators-child.ts'],
    { cwd: RELIABILITY_DIR, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoints = await new Promise<PipelineEndpoints>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulators did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line !== undefined) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as PipelineEndpoints);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulators exited with ${code} before starting`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    endpoints,
    pid,
    rssMiB: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return Number(match?.[1] ?? 0) / 1024;
    },
    stop: async () => {
      child.stdin?.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
