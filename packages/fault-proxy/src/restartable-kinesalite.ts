/// <reference path="./kinesalite-types.d.ts" />
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kinesalite from 'kinesalite';

/** A kinesalite that keeps its streams on disk, so it can be stopped and started again. */
export interface RestartableKinesalite {
  /** Stable across restarts: the same port every time. */
  readonly endpoint: string;
  /** Stops serving; clients get connection errors until `start()`. */
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

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
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
  let server: Server | undefined = create();
  const port = await listen(server, 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (server === undefined) return;
      const running = server;
      server = undefined;
      await close(running);
    },
    async start() {
      if (server !== undefined) return;
      server = create();
      await listen(server, port);
    },
    async destroy() {
      if (server !== undefined) await close(server);
      server = undefined;
      rmSync(path, { recursive: true, force: true });
    },
  };
}
