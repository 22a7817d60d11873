import { describe, expect, it } from 'vitest';
import { isListening, listeningPorts, pollUntil } from '../src/processes.js';
import { recordResult } from '../src/results.js';
import { sized } from '../src/scale.js';
import { startSimulator } from '../src/simulator.js';

/** How long the run sends before the signal (after its emulators are up). */
const SEND_BEFORE_SIGNAL_MS = sized({ ci: 2_500, full: 20_000 });
const RATE = 200;
const DURATION = '60s';
/** Far above the time to flush, consume and stop: a hang fails the test instead of stalling it. */
const EXIT_TIMEOUT_MS = 300_000;

interface Summary {
  sent: number;
  failed: number;
  shards: Record<string, number>;
  matching: number;
  stored: number | null;
  elapsedMs: number;
}

describe.each([
  { signal: 'SIGINT' as const, exitCode: 130 },
  { signal: 'SIGTERM' as const, exitCode: 143 },
])('scenario 6: $signal during a 60 s simulator run', ({ signal, exitCode }) => {
  it(`flushes, prints its summary, exits ${exitCode} and leaves no emulator running`, async () => {
    // Prepare
    const run = startSimulator(['--rate', String(RATE), '--duration', DURATION, '--json'], {
      timeoutMs: 300_000,
    });
    // Both emulators listen once the simulator has started them: then it is sending.
    const ports = await pollUntil(
      () => {
        const found = listeningPorts(run.pid);
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 300_000 },
    );
    expect(ports, 'the simulator never started its emulators').toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, SEND_BEFORE_SIGNAL_MS));

    // Act
    const signalledAt = performance.now();
    run.child.kill(signal);
    const exit = await Promise.race([
      run.exited,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no exit ${EXIT_TIMEOUT_MS} ms after ${signal}`)),
          EXIT_TIMEOUT_MS,
        ),
      ),
    ]);
    const exitMs = performance.now() - signalledAt;
    const stillListening = await Promise.all((ports ?? []).map((port) => isListening(port)));

    // Assess
    expect(exit.code, exit.stderr).toBe(exitCode);
    const lines = exit.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] ?? '') as Summary;
    const perShard = Object.values(summary.shards).reduce((sum, count) => sum + count, 0);
    recordResult(`signal-${signal.toLowerCase()}`, {
      sent: summary.sent,
      failed: summary.failed,
      matching: summary.matching,
      stored: summary.stored,
      lost: summary.matching - (summary.stored ?? 0),
      exitCode: exit.code,
      exitAfterSignalMs: Math.round(exitMs),
      emulatorPortsLeftOpen: stillListening.filter(Boolean).length,
    });
    expect(summary.sent).toBeGreaterThan(0);
    // Stopped early: a full run would send RATE × 60 readings.
    expect(summary.sent + summary.failed).toBeLessThan(RATE * 60);
    expect(summary.failed).toBe(0);
    expect(perShard).toBe(summary.sent);
    expect(summary.stored).toBe(summary.matching);
    expect(stillListening).toEqual((ports ?? []).map(() => false));
    expect(listeningPorts(run.pid)).toEqual([]);
  });
});
