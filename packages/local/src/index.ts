export type { LocalClientConfig } from './client-config.js';
export { localClientConfig } from './client-config.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_RETRY_DELAY_MS,
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  MAX_BATCH_SIZE,
  MIN_POLL_INTERVAL_MS,
} from './constants.js';
export type { LocalEmulators, RunningEmulator, StartEmulatorsOptions } from './emulators.js';
export { startEmulators } from './emulators.js';
export { EmulatorStartError, LocalError, WaitTimeoutError } from './errors.js';
export type { EventSource } from './event.js';
export { toKinesisEvent } from './event.js';
export { createStream, listShards, waitForStreamActive } from './streams.js';
export type {
  FailedBatch,
  KinesisHandler,
  LocalInvocationContext,
  LocalTrigger,
  LocalTriggerOptions,
} from './trigger.js';
export { createLocalTrigger } from './trigger.js';
