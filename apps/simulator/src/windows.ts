import {
  CreateTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { windowTableDefinition } from 'handler';
import type { Style } from './style.js';

/** The aggregates of one Spot over one window, merged over the shards (and parts) that held it. */
export interface SpotWindow {
  readonly spot: string;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** One tumbling window and its Spots, as `--window` reports it. */
export interface WindowSummary {
  /** ISO 8601. */
  readonly start: string;
  readonly end: string;
  /** Items the windowed function wrote for it: one per Spot, shard and part. */
  readonly parts: number;
  readonly spots: readonly SpotWindow[];
}

/**
 * Creates the window table (key from `WINDOW_TABLE_KEY`, on-demand) and waits until it exists.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { createWindowTable } from './windows.js';
 *
 * await createWindowTable(new DynamoDBClient({}), 'TestWindowTable');
 * ```
 */
export async function createWindowTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(windowTableDefinition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
}

interface Part {
  Spot: string;
  WindowStart: number;
  WindowEnd: number;
  Count: number;
  Sum: number;
  Min: number;
  Max: number;
}

const isPart = (item: Record<string, unknown>): boolean =>
  typeof item.Spot === 'string' &&
  ['WindowStart', 'WindowEnd', 'Count', 'Sum', 'Min', 'Max'].every(
    (field) => typeof item[field] === 'number',
  );

/**
 * Every window in the table, by start, each Spot's parts merged: the counts and sums added, the
 * smallest minimum and the largest maximum, the mean of the whole.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { scanWindows } from './windows.js';
 *
 * const windows = await scanWindows(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'TestWindowTable');
 * ```
 */
export async function scanWindows(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<WindowSummary[]> {
  const windows = new Map<number, { end: number; parts: number; spots: Map<string, Part> }>();
  for await (const page of paginateScan({ client }, { TableName: tableName })) {
    for (const item of page.Items ?? []) {
      if (!isPart(item)) continue;
      const part = item as unknown as Part;
      const window = windows.get(part.WindowStart) ?? {
        end: part.WindowEnd,
        parts: 0,
        spots: new Map<string, Part>(),
      };
      windows.set(part.WindowStart, window);
      window.parts += 1;
      const merged = window.spots.get(part.Spot);
      window.spots.set(
        part.Spot,
        merged === undefined
          ? { ...part }
          : {
              ...merged,
              Count: merged.Count + part.Count,
              Sum: merged.Sum + part.Sum,
              Min: Math.min(merged.Min, part.Min),
              Max: Math.max(merged.Max, part.Max),
            },
      );
    }
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, window]) => ({
      start: new Date(start).toISOString(),
      end: new Date(window.end).toISOString(),
      parts: window.parts,
      spots: [...window.spots.values()]
        .sort((a, b) => a.Spot.localeCompare(b.Spot))
        .map((part) => ({
          spot: part.Spot,
          count: part.Count,
          min: part.Min,
          max: part.Max,
          mean: Math.round((part.Sum / part.Count) * 100) / 100,
        })),
    }));
}

/** The readings the windows counted, over every window and Spot. */
export function windowedReadings(windows: readonly WindowSummary[]): number {
  return windows.reduce(
    (total, window) => total + window.spots.reduce((sum, spot) => sum + spot.count, 0),
    0,
  );
}

/** The `--window` part of the human report: one table per window. */
export function formatWindows(
  windows: readonly WindowSummary[],
  tableName: string,
  sent: number,
  style: Style,
): string[] {
  const lines = ['', style.bold(`Window aggregates in ${tableName} (per Spot):`)];
  for (const window of windows) {
    lines.push(`  ${window.start} .. ${window.end}  (${window.parts} items)`);
    lines.push(style.dim('    Spot  Count   Min   Max   Mean'));
    for (const spot of window.spots) {
      lines.push(
        `    ${spot.spot.padEnd(4)}  ${String(spot.count).padStart(5)}  ${String(spot.min).padStart(4)}  ${String(spot.max).padStart(4)}  ${spot.mean.toFixed(2).padStart(5)}`,
      );
    }
  }
  const counted = windowedReadings(windows);
  const verdict = counted === sent ? style.green : style.red;
  lines.push(
    verdict(
      `${counted} readings counted in ${windows.length} windows; ${sent} readings were sent.`,
    ),
  );
  return lines;
}
