import { describe, expect, it } from 'vitest';
import { CoreErrorCode, InvalidOptionError, KdsError } from '../src/index.js';

const PumpErrorCode = { Stalled: 'STALLED' } as const;
type PumpErrorCode = (typeof PumpErrorCode)[keyof typeof PumpErrorCode];
class PumpError extends KdsError<PumpErrorCode> {
  override readonly name: string = 'PumpError';
}

describe('KdsError', () => {
  it('carries a code, a message and the cause', () => {
    const cause = new Error('EPIPE');
    const error = new PumpError(PumpErrorCode.Stalled, 'The pump stalled', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(KdsError);
    expect(error).toMatchObject({
      name: 'PumpError',
      code: 'STALLED',
      message: 'The pump stalled',
    });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('PumpError: The pump stalled');
  });

  it('has no cause when none is given', () => {
    expect(new KdsError('X', 'x').cause).toBeUndefined();
    expect(new KdsError('X', 'x').name).toBe('KdsError');
  });
});

describe('InvalidOptionError', () => {
  it('names the option first in its message and keeps it apart', () => {
    const error = new InvalidOptionError(
      'batchSize',
      'must be an integer from 1 to 10,000 (got 0)',
    );
    expect(error).toBeInstanceOf(KdsError);
    expect(error).toMatchObject({
      name: 'InvalidOptionError',
      code: CoreErrorCode.InvalidOption,
      option: 'batchSize',
      message: 'batchSize must be an integer from 1 to 10,000 (got 0)',
    });
  });

  it('passes the cause on', () => {
    const cause = new SyntaxError('Unexpected token');
    expect(new InvalidOptionError('filter', 'is not JSON', { cause }).cause).toBe(cause);
  });
});
