/**
 * The region kinesis-local puts in the ARNs it returns. The same as `LOCAL_REGION` of
 * `@kds/local`, whose local events carry it.
 */
export const EMULATOR_REGION = 'us-east-1';

/**
 * The account kinesis-local puts in the ARNs it returns. The same as `LOCAL_ACCOUNT_ID` of
 * `@kds/local`, whose local events carry it.
 */
export const EMULATOR_ACCOUNT_ID = '000000000000';

/** Environment variable that picks the Kinesis emulator of `startEmulators`. */
export const KINESIS_EMULATOR_VARIABLE = 'KDS_KINESIS_EMULATOR';

/** Shards embedded kinesalite allows per stream (its default is 10). */
export const KINESALITE_SHARD_LIMIT = 100;

/** How long kinesis-local may take to answer its health check (it starts in 1 to 3 s). */
export const KINESIS_LOCAL_START_TIMEOUT_MS = 30_000;

/** The interface the emulators listen on unless told otherwise: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
