/**
 * How long a test waits for the trigger to reach its checkpoints before calling it stuck. A guard
 * against a hang, not a measure of speed: a busy 2-core machine must never reach it.
 */
export const WAIT_GUARD = { timeoutMs: 300_000 } as const;
