import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../src/args.js';
import { runEmbedded } from '../src/run.js';

const silentIo = { progress: () => {}, logger: { info: () => {}, error: () => {} } };

describe('the tutorial on embedded emulators', () => {
  it('stores exactly the readings at or above 35 °C that were sent over two shards', async () => {
    // Prepare
    const options = parseStartArgs(['--count', '300']);

    // Act
    const summary = await runEmbedded(options, 35, silentIo);

    // Assess
    expect(summary.sent).toBe(300);
    expect(summary.failed).toBe(0);
    expect(Object.keys(summary.shards)).toEqual(['shardId-000000000000', 'shardId-000000000001']);
    expect(Object.values(summary.shards).reduce((a, b) => a + b, 0)).toBe(300);
    expect(summary.matching).toBeGreaterThan(0);
    expect(summary.stored).toBe(summary.matching);
    expect(summary.items).toHaveLength(summary.matching);
    for (const item of summary.items) expect(item.Temperature).toBeGreaterThanOrEqual(35);
  });

  it('uses the number of shards asked for', async () => {
    // Act
    const summary = await runEmbedded(
      parseStartArgs(['--count', '200', '--shards', '4']),
      35,
      silentIo,
    );

    // Assess
    expect(Object.keys(summary.shards)).toHaveLength(4);
    expect(summary.stored).toBe(summary.matching);
  });

  it('reshards 2 → 1 between two sends, and a tail consumer reads every reading beside the handler', async () => {
    // Prepare
    const tailed: string[] = [];

    // Act
    const summary = await runEmbedded(
      parseStartArgs(['--count', '200', '--reshard-to', '1', '--tail']),
      35,
      { ...silentIo, tail: (line) => tailed.push(line) },
    );

    // Assess
    expect(summary.phases.map((phase) => phase.shardCount)).toEqual([2, 1]);
    expect(summary.reshard?.shardsAfter).toEqual(['shardId-000000000002']);
    expect(summary.phases[1]?.shards).toEqual({ 'shardId-000000000002': 200 });
    expect(summary.sent).toBe(400);
    expect(summary.stored).toBe(summary.matching);
    expect(summary.tailed).toBe(400);
    expect(new Set(tailed).size).toBe(400);
  });

  it("--window runs the windowed function beside the handler: every reading counted once in aligned windows, through a reshard, each Spot's maximum agreeing with the stored readings", async () => {
    // Act
    const summary = await runEmbedded(
      parseStartArgs(['--count', '150', '--reshard-to', '1', '--window', '1']),
      35,
      silentIo,
    );

    // Assess
    const windows = summary.windows ?? [];
    expect(summary.windowTableName).toBe('TestWindowTable');
    const counted = windows.flatMap((window) => window.spots).reduce((n, s) => n + s.count, 0);
    expect(counted).toBe(300);
    for (const window of windows) {
      const start = Date.parse(window.start);
      expect(start % 1_000).toBe(0);
      expect(Date.parse(window.end) - start).toBe(1_000);
      for (const spot of window.spots) {
        expect(spot.min).toBeLessThanOrEqual(spot.mean);
        expect(spot.mean).toBeLessThanOrEqual(spot.max);
      }
    }
    const hottest = new Map<string, number>();
    for (const item of summary.items) {
      hottest.set(item.Spot, Math.max(hottest.get(item.Spot) ?? 0, item.Temperature));
    }
    for (const [spot, temperature] of hottest) {
      const max = Math.max(
        ...windows.flatMap((window) =>
          window.spots.filter((s) => s.spot === spot).map((s) => s.max),
        ),
      );
      expect(max).toBe(temperature);
    }
  });
});
