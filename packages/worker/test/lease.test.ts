import { describe, expect, it } from 'vitest';
import { compareExtended, InvalidOptionError, isSentinel } from '../src/index.js';

const at = (sequenceNumber: string, subSequenceNumber = 0) => ({
  sequenceNumber,
  subSequenceNumber,
});

describe('compareExtended', () => {
  it.each([
    [
      'a larger sequence number past 2^53',
      at('49590338271490256608559692538361571095921575989136588899'),
      at('49590338271490256608559692538361571095921575989136588898'),
      1,
    ],
    ['numbers of different lengths', at('100'), at('99'), 1],
    ['equal sequence numbers, higher sub-sequence number', at('5', 3), at('5', 2), 1],
    ['equal positions', at('5', 2), at('5', 2), 0],
    ['TRIM_HORIZON below any sequence number', at('TRIM_HORIZON'), at('0'), -1],
    ['LATEST below any sequence number', at('LATEST'), at('1'), -1],
    ['AT_TIMESTAMP below TRIM_HORIZON', at('AT_TIMESTAMP'), at('TRIM_HORIZON'), -1],
    ['TRIM_HORIZON below LATEST', at('TRIM_HORIZON'), at('LATEST'), -1],
    [
      'SHARD_END above any sequence number',
      at('SHARD_END'),
      at('99999999999999999999999999999999999999999999999999999999'),
      1,
    ],
    ['SHARD_END equal to itself', at('SHARD_END'), at('SHARD_END', 0), 0],
  ])('orders %s', (_name, a, b, expected) => {
    expect(compareExtended(a, b)).toBe(expected);
    expect(compareExtended(b, a)).toBe(-expected || 0);
  });

  it('refuses a value that is neither digits nor a sentinel', () => {
    expect(() => compareExtended(at('12a'), at('1'))).toThrow(InvalidOptionError);
  });
});

describe('isSentinel', () => {
  it.each([
    ['TRIM_HORIZON', true],
    ['LATEST', true],
    ['AT_TIMESTAMP', true],
    ['SHARD_END', true],
    ['49590338271490256608559692538361571095921575989136588898', false],
  ])('%s -> %s', (sequenceNumber, expected) => {
    expect(isSentinel(at(sequenceNumber))).toBe(expected);
  });
});
