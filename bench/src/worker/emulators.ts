import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nextMessage } from '../child-messages.js';

/** How long the emulators may take to start before the benchmark gives up. */
const START_TIMEOUT_MS = 60_000;
const GUARD = { who: 'emulators', timeoutMs: START_TIMEOUT_MS };

/** The emulators of `emulators-child.ts`, seen from the benchmark. */
export interface EmulatorProcess {
  readonly kinesisEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** Which Kinesis emulator runs. */
  readonly kinesisEmulator: string;
  /** The emulator process's CPU time so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts kinesalite and dynalite (`startEmulators`) in a child process. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = fork(fileURLToPath(new URL('./emulators-child.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx', '--conditions=@kds/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage<{ kinesis: string; dynamodb: string; emulator: string }>(
    child,
    'ready',
    GUARD,
  );
  return {
    kinesisEndpoint: ready.kinesis,
    dynamodbEndpoint: ready.dynamodb,
    kinesisEmulator: ready.emulator,
    async cpuMs() {
      const answer = nextMessage<{ usage: NodeJS.CpuUsage }>(child, 'cpu', GUARD);
      child.send({ type: 'cpu' });
      const { usage } = await answer;
      return (usage.user + usage.system) / 1000;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
