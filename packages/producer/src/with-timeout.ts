import { RequestTimeoutError } from './errors.js';

/**
 * Runs a request and gives up after `timeoutMs`: the request's signal is aborted and the promise
 * rejects with `RequestTimeoutError`, whether or not the request honours the signal.
 */
export async function withTimeout<T>(
  request: (abortSignal: AbortSignal) => Promise<T>,
  options: { timeoutMs: number; operation: string },
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RequestTimeoutError(options.operation, options.timeoutMs);
      reject(error);
      controller.abort(error);
    }, options.timeoutMs);
  });
  // Wrapped: a client (or a test double) may answer synchronously or throw.
  const answer = (async () => request(controller.signal))();
  // Once the timeout has won, a late rejection of the request must not surface as unhandled.
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
