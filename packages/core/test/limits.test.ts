import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_RECORD_BYTES,
  GET_RECORDS_CALLS_PER_SECOND,
  MAX_GET_RECORDS_BYTES,
  MAX_PUT_RECORDS_BYTES,
  MAX_PUT_RECORDS_COUNT,
  MAX_RECORD_BYTES_CEILING,
  MIN_GET_RECORDS_INTERVAL_MS,
  SHARD_BYTES_PER_SECOND,
  SHARD_RECORDS_PER_SECOND,
} from '../src/index.js';

// The limits are facts, not behaviour; what is checked here is how they relate, so a mistyped
// figure that breaks a relation Kinesis guarantees fails.
describe('service limits', () => {
  it('fits a full PutRecords request of the largest default records within 5 requests of a shard second', () => {
    expect(MAX_PUT_RECORDS_BYTES / DEFAULT_MAX_RECORD_BYTES).toBe(5);
    expect(MAX_PUT_RECORDS_COUNT).toBeLessThanOrEqual(SHARD_RECORDS_PER_SECOND);
    expect(SHARD_BYTES_PER_SECOND).toBe(DEFAULT_MAX_RECORD_BYTES);
  });

  it('keeps one raised record within one GetRecords response', () => {
    expect(MAX_RECORD_BYTES_CEILING).toBeLessThanOrEqual(MAX_GET_RECORDS_BYTES);
  });

  it('spaces GetRecords calls so a shard sees no more than its calls per second', () => {
    expect(MIN_GET_RECORDS_INTERVAL_MS * GET_RECORDS_CALLS_PER_SECOND).toBe(1_000);
  });
});
