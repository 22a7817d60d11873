/**
 * One timer for the next moment the producer has something to do (a batch falls due, a throttled
 * shard can release records): re-armed only to fire earlier, so a burst of puts sets it once.
 */
export class WakeTimer {
  private timer: NodeJS.Timeout | undefined;
  private at = Number.POSITIVE_INFINITY;
  private readonly wake: () => void;

  constructor(wake: () => void) {
    this.wake = wake;
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** Fires at `at` (a `performance.now()` time), unless already set to fire sooner; `Infinity` clears it. */
  schedule(at: number, now: number): void {
    if (at === Number.POSITIVE_INFINITY) {
      this.clear();
      return;
    }
    if (this.timer !== undefined && this.at <= at) return;
    clearTimeout(this.timer);
    this.at = at;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.at = Number.POSITIVE_INFINITY;
        this.wake();
      },
      Math.max(0, at - now),
    );
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Number.POSITIVE_INFINITY;
  }
}
