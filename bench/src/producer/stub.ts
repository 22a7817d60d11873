import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nextMessage } from '../child-messages.js';

/** What the stub counted since it started or was last reset. */
export interface StubStats {
  readonly connections: number;
  readonly requests: number;
  readonly records: number;
}

/** The stub Kinesis process, seen from the benchmark. */
export interface Stub {
  readonly endpoint: string;
  stats(): Promise<StubStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** How long the stub may take to start before the benchmark gives up. */
const START_TIMEOUT_MS = 20_000;
const GUARD = { who: 'stub', timeoutMs: START_TIMEOUT_MS };

/** Starts `stub-server.ts` in a child process for a stream of `shards` shards. */
export async function startStub(shards: number): Promise<Stub> {
  const child = fork(fileURLToPath(new URL('./stub-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KDS_STUB_SHARDS: String(shards) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await nextMessage<{ port: number }>(child, 'ready', GUARD);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stats() {
      const stats = nextMessage<StubStats & { type: string }>(child, 'stats', GUARD);
      child.send({ type: 'stats' });
      const { connections, requests, records } = await stats;
      return { connections, requests, records };
    },
    async reset() {
      const done = nextMessage(child, 'reset', GUARD);
      child.send({ type: 'reset' });
      await done;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
