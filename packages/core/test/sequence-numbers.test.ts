import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSequenceNumbers, isSequenceNumber } from '../src/index.js';

describe('compareSequenceNumbers', () => {
  it('orders numbers past 2^53 that Numbers would call equal', () => {
    const a = '49590338271490256608559692538361571095921575989136588898';
    const b = '49590338271490256608559692538361571095921575989136588899';
    expect(Number(a)).toBe(Number(b));
    expect(compareSequenceNumbers(a, b)).toBe(-1);
    expect(compareSequenceNumbers(b, a)).toBe(1);
    expect(compareSequenceNumbers(a, a)).toBe(0);
  });

  it('orders numbers of different lengths by value, not as text', () => {
    expect(['10', '9', '100'].sort(compareSequenceNumbers)).toEqual(['9', '10', '100']);
    expect(compareSequenceNumbers('0009', '10')).toBe(-1);
  });

  it('agrees with BigInt on arbitrary decimal strings', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 60n }),
        fc.bigInt({ min: 0n, max: 10n ** 60n }),
        (a, b) => {
          const expected = a < b ? -1 : a > b ? 1 : 0;
          expect(compareSequenceNumbers(a.toString(), b.toString())).toBe(expected);
        },
      ),
    );
  });
});

describe('isSequenceNumber', () => {
  it.each(['0', '49590338271490256608559692538361571095921575989136588898', '9'.repeat(129)])(
    'accepts %s',
    (text) => {
      expect(isSequenceNumber(text)).toBe(true);
    },
  );

  it.each(['', '01', '-1', 'TRIM_HORIZON', '9'.repeat(130), 42])('refuses %j', (text) => {
    expect(isSequenceNumber(text)).toBe(false);
  });
});
