export * from './acknowledgements.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_BATCHING_WINDOW_SECONDS,
  DEFAULT_MAX_RECORD_AGE_SECONDS,
  DEFAULT_RETENTION_HOURS,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_SHARD_COUNT,
  HANDLER_CONSUMER_NAME,
  HANDLER_TABLE_ACTIONS,
  ITERATOR_AGE_ALARM_THRESHOLD_MS,
} from './constants.js';
export {
  HandlerArtifactMissingError,
  InfraError,
  InfraErrorCode,
  SettingsError,
  StackOutputsError,
} from './errors.js';
export {
  HANDLER_ENTRY_FILE,
  handlerArtifactDirectory,
  LAMBDA_HANDLER,
} from './handler-artifact.js';
export type { ReadingsStackOutputs, StackOutputEntry } from './outputs.js';
export { DEFAULT_STACK_NAME, parseStackOutputs, StackOutput } from './outputs.js';
export * from './readings-stack.js';
export * from './settings.js';
export * from './window-aggregates.js';
