import { launchChromium } from '@kds/test-support/chromium';
import { parseStartArgs } from 'simulator/args';
import { startLiveView } from 'simulator/live-view';
import { fanOut, NO_OBSERVER, type RunObserver } from 'simulator/observer';
import { runEmbedded } from 'simulator/run';
import { descendantsCpuMs } from '../live-view/child-cpu.js';
import { type BenchSuite, formatRate, median, table } from '../suite.js';

const numberFrom = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** The load: 10,000 readings per second offered. */
const RATE = numberFrom('KDS_BENCH_LIVE_VIEW_RATE', 10_000);
const DURATION_S = numberFrom('KDS_BENCH_LIVE_VIEW_SECONDS', 5);
/**
 * Enough shards for the rate: the producer holds each shard to 1.5 × 1,000 records/s (Kinesis's
 * per-shard write limit, https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
 */
const SHARDS = numberFrom('KDS_BENCH_LIVE_VIEW_SHARDS', 10);
const ROUNDS = numberFrom('KDS_BENCH_LIVE_VIEW_ROUNDS', 3);
/** The target: the page open costs the pipeline at most this share of its throughput. */
const TARGET_LOSS = 0.05;

interface RunFigures {
  readonly sent: number;
  readonly stored: number;
  /** Every reading at or above 35 °C is in the table. */
  readonly complete: boolean;
  /** Readings sent per second of sending. */
  readonly sendRate: number;
  /** Readings sent and consumed per second, from the first send to the last checkpoint. */
  readonly throughput: number;
  /** From the last reading sent to the consumer having them all. */
  readonly drainMs: number;
  readonly snapshots: number;
  readonly skipped: number;
  /** CPU time of this process (pipeline, emulators, live view server) per 1,000 readings. */
  readonly nodeCpuMsPerThousand: number;
  /** CPU time of the browser's processes over the run, per 1,000 readings. */
  readonly browserCpuMsPerThousand: number;
}

/** Times the run from its first send to the consumer's last checkpoint, through the observer. */
function timing(): { observer: RunObserver; spanMs(): number } {
  let sending: number | undefined;
  let consumed: number | undefined;
  return {
    observer: {
      ...NO_OBSERVER,
      stageChanged(stage) {
        if (stage === 'sending') sending ??= performance.now();
        if (stage === 'stopping') consumed = performance.now();
      },
    },
    spanMs: () => (consumed ?? Number.NaN) - (sending ?? Number.NaN),
  };
}

async function measure(
  browser: Awaited<ReturnType<typeof launchChromium>> | undefined,
): Promise<RunFigures> {
  const options = parseStartArgs([
    '--rate',
    String(RATE),
    '--duration',
    `${DURATION_S}s`,
    '--shards',
    String(SHARDS),
  ]);
  const clock = timing();
  const view = browser === undefined ? undefined : await startLiveView();
  const page = await browser?.context.newPage();
  try {
    if (page !== undefined && view !== undefined) {
      await page.goto(view.url);
      await page.waitForSelector('body[data-tick]');
    }
    const cpuBefore = process.cpuUsage();
    const browserBefore = descendantsCpuMs();
    const summary = await runEmbedded(options, 35, {
      progress: () => {},
      logger: { info: () => {}, error: () => {} },
      observer: fanOut(view === undefined ? [clock.observer] : [view.observer, clock.observer]),
    });
    const cpu = process.cpuUsage(cpuBefore);
    const browserCpuMs = browser === undefined ? 0 : descendantsCpuMs() - browserBefore;
    const spanMs = clock.spanMs();
    const stats = view?.stats();
    const perThousand = (ms: number): number => (ms * 1_000) / summary.sent;
    return {
      sent: summary.sent,
      stored: summary.stored ?? 0,
      complete: summary.failed === 0 && summary.stored === summary.matching,
      sendRate: (summary.sent * 1_000) / summary.elapsedMs,
      throughput: (summary.sent * 1_000) / spanMs,
      drainMs: spanMs - summary.elapsedMs,
      snapshots: stats?.sent ?? 0,
      skipped: stats?.skipped ?? 0,
      nodeCpuMsPerThousand: perThousand((cpu.user + cpu.system) / 1_000),
      browserCpuMsPerThousand: perThousand(browserCpuMs),
    };
  } finally {
    await page?.close();
    await view?.close();
  }
}

function row(label: string, runs: readonly RunFigures[]): string[] {
  return [
    label,
    String(runs.length),
    median(runs.map((run) => run.sent)).toLocaleString('en-US'),
    formatRate(median(runs.map((run) => run.sendRate))),
    formatRate(median(runs.map((run) => run.throughput))),
    `${Math.round(median(runs.map((run) => run.drainMs)))} ms`,
    runs.every((run) => run.complete) ? 'yes' : 'no',
    `${median(runs.map((run) => run.snapshots))} / ${median(runs.map((run) => run.skipped))}`,
    `${median(runs.map((run) => run.nodeCpuMsPerThousand)).toFixed(0)} ms`,
    `${median(runs.map((run) => run.browserCpuMsPerThousand)).toFixed(0)} ms`,
  ];
}

/**
 * The tutorial pipeline (embedded emulators, producer, local trigger, handler, DynamoDB) at a
 * fixed offered rate, without the live view and with it open in a headless Chromium, in rounds of
 * alternating order.
 */
export const suite: BenchSuite = {
  name: 'live-view',
  description: `the tutorial pipeline at ${RATE.toLocaleString('en-US')} readings/s offered for ${DURATION_S} s on ${SHARDS} shards, without the --ui page and with it open in headless Chromium (target: within ${TARGET_LOSS * 100} %)`,
  async run(report) {
    const browser = await launchChromium();
    const without: RunFigures[] = [];
    const withPage: RunFigures[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        // Alternate the order, so that a machine warming up or slowing down touches both sides.
        if (round % 2 === 0) {
          without.push(await measure(undefined));
          withPage.push(await measure(browser));
        } else {
          withPage.push(await measure(browser));
          without.push(await measure(undefined));
        }
      }
    } finally {
      await browser.close();
    }
    report(
      table(
        [
          'pipeline',
          'runs',
          'readings',
          'sent/s',
          'sent → consumed/s',
          'drain after last send',
          'stored = matching',
          'snapshots sent / skipped',
          'node CPU / 1k readings',
          'browser CPU / 1k',
        ],
        [row('without the page', without), row('with the page open', withPage)],
      ),
    );
    const ratios = withPage.map(
      (run, i) => run.throughput / (without[i]?.throughput ?? Number.NaN),
    );
    const ratio = median(ratios);
    report(
      `\nwith / without, median of the per-round ratios: ${(ratio * 100).toFixed(1)} % (${ratio >= 1 - TARGET_LOSS ? 'within' : 'OUTSIDE'} the ${TARGET_LOSS * 100} % target)`,
    );
    report(
      `JSON ${JSON.stringify({ rate: RATE, seconds: DURATION_S, shards: SHARDS, without, withPage })}`,
    );
  },
};
