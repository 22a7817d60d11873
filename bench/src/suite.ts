/** One benchmark suite: a file in `src/suites/` exporting `suite`. */
export interface BenchSuite {
  /** Short name to select it: `pnpm bench <name>`. */
  readonly name: string;
  /** What it measures, printed before it runs. */
  readonly description: string;
  /** Runs the measurements and prints the figures with `report`. */
  run(report: (line: string) => void): Promise<void>;
}

/** The middle value (the upper middle of an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * How many times as fast as `baseline` a variant ran, from runs made in rounds (round i of each
 * ran back to back): the median of the per-round ratios, so that the machine slowing down or
 * speeding up between rounds touches both sides of every ratio alike.
 */
export function pairedSpeedup(seconds: readonly number[], baseline: readonly number[]): number {
  return median(seconds.map((time, round) => (baseline[round] ?? Number.NaN) / time));
}

/** Formats a rate with thousands separators, e.g. `123,456/s`. */
export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

/** Renders rows as an aligned text table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
