import { RequestTimeoutError } from './errors.js';

/** How a failed request is handled. */
export interface RequestErrorKind {
  /** The name reported as the records' `lastErrorCode`. */
  readonly name: string;
  /** Another attempt can get past it. */
  readonly retryable: boolean;
  /** Kinesis refused it for throughput (counted as throttled; `failIfThrottled` fails it). */
  readonly throttled: boolean;
  /** The request may have reached Kinesis and been stored: a retry can duplicate its records. */
  readonly ambiguous: boolean;
}

/**
 * Errors of a whole call that mean "too fast" (see docs/kinesis-facts.md, "PutRecords partial
 * failures", and the SDK's throttling names).
 */
const THROTTLING_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'LimitExceededException',
  'KMSThrottlingException',
  'RequestLimitExceeded',
]);

/** Errors of a whole call that a later attempt can get past. */
const TRANSIENT_ERROR_NAMES = new Set([
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * Errors meaning the request was sent but no answer came: the socket was reset or timed out after
 * writing, or our own timeout fired. The request may have been applied.
 */
const AMBIGUOUS_ERROR_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
]);
const AMBIGUOUS_ERROR_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** Classifies an error of a PutRecords call (thrown by the SDK, or our timeout). */
export function classifyRequestError(error: unknown): RequestErrorKind {
  if (error instanceof RequestTimeoutError) {
    return { name: 'RequestTimeout', retryable: true, throttled: false, ambiguous: true };
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const status = shape.$metadata?.httpStatusCode;
  const throttled = THROTTLING_ERROR_NAMES.has(name) || status === 429;
  // No HTTP status means no answer came (reset, timeout, no credentials yet): worth another try.
  const retryable =
    throttled ||
    Boolean(shape.$retryable) ||
    TRANSIENT_ERROR_NAMES.has(name) ||
    status === undefined ||
    status >= 500;
  const ambiguous =
    status === undefined &&
    ((code !== undefined && AMBIGUOUS_ERROR_CODES.has(code)) ||
      AMBIGUOUS_ERROR_NAMES.has(name) ||
      shape.message === 'socket hang up');
  return {
    name: code !== undefined && name === 'Error' ? code : name,
    retryable,
    throttled,
    ambiguous,
  };
}
