import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { ShardMap } from './shard-map.js';
import { withTimeout } from './with-timeout.js';

/** Refreshes asked for by unexpected shards come at most this often, however many records ask. */
const MIN_REFRESH_INTERVAL_MS = 1_000;

/** After a failed ListShards, try again this soon (or at the refresh interval, if shorter). */
const RETRY_AFTER_FAILURE_MS = 5_000;

/** ListShards pages read at most per refresh: 1,000 shards a page covers any real stream. */
const MAX_PAGES = 1_000;

export interface ShardMapSourceOptions {
  readonly client: KinesisClient;
  readonly streamName: string | undefined;
  readonly streamARN: string | undefined;
  readonly refreshIntervalMs: number;
  readonly requestTimeoutMs: number;
  /** Called with each map read, the first included. */
  readonly onChange: (map: ShardMap) => void;
}

/**
 * Keeps the stream's shard map: read with ListShards on `start()`, again every `refreshIntervalMs`,
 * and on `refresh()` (a record landed on a shard other than predicted). At most one ListShards
 * runs at a time; a failure keeps the last map and is remembered in `lastError`.
 */
export class ShardMapSource {
  current: ShardMap = ShardMap.fromShards([]);
  /** When the ListShards read that gave `current` started (`performance.now()`). */
  currentReadAt = Number.NEGATIVE_INFINITY;
  lastError: unknown;
  refreshes = 0;
  private readonly options: ShardMapSourceOptions;
  private started: Promise<void> | undefined;
  private loading: Promise<void> | undefined;
  private lastLoadAt = Number.NEGATIVE_INFINITY;
  private refreshAfterLoad = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: ShardMapSourceOptions) {
    this.options = options;
  }

  /** Reads the map the first time; resolves (never rejects) once that read settled. */
  start(): Promise<void> {
    this.started ??= this.load();
    return this.started;
  }

  /**
   * Asks for a fresh map soon: at once, or when the minimum interval since the last read ends; while
   * a read is under way, once more after it.
   */
  refresh(): void {
    if (this.stopped) return;
    if (this.loading !== undefined) {
      // The read under way may have been answered before what prompted this: read once more.
      this.refreshAfterLoad = true;
      return;
    }
    const wait = this.lastLoadAt + MIN_REFRESH_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      void this.load();
      return;
    }
    this.schedule(wait);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(wait: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load();
    }, wait);
    // The map is a cache: its timer alone must not keep the process alive.
    this.timer.unref();
  }

  private load(): Promise<void> {
    const readAt = performance.now();
    this.loading ??= this.read()
      .then(
        (shards) => {
          this.current = ShardMap.fromShards(shards);
          this.currentReadAt = readAt;
          this.lastError = undefined;
          this.options.onChange(this.current);
          this.schedule(this.options.refreshIntervalMs);
        },
        (error: unknown) => {
          this.lastError = error;
          this.schedule(Math.min(this.options.refreshIntervalMs, RETRY_AFTER_FAILURE_MS));
        },
      )
      .finally(() => {
        this.refreshes += 1;
        this.lastLoadAt = performance.now();
        this.loading = undefined;
        if (this.refreshAfterLoad) {
          this.refreshAfterLoad = false;
          this.refresh();
        }
      });
    return this.loading;
  }

  private async read(): Promise<Shard[]> {
    const { client, streamName, streamARN, requestTimeoutMs } = this.options;
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const input =
        nextToken !== undefined
          ? { NextToken: nextToken }
          : {
              ...(streamName === undefined ? {} : { StreamName: streamName }),
              ...(streamARN === undefined ? {} : { StreamARN: streamARN }),
            };
      const answer = await withTimeout(
        (abortSignal) => client.send(new ListShardsCommand(input), { abortSignal }),
        { timeoutMs: requestTimeoutMs, operation: 'ListShards' },
      );
      shards.push(...(answer?.Shards ?? []));
      nextToken = answer?.NextToken;
      if (nextToken === undefined) break;
    }
    return shards;
  }
}
