import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stub: no '${type}' message`)),
      START_TIMEOUT_MS,
    );
    const onMessage = (message: { type?: string }): void => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
  });
}

/** Starts `stub-server.ts` in a child process for a stream of `shards` shards. */
export async function startStub(shards: number): Promise<Stub> {
  const child = fork(fileURLToPath(new URL('./stub-server.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KDS_STUB_SHARDS: String(shards) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await nextMessage<{ port: number }>(child, 'ready');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stats() {
      const stats = nextMessage<StubStats & { type: string }>(child, 'stats');
      child.send({ type: 'stats' });
      const { connections, requests, records } = await stats;
      return { connections, requests, records };
    },
    async reset() {
      const done = nextMessage(child, 'reset');
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
