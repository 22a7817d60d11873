import { ReadingSchema, SPOTS } from '@kds/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecoder, DecodeError, DecodeErrorCode, type DecodeResult } from '../src/index.js';
import { encodeJson, makeRecord } from './helpers/records.js';
import { anyValueSchema } from './helpers/schemas.js';

const CODES = Object.values(DecodeErrorCode);
const decoder = createDecoder({ schema: ReadingSchema });

/** The invariant of every result: ok with a value, or not ok with a DecodeError of a known code. */
function isWellFormed(result: DecodeResult<unknown>): boolean {
  if (result.ok) return 'value' in result;
  return result.error instanceof DecodeError && CODES.includes(result.error.code);
}

const reading = fc.record({
  Timestamp: fc.maxSafeNat(),
  Spot: fc.constantFrom(...SPOTS),
  // JSON has no -0: `+ 0` turns it into 0 so the round trip compares equal.
  Temperature: fc.double({ noNaN: true, noDefaultInfinity: true }).map((t) => t + 0),
});

describe('createDecoder properties', () => {
  it.each([
    { name: 'any string', data: fc.string({ unit: 'binary', maxLength: 200 }) },
    { name: 'any base64-looking string', data: fc.base64String({ maxLength: 200 }) },
    { name: 'any string of base64 characters', data: fc.stringMatching(/^[A-Za-z0-9+/=]{0,64}$/) },
  ])('never throws when data is $name, and returns a well-formed result', ({ data }) => {
    // Prepare
    const property = fc.property(data, (text) => {
      // Act
      const result = decoder.decode(makeRecord(text));

      // Assess
      expect(isWellFormed(result)).toBe(true);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it.each([
    { name: 'the reading schema', schema: ReadingSchema },
    { name: 'a schema that accepts any value', schema: anyValueSchema },
  ])('never throws on arbitrary bytes, base64-encoded, with $name', ({ schema }) => {
    // Prepare
    const bytesDecoder = createDecoder({ schema });
    const property = fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      // Act
      const result = bytesDecoder.decode(makeRecord(Buffer.from(bytes).toString('base64')));

      // Assess
      expect(isWellFormed(result)).toBe(true);
      expect(result.ok ? 'ok' : result.error.code).not.toBe(DecodeErrorCode.BadBase64);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('never throws on any cap, failing with TOO_LARGE exactly when the bytes exceed it', () => {
    // Prepare
    const property = fc.property(
      fc.uint8Array({ maxLength: 64 }),
      fc.nat({ max: 80 }),
      (bytes, maxRecordBytes) => {
        const capped = createDecoder({ schema: anyValueSchema, maxRecordBytes });

        // Act
        const result = capped.decode(makeRecord(Buffer.from(bytes).toString('base64')));

        // Assess
        expect(isWellFormed(result)).toBe(true);
        const tooLarge = !result.ok && result.error.code === DecodeErrorCode.TooLarge;
        expect(tooLarge).toBe(bytes.length > maxRecordBytes);
      },
    );

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('never throws on any JSON text, and never lets a value through Object.prototype', () => {
    // Prepare
    const anyDecoder = createDecoder({ schema: anyValueSchema });
    const property = fc.property(fc.json(), (text) => {
      // Act
      const result = anyDecoder.decode(makeRecord(Buffer.from(text).toString('base64')));

      // Assess
      expect(isWellFormed(result)).toBe(true);
      expect(Object.keys(Object.prototype)).toEqual([]);
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });

  it('decodes every valid reading back to itself', () => {
    // Prepare
    const property = fc.property(reading, (value) => {
      // Act
      const record = makeRecord(encodeJson(value));
      const result = decoder.decode(record);

      // Assess
      expect(result).toEqual({ ok: true, value, record });
    });

    // Act + Assess
    fc.assert(property, { numRuns: 500 });
  });
});
