import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CoreErrorCode,
  type ErrorCodeOf,
  InvalidOptionError,
  KdsError,
  withCode,
} from '../src/index.js';

const PumpErrorCode = { Stalled: 'STALLED', Closed: 'CLOSED' } as const;
type PumpErrorCode = ErrorCodeOf<typeof PumpErrorCode>;
class PumpError extends KdsError<PumpErrorCode> {
  override readonly name: string = 'PumpError';
}
class StalledError extends withCode(PumpError, PumpErrorCode.Stalled) {
  override readonly name = 'StalledError';
}
class PumpClosedError extends withCode(PumpError, PumpErrorCode.Closed, 'The pump is closed') {
  override readonly name = 'PumpClosedError';
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

describe('ErrorCodeOf', () => {
  it('is the union of the values of a code map', () => {
    expectTypeOf<PumpErrorCode>().toEqualTypeOf<'STALLED' | 'CLOSED'>();
    expectTypeOf<ErrorCodeOf<typeof CoreErrorCode>>().toEqualTypeOf<'INVALID_OPTION'>();
  });
});

describe('withCode', () => {
  it('makes errors of the base class with the one code and the message given', () => {
    const cause = new Error('EPIPE');
    const error = new StalledError('The pump stalled', { cause });
    expect(error).toBeInstanceOf(PumpError);
    expect(error).toBeInstanceOf(KdsError);
    expect(error).toMatchObject({
      name: 'StalledError',
      code: 'STALLED',
      message: 'The pump stalled',
    });
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('StalledError: The pump stalled');
  });

  it('makes errors with the message it was given, and the cause passed at throw', () => {
    const cause = new Error('closed by the operator');
    const error = new PumpClosedError({ cause });
    expect(error).toBeInstanceOf(PumpError);
    expect(error).toMatchObject({
      name: 'PumpClosedError',
      code: 'CLOSED',
      message: 'The pump is closed',
    });
    expect(error.cause).toBe(cause);
    expect(new PumpClosedError().cause).toBeUndefined();
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
