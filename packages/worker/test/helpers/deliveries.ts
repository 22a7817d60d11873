import { existsSync, readFileSync } from 'node:fs';

/** One reading a worker's sink was handed. */
export interface Delivery {
  readonly worker: string;
  readonly shard: string;
  readonly seq: string;
  readonly sub: number;
  readonly id: number;
  readonly key: string;
  /** When the sink was handed it (epoch ms; the workers share this machine's clock). */
  readonly t: number;
}

/** Every delivery of the workers whose sinks wrote these files, file by file, in order. */
export function readDeliveries(files: readonly string[]): Delivery[][] {
  return files.map((file) =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          // The last piece is empty, or a line the worker is still writing.
          .slice(0, -1)
          .map((line) => JSON.parse(line) as Delivery)
      : [],
  );
}

/** What the deliveries came to against the ids sent. */
export interface DeliveryReport {
  readonly delivered: number;
  /** Ids sent and never delivered. */
  readonly lost: number[];
  /** Deliveries of an id beyond its first. */
  readonly duplicates: Delivery[];
  /**
   * Keys whose readings were handed out of the order they were sent: by one worker (its file is in
   * the order its sink was called), or by several (a reading handed over a millisecond before
   * another one sent earlier).
   */
  readonly outOfOrderKeys: string[];
}

/** Compares what the workers delivered with the ids sent. */
export function report(perWorker: readonly Delivery[][], sent: readonly number[]): DeliveryReport {
  const seen = new Set<number>();
  const duplicates: Delivery[] = [];
  const outOfOrder = new Set<string>();
  for (const deliveries of perWorker) {
    const lastPerKey = new Map<string, number>();
    for (const delivery of deliveries) {
      if (seen.has(delivery.id)) duplicates.push(delivery);
      else seen.add(delivery.id);
      const last = lastPerKey.get(delivery.key);
      // A duplicate may go back to where the last checkpoint was: only first deliveries count.
      if (last !== undefined && delivery.id < last && duplicates.at(-1) !== delivery) {
        outOfOrder.add(delivery.key);
      }
      lastPerKey.set(delivery.key, Math.max(last ?? -1, delivery.id));
    }
  }
  const firsts = new Map<string, Delivery[]>();
  const duplicateSet = new Set(duplicates);
  for (const delivery of perWorker.flat()) {
    if (duplicateSet.has(delivery)) continue;
    const list = firsts.get(delivery.key) ?? [];
    list.push(delivery);
    firsts.set(delivery.key, list);
  }
  for (const [key, list] of firsts) {
    list.sort((a, b) => a.t - b.t);
    let maxBefore = -1;
    let groupMax = -1;
    let groupTime = Number.NaN;
    for (const delivery of list) {
      if (delivery.t !== groupTime) {
        maxBefore = Math.max(maxBefore, groupMax);
        groupTime = delivery.t;
      }
      if (delivery.id < maxBefore) outOfOrder.add(key);
      groupMax = Math.max(groupMax, delivery.id);
    }
  }
  return {
    delivered: seen.size,
    lost: sent.filter((id) => !seen.has(id)),
    duplicates,
    outOfOrderKeys: [...outOfOrder].sort(),
  };
}
