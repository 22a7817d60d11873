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
  // In the order they happened: by time, then by the order each sink was called in.
  // Within one file the lines are in the order the sink was called, whatever the times say.
  const all = perWorker
    .flatMap((deliveries, file) => {
      let latest = Number.NEGATIVE_INFINITY;
      return deliveries.map((delivery, line) => {
        latest = Math.max(latest, delivery.t);
        return { delivery, file, line, at: latest };
      });
    })
    .sort((a, b) => a.at - b.at || a.file - b.file || a.line - b.line);
  const seen = new Set<number>();
  const duplicates: Delivery[] = [];
  const firsts = new Map<string, { delivery: Delivery; file: number; at: number }[]>();
  for (const { delivery, file, at } of all) {
    if (seen.has(delivery.id)) {
      duplicates.push(delivery);
      continue;
    }
    seen.add(delivery.id);
    const list = firsts.get(delivery.key) ?? [];
    list.push({ delivery, file, at });
    firsts.set(delivery.key, list);
  }
  // A key is out of order when a reading of it was first handed over after a later one: within
  // one sink's calls, or a millisecond or more later by the clock all workers share. A reading
  // handed over again (a batch not checkpointed before its lease moved) may go back: at least once.
  const outOfOrder = new Set<string>();
  for (const [key, list] of firsts) {
    const lastPerFile = new Map<number, number>();
    let maxBefore = -1;
    let groupMax = -1;
    let groupTime = Number.NaN;
    for (const { delivery, file, at } of list) {
      if (at !== groupTime) {
        maxBefore = Math.max(maxBefore, groupMax);
        groupTime = at;
      }
      const lastInFile = lastPerFile.get(file) ?? -1;
      if (delivery.id < maxBefore || delivery.id < lastInFile) outOfOrder.add(key);
      lastPerFile.set(file, delivery.id);
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
