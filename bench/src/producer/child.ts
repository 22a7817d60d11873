import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Stub } from './stub.js';

/** How long one child process may take before a suite gives up on it. */
const CHILD_TIMEOUT_MS = 600_000;

/**
 * Runs a script of `src/producer/` in a fresh process (sources resolved through `@kds/source`, and
 * `nodeOptions` besides) and returns the one JSON line it printed.
 */
export function runChild<R>(
  script: string,
  args: readonly string[],
  nodeOptions: readonly string[] = [],
): Promise<R> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = fork(path, args, {
      execArgv: ['--conditions=@kds/source', '--import', 'tsx', ...nodeOptions],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(output) as R);
    });
  });
}

/** What the stub counted for one run: its totals divided by the runs the child made. */
export interface StubCounts {
  readonly connections: number;
  readonly requests: number;
  readonly records: number;
}

/**
 * One measured run of a `throughput-child.ts` variant in a fresh process, after its warm-up runs:
 * the measured seconds and, for a variant that talks to the stub, what the stub counted per run
 * (it sees the warm-up runs and the measured one alike).
 */
export async function runThroughput(
  stub: Stub,
  variant: { readonly name: string; readonly readings: number; readonly network: boolean },
): Promise<{ seconds: number; counted: StubCounts | undefined }> {
  await stub.reset();
  const { seconds, warmUps } = await runChild<{ seconds: number[]; warmUps: number }>(
    'throughput-child.ts',
    [variant.name, stub.endpoint, String(variant.readings), '1'],
  );
  const measured = seconds[0] ?? Number.NaN;
  if (!variant.network) return { seconds: measured, counted: undefined };
  const runs = warmUps + 1;
  const { connections, requests, records } = await stub.stats();
  return {
    seconds: measured,
    counted: {
      connections: connections / runs,
      requests: requests / runs,
      records: records / runs,
    },
  };
}
