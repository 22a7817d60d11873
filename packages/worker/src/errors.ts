import { CoreErrorCode, type ErrorCodeOf, KdsError } from '@kds/core';

// The one error of every kds package for an option out of range.
export { InvalidOptionError } from '@kds/core';

/**
 * The codes of the errors `@kds/worker` throws, one per error class.
 *
 * @example
 * ```ts
 * import { WorkerError, WorkerErrorCode } from '@kds/worker';
 *
 * const isLeaseLost = (error: unknown): boolean =>
 *   error instanceof WorkerError && error.code === WorkerErrorCode.LeaseLost;
 * ```
 */
export const WorkerErrorCode = {
  /** This worker no longer holds the lease (taken by another worker, or not renewed in time). */
  LeaseLost: 'LEASE_LOST',
  /** A DynamoDB call on the lease table failed, or an item there is not a lease kds can read. */
  LeaseTable: 'LEASE_TABLE',
  /** ListShards failed while syncing shards and leases. */
  ListShards: 'LIST_SHARDS',
  /** An option outside what is accepted: thrown as `InvalidOptionError` of `@kds/core`. */
  InvalidOption: CoreErrorCode.InvalidOption,
  /** `start()` called on a worker that was already started. */
  AlreadyStarted: 'ALREADY_STARTED',
} as const;

/** One of {@link WorkerErrorCode}. */
export type WorkerErrorCode = ErrorCodeOf<typeof WorkerErrorCode>;

/**
 * The base of every error `@kds/worker` throws: a readonly `code` and the `cause`.
 *
 * @example
 * ```ts
 * import { WorkerError } from '@kds/worker';
 *
 * const codeOf = (error: unknown): string | undefined => (error instanceof WorkerError ? error.code : undefined);
 * ```
 */
export class WorkerError extends KdsError<WorkerErrorCode> {
  override readonly name: string = 'WorkerError';
}

/**
 * A write on a lease this worker no longer holds: its `leaseCounter` or `leaseOwner` in the table
 * is not what this worker last wrote (another worker took it), or this worker did not renew it
 * within the failover time. Stop processing the shard: another worker may already read it.
 *
 * @example
 * ```ts
 * import { LeaseLostError } from '@kds/worker';
 *
 * const lost = (error: unknown): boolean => error instanceof LeaseLostError;
 * ```
 */
export class LeaseLostError extends WorkerError {
  override readonly name = 'LeaseLostError';

  constructor(
    /** The lease (shard id) that was lost. */
    readonly leaseKey: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(WorkerErrorCode.LeaseLost, `Lease ${leaseKey} is no longer held: ${detail}`, options);
  }
}

/**
 * A lease table call that failed for a reason other than a failed condition (throttling, a
 * missing table, the network), or an item that is not a lease kds can read; `cause` holds the
 * SDK's error.
 *
 * @example
 * ```ts
 * import { LeaseTableError } from '@kds/worker';
 *
 * const failedCall = (error: unknown): string | undefined =>
 *   error instanceof LeaseTableError ? error.operation : undefined;
 * ```
 */
export class LeaseTableError extends WorkerError {
  override readonly name = 'LeaseTableError';

  constructor(
    /** What kds was doing, e.g. `renewLease`. */
    readonly operation: string,
    /** The lease concerned, when the call was about one. */
    readonly leaseKey: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    const subject = leaseKey === undefined ? '' : ` of lease ${leaseKey}`;
    super(WorkerErrorCode.LeaseTable, `${operation}${subject} failed: ${message}`, options);
  }
}

/**
 * A ListShards call that failed while syncing the stream's shards with the lease table; `cause`
 * holds the SDK's error.
 *
 * @example
 * ```ts
 * import { ListShardsError } from '@kds/worker';
 *
 * const listFailed = (error: unknown): boolean => error instanceof ListShardsError;
 * ```
 */
export class ListShardsError extends WorkerError {
  override readonly name = 'ListShardsError';

  constructor(stream: string, options: ErrorOptions = {}) {
    const reason = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(WorkerErrorCode.ListShards, `ListShards of ${stream} failed${reason}`, options);
  }
}
