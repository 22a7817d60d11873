import {
  type NodeProcessOptions,
  type ProcessRun,
  type RunningProcess,
  startNodeProcess,
} from '@kds/test-support/node-process';
import { APP_DIR, SIMULATOR_BUNDLE } from './bundle.js';

/** What a finished CLI run printed and how it ended. */
export type CliRun = ProcessRun;

/** A CLI run under way. */
export type RunningCli = RunningProcess;

/**
 * Starts the simulator CLI as a user would (a child process; the bundle the global setup built
 * from source), with an environment stripped of AWS variables unless given. Its `finished` rejects
 * (and the process is killed) if it does not exit within the timeout, a guard against hangs only.
 */
export function startCli(
  args: readonly string[],
  options: Omit<NodeProcessOptions, 'cwd'> = {},
): RunningCli {
  return startNodeProcess(SIMULATOR_BUNDLE, args, { ...options, cwd: APP_DIR });
}

/** Runs the simulator CLI to its end: {@link startCli}, awaited. */
export function runCli(
  args: readonly string[],
  options: Omit<NodeProcessOptions, 'cwd'> = {},
): Promise<CliRun> {
  return startCli(args, options).finished;
}
