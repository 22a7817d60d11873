import { describe, expect, it } from 'vitest';
import { createStyle } from '../src/style.js';

describe('createStyle', () => {
  it('colours on a terminal', () => {
    const style = createStyle({ isTTY: true, env: {} });
    expect(style.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(style.bold('x')).toBe('\u001b[1mx\u001b[22m');
  });

  it.each([
    ['not a terminal', false, {}],
    ['NO_COLOR set', true, { NO_COLOR: '1' }],
    ['TERM=dumb', true, { TERM: 'dumb' }],
  ])('prints plain text when %s', (_, isTTY, env) => {
    const style = createStyle({ isTTY, env });
    expect([style.red('x'), style.green('x'), style.bold('x'), style.dim('x')]).toEqual([
      'x',
      'x',
      'x',
      'x',
    ]);
  });
});
