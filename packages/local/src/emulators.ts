/// <reference path="./emulator-types.d.ts" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import { EmulatorStartError } from './errors.js';

/** A running emulator: its endpoint URL and how to stop it. */
export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** The embedded emulators of {@link startEmulators}. */
export interface LocalEmulators {
  readonly kinesis: RunningEmulator;
  readonly dynamodb: RunningEmulator;
  /** Stops both; safe to call more than once. */
  stop(): Promise<void>;
}

/** Options of {@link startEmulators}. */
export interface StartEmulatorsOptions {
  /** Interface to listen on. Default `127.0.0.1`: loopback only. */
  host?: string;
}

function listen(server: Server, name: string, host: string): Promise<RunningEmulator> {
  return new Promise((resolve, reject) => {
    server.once('error', (cause) => reject(new EmulatorStartError(name, { cause })));
    // Port 0: the OS picks a free port, so emulators and parallel tests never collide.
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      let stopped: Promise<void> | undefined;
      resolve({
        endpoint: `http://${host}:${port}`,
        stop: () => {
          stopped ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return stopped;
        },
      });
    });
  });
}

/**
 * Starts kinesalite (Kinesis) and dynalite (DynamoDB) in this process, in memory, on loopback ports
 * chosen by the OS. Streams and tables become ACTIVE at once.
 *
 * @example
 * ```ts
 * import { startEmulators } from '@kds/local';
 *
 * const emulators = await startEmulators();
 * console.log(emulators.kinesis.endpoint, emulators.dynamodb.endpoint);
 * await emulators.stop();
 * ```
 */
export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<LocalEmulators> {
  const { host = '127.0.0.1' } = options;
  const kinesis = await listen(
    kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 }),
    'kinesalite',
    host,
  );
  let dynamodb: RunningEmulator;
  try {
    dynamodb = await listen(
      dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }),
      'dynalite',
      host,
    );
  } catch (error) {
    await kinesis.stop();
    throw error;
  }
  return {
    kinesis,
    dynamodb,
    stop: async () => {
      await Promise.all([kinesis.stop(), dynamodb.stop()]);
    },
  };
}
