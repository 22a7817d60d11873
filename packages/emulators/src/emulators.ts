/// <reference path="./emulator-types.d.ts" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import { DEFAULT_HOST, KINESALITE_SHARD_LIMIT, KINESIS_EMULATOR_VARIABLE } from './constants.js';
import { EmulatorStartError, UnknownEmulatorError } from './errors.js';
import { startKinesisLocal } from './kinesis-local.js';

/** A running emulator: its endpoint URL and how to stop it. */
export interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The Kinesis emulators `startEmulators` can run.
 *
 * @example
 * ```ts
 * import { KinesisEmulator, startEmulators } from '@kds/emulators';
 *
 * const emulators = await startEmulators({ kinesis: KinesisEmulator.KinesisLocal });
 * ```
 */
export const KinesisEmulator = {
  /** kinesalite, in this process (the default): fast, strict, no UpdateShardCount. */
  Kinesalite: 'kinesalite',
  /** kinesis-mock from npm `kinesis-local`, in a child process: UpdateShardCount, ChildShards. */
  KinesisLocal: 'kinesis-local',
} as const;

/** One of {@link KinesisEmulator}. */
export type KinesisEmulator = (typeof KinesisEmulator)[keyof typeof KinesisEmulator];

/**
 * The Kinesis emulator an environment asks for with `KDS_KINESIS_EMULATOR` (default kinesalite);
 * throws {@link UnknownEmulatorError} for a name kds does not know.
 *
 * @example
 * ```ts
 * import { kinesisEmulatorFromEnv } from '@kds/emulators';
 *
 * kinesisEmulatorFromEnv({ KDS_KINESIS_EMULATOR: 'kinesis-local' }); // 'kinesis-local'
 * ```
 */
export function kinesisEmulatorFromEnv(
  env: Record<string, string | undefined> = process.env,
): KinesisEmulator {
  const value = (env[KINESIS_EMULATOR_VARIABLE] ?? '').trim();
  if (value === '') return KinesisEmulator.Kinesalite;
  const known = Object.values(KinesisEmulator) as string[];
  if (!known.includes(value)) throw new UnknownEmulatorError(value, known);
  return value as KinesisEmulator;
}

/** The embedded emulators of {@link startEmulators}. */
export interface LocalEmulators {
  /** Which Kinesis emulator runs. */
  readonly kinesisEmulator: KinesisEmulator;
  readonly kinesis: RunningEmulator;
  readonly dynamodb: RunningEmulator;
  /** Stops both; safe to call more than once. */
  stop(): Promise<void>;
}

/** Options of {@link startEmulators}. */
export interface StartEmulatorsOptions {
  /** Interface to listen on. Default `127.0.0.1`: loopback only. */
  host?: string;
  /** The Kinesis emulator. Default: `KDS_KINESIS_EMULATOR`, else kinesalite. */
  kinesis?: KinesisEmulator;
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
 * chosen by the OS. Streams and tables become ACTIVE at once. With `kinesis: 'kinesis-local'` (or
 * `KDS_KINESIS_EMULATOR=kinesis-local`) Kinesis is kinesis-mock in a child process instead.
 *
 * @example
 * ```ts
 * import { startEmulators } from '@kds/emulators';
 *
 * const emulators = await startEmulators();
 * console.log(emulators.kinesis.endpoint, emulators.dynamodb.endpoint);
 * await emulators.stop();
 * ```
 */
export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<LocalEmulators> {
  const { host = DEFAULT_HOST, kinesis: kinesisEmulator = kinesisEmulatorFromEnv() } = options;
  const kinesis =
    kinesisEmulator === KinesisEmulator.KinesisLocal
      ? await startKinesisLocal({ host })
      : await listen(
          kinesalite({
            createStreamMs: 0,
            deleteStreamMs: 0,
            updateStreamMs: 0,
            shardLimit: KINESALITE_SHARD_LIMIT,
          }),
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
    kinesisEmulator,
    kinesis,
    dynamodb,
    stop: async () => {
      await Promise.all([kinesis.stop(), dynamodb.stop()]);
    },
  };
}
