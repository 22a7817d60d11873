import { ReaderErrorCode } from './errors.js';

/** How the reader treats an error Kinesis or the network raised. */
export type ErrorClass =
  | { kind: 'expired' }
  | { kind: 'throttled' }
  | { kind: 'transient' }
  | { kind: 'busy' }
  | { kind: 'fatal'; code: ReaderErrorCode };

/** Errors no retry fixes, by the exception's name. */
const FATAL_CODES: Readonly<Record<string, ReaderErrorCode>> = {
  ResourceNotFoundException: ReaderErrorCode.StreamNotFound,
  AccessDeniedException: ReaderErrorCode.AccessDenied,
  ValidationException: ReaderErrorCode.InvalidRequest,
  InvalidArgumentException: ReaderErrorCode.InvalidRequest,
};

/**
 * Sorts an error: an expired iterator is taken again, throttling and every other error
 * (InternalFailure, network errors, KMSThrottlingException, LimitExceededException, ...) are
 * retried after a backoff, and only the errors of {@link FATAL_CODES} end the read.
 */
export function classifyError(error: unknown): ErrorClass {
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'ExpiredIteratorException') return { kind: 'expired' };
  if (name === 'ProvisionedThroughputExceededException') return { kind: 'throttled' };
  const code = name === undefined ? undefined : FATAL_CODES[name];
  return code === undefined ? { kind: 'transient' } : { kind: 'fatal', code };
}

/**
 * Sorts an error of SubscribeToShard or of its event stream: `ResourceInUseException` (the
 * previous subscription of this consumer and shard is still closing) and `LimitExceededException`
 * (more than one call per second) are retried after a backoff from a second; the rest as
 * {@link classifyError} sorts it (a `ResourceNotFoundException`, no such consumer or shard, ends
 * the read).
 */
export function classifySubscribeError(error: unknown): ErrorClass {
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'ResourceInUseException' || name === 'LimitExceededException') {
    return { kind: 'busy' };
  }
  return classifyError(error);
}
