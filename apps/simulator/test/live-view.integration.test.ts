import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Reading } from '@kds/schema';
import { type HeadlessChromium, launchChromium } from '@kds/test-support/chromium';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseStartArgs } from '../src/args.js';
import { runEmbedded } from '../src/run.js';
import { fanOut, NO_OBSERVER, type RunObserver } from '../src/ui/observer.js';
import { type LiveView, startLiveView } from '../src/ui/server.js';
import { startCli } from './helpers/cli.js';

/** Screenshots land here (git-ignored). */
const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));
/** A guard against hangs only, as every wait of the suite. */
const WAIT_GUARD_MS = 300_000;
const silentIo = { progress: () => {}, logger: { info: () => {}, error: () => {} } };

/** Records every reading Kinesis accepted: what the page's Spot grid must show. */
function recordingObserver(): { observer: RunObserver; accepted: Reading[] } {
  const accepted: Reading[] = [];
  return {
    accepted,
    observer: { ...NO_OBSERVER, readingAccepted: (reading) => accepted.push(reading) },
  };
}

async function openPage(browser: HeadlessChromium, view: LiveView): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(view.url);
  await page.waitForSelector('body[data-tick]', { timeout: WAIT_GUARD_MS });
  return page;
}

describe('the live view in a real browser', () => {
  let browser: HeadlessChromium;
  let view: LiveView;

  beforeEach(async () => {
    browser = await launchChromium();
    view = await startLiveView();
  });

  afterEach(async () => {
    // When the set-up failed (no Chromium), its error is the one to read, not a second one here.
    await (browser as HeadlessChromium | undefined)?.close();
    await (view as LiveView | undefined)?.close();
  });

  it('shows a reshard 2 → 1 (parents closed, child open), the Spot grid of the readings sent, and stored equal to matching', async () => {
    // Prepare
    const page = await openPage(browser, view);
    const recording = recordingObserver();

    // Act
    const summary = await runEmbedded(parseStartArgs(['--count', '150', '--reshard-to', '1']), 35, {
      ...silentIo,
      observer: fanOut([view.observer, recording.observer]),
    });
    await page.waitForSelector('body[data-stage="finished"]', { timeout: WAIT_GUARD_MS });
    await mkdir(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUTPUT_DIR}live-view-reshard.png`, fullPage: true });

    // Assess: the shard graph.
    const nodes = await page.$$eval('#shard-graph .node', (elements) =>
      elements.map((node) => [node.getAttribute('data-shard-id'), node.getAttribute('data-state')]),
    );
    expect(Object.fromEntries(nodes)).toEqual({
      'shardId-000000000000': 'closed',
      'shardId-000000000001': 'closed',
      'shardId-000000000002': 'open',
    });
    const edges = await page.$$eval('#shard-graph .edge', (elements) =>
      elements.map(
        (edge) => `${edge.getAttribute('data-from')} -> ${edge.getAttribute('data-to')}`,
      ),
    );
    expect(edges.sort()).toEqual([
      'shardId-000000000000 -> shardId-000000000002',
      'shardId-000000000001 -> shardId-000000000002',
    ]);
    const graphCaption = await page.textContent('#shard-graph-caption');
    expect(graphCaption).toContain('shardId-000000000000 closed, read to its end');

    // Assess: the Spot grid against the readings sent and the items stored.
    expect(recording.accepted).toHaveLength(summary.sent);
    const spots = await page.$$eval('#spots li', (items) =>
      items.map((item) => ({
        spot: item.getAttribute('data-spot'),
        temperature: item.getAttribute('data-temperature'),
        readings: Number(item.getAttribute('data-readings')),
        matching: Number(item.getAttribute('data-matching')),
        hot: item.classList.contains('hot'),
        mark: item.querySelector('.mark')?.textContent ?? '',
      })),
    );
    expect(spots).toHaveLength(26);
    for (const shown of spots) {
      const sent = recording.accepted.filter((reading) => reading.Spot === shown.spot);
      const latest = sent.reduce<Reading | undefined>(
        (newest, reading) =>
          newest === undefined || reading.Timestamp > newest.Timestamp ? reading : newest,
        undefined,
      );
      expect(shown.readings).toBe(sent.length);
      expect(shown.matching).toBe(summary.items.filter((item) => item.Spot === shown.spot).length);
      expect(shown.temperature).toBe(latest === undefined ? '' : String(latest.Temperature));
      const hot = latest !== undefined && latest.Temperature >= 35;
      expect(shown.hot).toBe(hot);
      // Not by colour alone: a hot Spot says so in words.
      expect(shown.mark.includes('hot')).toBe(hot);
    }

    // Assess: stored equals matching, on the page and in the table.
    expect(summary.stored).toBe(summary.matching);
    expect(await page.textContent('#matching')).toBe(String(summary.matching));
    expect(await page.textContent('#stored')).toBe(String(summary.stored));
    expect(await page.getAttribute('#stored-check', 'data-ok')).toBe('true');
    expect(await page.textContent('#sent')).toBe(String(summary.sent));
  });

  it('leaves the pipeline’s figures whole when the browser goes away mid-run', async () => {
    // Prepare: a paced run, so that the page sees it under way.
    const page = await openPage(browser, view);
    const recording = recordingObserver();
    const options = parseStartArgs(['--rate', '200', '--duration', '2s']);
    let closedAt = -1;

    // Act: close the browser as soon as the page shows readings arriving.
    const run = runEmbedded(options, 35, {
      ...silentIo,
      observer: fanOut([view.observer, recording.observer]),
    });
    // The page's own figure: readings sent, no longer 0.
    await page.locator('#sent', { hasNotText: /^0$/ }).waitFor({ timeout: WAIT_GUARD_MS });
    closedAt = recording.accepted.length;
    await browser.close();
    const summary = await run;

    // Assess: every reading sent and every matching one stored, as without a page.
    expect(closedAt).toBeLessThan(options.count);
    expect(summary.sent).toBe(options.count);
    expect(summary.failed).toBe(0);
    expect(summary.stored).toBe(summary.matching);
    expect(summary.matching).toBe(recording.accepted.filter((r) => r.Temperature >= 35).length);
    // The server let the browser go, and kept counting without it.
    expect(view.stats().clients).toBe(0);
    expect(view.snapshot()).toMatchObject({
      sent: options.count,
      matching: summary.matching,
      storedInTable: summary.stored,
      stage: 'finished',
    });
  });
});

describe('start --ui', () => {
  it('prints the page’s address, keeps the page on the final state after the run, and exits with the run’s code on SIGTERM', async () => {
    // Prepare
    const cli = startCli(['--ui', '--json', '--count', '40']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no live view address')), WAIT_GUARD_MS);
      cli.child.stderr?.on('data', (chunk: Buffer) => {
        const match = /Live view: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(chunk.toString());
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      // A run that ends before it printed the address fails the test now, with what it said.
      void cli.finished.then((run) => {
        clearTimeout(timer);
        reject(new Error(`the run exited (${run.code}) before serving its page: ${run.stderr}`));
      }, reject);
    });

    // Act: wait for the run to finish while the page stays served.
    let snapshot: { stage: string; sent: number; storedInTable: number | null; matching: number };
    for (;;) {
      if (cli.child.exitCode !== null) throw new Error(`the run exited: ${cli.stdout()}`);
      snapshot = (await (await fetch(`${url}snapshot.json`)).json()) as typeof snapshot;
      if (snapshot.stage === 'finished' && cli.stdout().includes('"stored"')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const stillServed = await fetch(url);
    cli.child.kill('SIGTERM');
    const run = await cli.finished;

    // Assess
    expect(stillServed.status).toBe(200);
    expect(await stillServed.text()).toContain('<title>kds live view</title>');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { sent: number; stored: number; matching: number };
    expect(summary).toMatchObject({ sent: 40, stored: summary.matching });
    expect(snapshot).toMatchObject({ sent: 40, storedInTable: summary.stored });
  });
});
