/**
 * What `flush()` waits for: every record put before the call, not those put after (under a steady
 * stream of puts a flush must still end). Records belong to the generation current at their put;
 * each `flush()` closes the generation and waits until it and all older ones have settled. Only
 * closed generations with records left take a map entry, so a put costs a counter increment.
 */
export class FlushTracker {
  private generation = 0;
  /** Unsettled records of the current generation. */
  private current = 0;
  /** Closed generations with unsettled records, oldest first. */
  private readonly closed = new Map<number, number>();
  private readonly waiters: Array<{ readonly generation: number; readonly wake: () => void }> = [];

  /** Whether a `flush()` is waiting: partial batches should go now. */
  get flushing(): boolean {
    return this.waiters.length > 0;
  }

  /** Counts a new record; returns its generation. */
  add(): number {
    this.current += 1;
    return this.generation;
  }

  /** Counts a record of `generation` as settled. */
  settled(generation: number): void {
    if (generation === this.generation) {
      this.current -= 1;
      if (this.current === 0) this.wake();
      return;
    }
    const left = (this.closed.get(generation) ?? 1) - 1;
    if (left > 0) {
      this.closed.set(generation, left);
      return;
    }
    this.closed.delete(generation);
    this.wake();
  }

  /** Closes the current generation; resolves once it and every older one have settled. */
  flush(): Promise<void> {
    const generation = this.generation;
    if (this.current > 0) this.closed.set(generation, this.current);
    this.current = 0;
    this.generation += 1;
    if (this.oldest() > generation) return Promise.resolve();
    return new Promise((wake) => this.waiters.push({ generation, wake }));
  }

  private oldest(): number {
    for (const generation of this.closed.keys()) return generation;
    return this.current > 0 ? this.generation : Number.POSITIVE_INFINITY;
  }

  private wake(): void {
    const oldest = this.oldest();
    while ((this.waiters[0]?.generation ?? Number.POSITIVE_INFINITY) < oldest) {
      this.waiters.shift()?.wake();
    }
  }
}
