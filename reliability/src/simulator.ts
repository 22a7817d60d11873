import { fileURLToPath } from 'node:url';
import { bundleForNode } from '@kds/test-support/node-bundle';
import {
  type ProcessRun,
  type RunningProcess,
  startNodeProcess,
} from '@kds/test-support/node-process';

/** The simulator app, run as `pnpm --filter simulator start` runs it. */
const SIMULATOR_DIR = fileURLToPath(new URL('../../apps/simulator/', import.meta.url));
/** Its entry point bundled into one file for plain `node` (where the simulator's tests put it). */
const SIMULATOR_BUNDLE = `${SIMULATOR_DIR}dist/main.js`;

/** How a simulator run ended and what it printed. */
export type SimulatorRun = ProcessRun;

/** A simulator process running. */
export interface RunningSimulator {
  readonly child: RunningProcess['child'];
  readonly pid: number;
  /** What it printed so far on stdout. */
  stdout(): string;
  /** Resolves when it exits; rejects (after killing it) if it has not exited within the timeout. */
  readonly exited: Promise<SimulatorRun>;
}

/**
 * Builds the simulator's bundle from its sources: the global setup calls it once per run, so each
 * scenario starts `node` on one file instead of compiling the sources through `tsx` again.
 */
export async function buildSimulator(): Promise<void> {
  await bundleForNode({ entry: `${SIMULATOR_DIR}src/main.ts`, outfile: SIMULATOR_BUNDLE });
}

/**
 * Starts the simulator CLI as a child process (the bundle {@link buildSimulator} built), with an
 * environment stripped of AWS variables (so it runs its embedded emulators). It is killed if it
 * outlives `timeoutMs`.
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
  const { env = {}, ...rest } = options;
  const run = startNodeProcess(SIMULATOR_BUNDLE, args, {
    ...rest,
    cwd: SIMULATOR_DIR,
    env: { NO_COLOR: '1', ...env },
  });
  return { child: run.child, pid: run.child.pid ?? -1, stdout: run.stdout, exited: run.finished };
}
