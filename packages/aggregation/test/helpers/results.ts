import type { DeaggregatedRecord, DecodeAggregateResult } from '../../src/index.js';

/** The user records of a result that must be an aggregate; throws otherwise. */
export function recordsOf(result: DecodeAggregateResult): readonly DeaggregatedRecord[] {
  if (!result.ok) throw new Error(`expected an aggregate, got ${result.error.message}`);
  if (!result.aggregated) throw new Error('expected an aggregate, got a plain record');
  return result.records;
}

/** What `act` throws; fails if it returns. */
export function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
