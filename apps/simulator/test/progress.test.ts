import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';

describe('createProgress', () => {
  it('redraws one bar in place on a terminal', () => {
    // Prepare
    const written: string[] = [];
    let clock = 0;
    const progress = createProgress({
      write: (t) => written.push(t),
      isTTY: true,
      now: () => clock,
    });

    // Act
    clock = 1_000;
    progress.update(50, 100);
    clock = 2_000;
    progress.update(100, 100);
    progress.finish();

    // Assess
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r█{15}░{15} {2}50% {2}50\/100 readings {2}50\/s/);
    expect(written[1]).toMatch(/^\r█{30} 100% {2}100\/100 readings {2}50\/s/);
    expect(written[2]).toBe('\n');
  });

  it('prints plain lines every 10 % without a terminal', () => {
    // Prepare
    const written: string[] = [];
    const progress = createProgress({ write: (t) => written.push(t), isTTY: false, now: () => 1 });

    // Act
    for (let done = 0; done <= 1_000; done += 1) progress.update(done, 1_000);
    progress.finish();

    // Assess
    expect(written).toHaveLength(11);
    expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(written[5]).toMatch(/^ {2}sent 500\/1000 readings \(50%/);
  });
});
