import {
  MAX_BACKOFF_MS,
  SUBSCRIBE_BACKOFF_BASE_MS,
  THROTTLED_BACKOFF_BASE_MS,
  TRANSIENT_BACKOFF_BASE_MS,
} from './constants.js';

/**
 * What kind of failure a retry follows: its backoff starts from a different base. `busy` is a
 * subscription refused while the previous one closes (`ResourceInUseException`) or too soon
 * (`LimitExceededException`).
 */
export type BackoffKind = 'throttled' | 'transient' | 'busy';

const BASE_MS: Readonly<Record<BackoffKind, number>> = {
  throttled: THROTTLED_BACKOFF_BASE_MS,
  transient: TRANSIENT_BACKOFF_BASE_MS,
  busy: SUBSCRIBE_BACKOFF_BASE_MS,
};

/**
 * Full-jitter exponential backoff: a random wait between 0 and `base * 2^attempt`, capped at
 * `MAX_BACKOFF_MS`, so readers throttled together do not retry together.
 */
export function backoffMs(kind: BackoffKind, attempt: number, random: () => number): number {
  const base = BASE_MS[kind];
  const ceiling = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
