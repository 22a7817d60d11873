import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import {
  DEFAULT_HOST,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  KINESIS_LOCAL_START_TIMEOUT_MS,
} from './constants.js';
import type { RunningEmulator } from './emulators.js';
import { EmulatorStartError } from './errors.js';

/** The *_DURATION settings of kinesis-mock: every stream operation completes at once. */
const INSTANT_DURATIONS = [
  'CREATE_STREAM_DURATION',
  'DELETE_STREAM_DURATION',
  'REGISTER_STREAM_CONSUMER_DURATION',
  'DEREGISTER_STREAM_CONSUMER_DURATION',
  'START_STREAM_ENCRYPTION_DURATION',
  'STOP_STREAM_ENCRYPTION_DURATION',
  'MERGE_SHARDS_DURATION',
  'SPLIT_SHARD_DURATION',
  'UPDATE_SHARD_COUNT_DURATION',
  'UPDATE_STREAM_MODE_DURATION',
] as const;

/** How much of the emulator's output is kept to explain a failed start. */
const OUTPUT_KEPT_CHARS = 4_000;

/**
 * Runs the module given as argument and exits when the parent goes away, even if the parent is
 * killed: the IPC channel closes with it.
 */
const LAUNCHER = "process.on('disconnect',()=>process.exit(0));require(process.argv[1]);";

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function resolveKinesisLocal(): string {
  // Resolved from this package so that it works from sources, ESM and CommonJS builds alike. A
  // bundler's `require` stand-in has no `resolve`; a bundle then resolves from where it lies, so
  // the package it is built for must depend on kinesis-local too (the simulator does).
  const localRequire =
    typeof require === 'function' && typeof require.resolve === 'function'
      ? require
      : createRequire(import.meta.url);
  return localRequire.resolve('kinesis-local/package.json');
}

/** Options of {@link startKinesisLocal}. */
export interface StartKinesisLocalOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** How long to wait for its health check. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Starts kinesis-mock (npm `kinesis-local`) in a child process on free loopback ports, with every
 * stream operation instant, and waits until it answers. Unlike kinesalite it has UpdateShardCount
 * and returns `ChildShards`. The child is killed by `stop()`, when this process exits, and (via its
 * IPC channel) when this process dies. Needs `kinesis-local` installed.
 *
 * @example
 * ```ts
 * import { startKinesisLocal } from '@kds/emulators';
 *
 * const kinesis = await startKinesisLocal();
 * console.log(kinesis.endpoint);
 * await kinesis.stop();
 * ```
 */
export async function startKinesisLocal(
  options: StartKinesisLocalOptions = {},
): Promise<RunningEmulator> {
  const { host = DEFAULT_HOST, timeoutMs = KINESIS_LOCAL_START_TIMEOUT_MS } = options;
  let packageJson: string;
  try {
    packageJson = resolveKinesisLocal();
  } catch (cause) {
    throw new EmulatorStartError('kinesis-local (npm install kinesis-local@0.6.2)', { cause });
  }
  const home = dirname(packageJson);
  const [plainPort, tlsPort] = [await freePort(host), await freePort(host)];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KINESIS_MOCK_PLAIN_PORT: String(plainPort),
    KINESIS_MOCK_TLS_PORT: String(tlsPort),
    KINESIS_MOCK_CERT_PATH: join(home, 'server.json'),
    AWS_REGION: EMULATOR_REGION,
    AWS_ACCOUNT_ID: EMULATOR_ACCOUNT_ID,
    LOG_LEVEL: 'WARN',
    SHOULD_PERSIST_DATA: 'false',
  };
  for (const name of INSTANT_DURATIONS) env[name] = '0ms';

  const child: ChildProcess = spawn(process.execPath, ['-e', LAUNCHER, join(home, 'main.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Neither the child nor its pipes keep this process alive: stop() or exit ends the child.
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as { unref?: () => void } | null)?.unref?.();
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (!exited) {
        // The emulator keeps nothing worth a graceful shutdown (its data is in memory): kill it,
        // and let this process wait for it to be gone.
        child.ref();
        child.kill('SIGKILL');
        await exit;
      }
    })();
    return stopped;
  };

  const endpoint = `http://${host}:${plainPort}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new EmulatorStartError('kinesis-local', {
        cause: new Error(`it exited at start: ${output.trim() || 'no output'}`),
      });
    }
    try {
      const response = await fetch(`${endpoint}/healthcheck`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new EmulatorStartError('kinesis-local', {
        cause: new Error(`no answer within ${timeoutMs} ms: ${output.trim() || 'no output'}`),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { endpoint, stop };
}
