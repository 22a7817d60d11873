/** Slots consumed at the front before the backing array is compacted. */
const COMPACT_AFTER = 1_024;

/**
 * A FIFO queue with O(1) push, shift and unshift-after-shift: `Array.prototype.shift` copies the
 * array, which on a buffer of thousands of records costs more than the rest of a put.
 */
export class Deque<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Puts an item back at the front (a retried record is older than everything queued). */
  unshift(item: T): void {
    if (this.head > 0) {
      this.head -= 1;
      this.items[this.head] = item;
    } else {
      this.items.unshift(item);
    }
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Takes every item out, in order. */
  /** Calls `visit` with each item, front to back. */
  forEach(visit: (item: T) => void): void {
    const { items } = this;
    for (let index = this.head; index < items.length; index += 1) visit(items[index] as T);
  }

  drain(): T[] {
    const items = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return items;
  }
}
