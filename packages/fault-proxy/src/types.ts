/** What the proxy does to the traffic; every rate is a probability from 0 to 1. */
export interface FaultPlan {
  /** PutRecords entries answered `ProvisionedThroughputExceededException` without reaching the stream. */
  throttleRate?: number;
  /** Requests answered 500 or 503 without reaching the endpoint (a clean, retryable failure). */
  requestFailureRate?: number;
  /**
   * Requests forwarded to the endpoint, whose connection is then reset before the answer: the
   * client cannot know whether the call took effect (the ambiguous case that makes duplicates).
   * Such a request is forwarded whole (no entry of it throttled or held back), so every entry it
   * carried is stored.
   */
  resetAfterSendRate?: number;
  /** BatchWriteItem put requests held back and returned as UnprocessedItems. */
  unprocessedRate?: number;
  /** Added to every request before it is forwarded. */
  latencyMs?: number;
  /** Only requests whose X-Amz-Target operation is listed get request-level faults. Default: all. */
  operations?: readonly string[];
}

/** What the proxy did so far. */
export interface FaultStats {
  readonly requests: number;
  readonly forwarded: number;
  readonly throttledEntries: number;
  readonly failedRequests: number;
  readonly resets: number;
  readonly unprocessedItems: number;
  /**
   * PutRecords entries stored by a request whose answer was then reset: each one a client sends
   * again becomes a duplicate in the stream.
   */
  readonly ambiguousEntries: number;
}
