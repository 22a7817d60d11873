import type { SinkContext } from '@kds/consumer';
import {
  DEFAULT_WRITE_DEADLINE_MS,
  WRITE_RETRY_BASE_DELAY_MS,
  WRITE_RETRY_MAX_DELAY_MS,
} from './constants.js';

// When the sink retries a BatchWriteItem call, how long it waits, and until when.

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'AbortError',
  'TimeoutError',
]);

/** Errors of a whole BatchWriteItem call that a later attempt can get past. */
export function isRetryable(error: unknown): boolean {
  const shape = (error ?? {}) as {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = shape.$metadata?.httpStatusCode;
  return (
    Boolean(shape.$retryable) ||
    RETRYABLE_NAMES.has(shape.name ?? '') ||
    status === undefined ||
    status >= 500
  );
}

export const isValidation = (error: unknown): boolean =>
  (error as { name?: unknown } | null)?.name === 'ValidationException';

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a random delay up to the capped exponential bound. */
export function backoff(attempt: number): number {
  return (
    Math.random() * Math.min(WRITE_RETRY_MAX_DELAY_MS, WRITE_RETRY_BASE_DELAY_MS * 2 ** attempt)
  );
}

/** The time by which the sink must return: its own `deadlineMs`, the adapter's, whichever is first. */
export function resolveDeadline(
  context: SinkContext | undefined,
  deadlineMs: number | undefined,
): number {
  const now = Date.now();
  const own = deadlineMs === undefined ? undefined : now + deadlineMs;
  const fromContext = context?.deadline;
  if (own !== undefined && fromContext !== undefined) return Math.min(own, fromContext);
  return own ?? fromContext ?? now + DEFAULT_WRITE_DEADLINE_MS;
}
