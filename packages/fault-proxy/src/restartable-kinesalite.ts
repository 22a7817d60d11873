// kinesalite ships no types: @kds/emulators declares them once for the workspace.
/// <reference path="../../emulators/src/emulator-types.d.ts" />
import { mkdtempSync, rmSync } from 'node:fs';
import {
  Server as HttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kinesalite from 'kinesalite';

/** A kinesalite that keeps its streams on disk, so it can be stopped and started again. */
export interface RestartableKinesalite {
  /** Stable across restarts: the same port every time. */
  readonly endpoint: string;
  /**
   * Stops serving: every connection is cut (requests in progress complete, their clients see a
   * reset), then the database is closed. Clients get connection errors until `start()`.
   */
  stop(): Promise<void>;
  /** Serves again on the same port, with every stream and record it had. */
  start(): Promise<void>;
  /** Stops and deletes its data. */
  destroy(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Bounds the wait for requests in progress at `stop()` to finish their LevelDB work. */
const DRAIN_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 10;

/** A kinesalite server and the requests it has not answered yet. */
interface Running {
  readonly server: Server;
  inProgress: number;
}

function serve(create: () => Server): Running {
  const running: Running = { server: create(), inProgress: 0 };
  running.server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    running.inProgress += 1;
    let done = false;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    // kinesalite ends every response it starts, even to a client gone: the end of its work.
    response.end = ((...args: unknown[]) => {
      if (!done) {
        done = true;
        running.inProgress -= 1;
      }
      return end(...args);
    }) as ServerResponse['end'];
  });
  return running;
}

/**
 * Stops accepting, cuts every connection (a request in progress still completes: the client sees
 * a reset, not knowing whether it took effect), waits for kinesalite to finish the requests in
 * progress, and only then closes its LevelDB: closing the database under a request in progress
 * crashes the process (a native fault in leveldown).
 */
async function close(running: Running): Promise<void> {
  const { server } = running;
  await new Promise<void>((resolve) => {
    HttpServer.prototype.close.call(server, () => resolve());
    server.closeAllConnections();
  });
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (running.inProgress > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
  // kinesalite's own close() closes its database, then the HTTP server, which is closed already.
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * Starts kinesalite with a LevelDB data folder on a loopback port, for tests that stop the
 * Kinesis endpoint mid-run and bring it back with its data.
 *
 * @example
 * ```ts
 * import { startRestartableKinesalite } from '@kds/fault-proxy';
 *
 * const kinesis = await startRestartableKinesalite();
 * await kinesis.stop();
 * await kinesis.start();
 * await kinesis.destroy();
 * ```
 */
export async function startRestartableKinesalite(): Promise<RestartableKinesalite> {
  const path = mkdtempSync(join(tmpdir(), 'kinesalite-'));
  const create = (): Server =>
    kinesalite({ path, createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  let running: Running | undefined = serve(create);
  const port = await listen(running.server, 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (running === undefined) return;
      const stopping = running;
      running = undefined;
      await close(stopping);
    },
    async start() {
      if (running !== undefined) return;
      running = serve(create);
      await listen(running.server, port);
    },
    async destroy() {
      if (running !== undefined) await close(running);
      running = undefined;
      rmSync(path, { recursive: true, force: true });
    },
  };
}
