export {
  DEFAULT_HOST,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  KINESALITE_SHARD_LIMIT,
  KINESIS_EMULATOR_VARIABLE,
  KINESIS_LOCAL_START_TIMEOUT_MS,
} from './constants.js';
export type { LocalEmulators, RunningEmulator, StartEmulatorsOptions } from './emulators.js';
export { KinesisEmulator, kinesisEmulatorFromEnv, startEmulators } from './emulators.js';
export {
  EmulatorError,
  EmulatorErrorCode,
  EmulatorStartError,
  UnknownEmulatorError,
} from './errors.js';
export type { StartKinesisLocalOptions } from './kinesis-local.js';
export { startKinesisLocal } from './kinesis-local.js';
