/** Width of the bar in characters. */
const BAR_WIDTH = 30;
/** Without a terminal, one plain line per this share of the run. */
const PLAIN_STEP_PERCENT = 10;

/** Shows how far a paced send is. */
export interface Progress {
  update(done: number, total: number): void;
  /** Ends the bar's line (on a terminal). */
  finish(): void;
}

/**
 * A progress bar redrawn in place on a terminal, or plain lines every 10 % when the output is a
 * file or a pipe (so logs stay readable).
 *
 * @example
 * ```ts
 * import { createProgress } from './progress.js';
 *
 * const progress = createProgress({ write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true });
 * progress.update(50, 100);
 * progress.finish();
 * ```
 */
export function createProgress(options: {
  write: (text: string) => void;
  isTTY: boolean;
  now?: () => number;
}): Progress {
  const { write, isTTY, now = Date.now } = options;
  const started = now();
  let lastStep = -1;
  let drawn = false;
  return {
    update(done, total) {
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const percent = Math.floor(ratio * 100);
      const seconds = Math.max((now() - started) / 1_000, 0.001);
      const rate = Math.round(done / seconds);
      if (isTTY) {
        const filled = Math.round(ratio * BAR_WIDTH);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
        write(
          `\r${bar} ${String(percent).padStart(3)}%  ${done}/${total} readings  ${rate}/s\x1b[K`,
        );
        drawn = true;
        return;
      }
      const step = Math.floor(percent / PLAIN_STEP_PERCENT);
      if (step <= lastStep) return;
      lastStep = step;
      write(`  sent ${done}/${total} readings (${percent}%, ${rate}/s)\n`);
    },
    finish() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
