import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeReading,
  encodeReading,
  ReadingError,
  ReadingSchema,
  SPOTS,
  safeDecodeReading,
  stringifyReading,
  validateReading,
} from '../src/index.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Values that are not readings, and the field each one gets wrong. */
const INVALID: [string, unknown, string][] = [
  ['a negative Timestamp', { Timestamp: -1, Spot: 'A', Temperature: 20 }, 'Timestamp'],
  ['a fractional Timestamp', { Timestamp: 1.5, Spot: 'A', Temperature: 20 }, 'Timestamp'],
  ['an unsafe Timestamp', { Timestamp: 2 ** 53, Spot: 'A', Temperature: 20 }, 'Timestamp'],
  ['a lower-case Spot', { Timestamp: 1, Spot: 'a', Temperature: 20 }, 'Spot'],
  ['a two-letter Spot', { Timestamp: 1, Spot: 'AB', Temperature: 20 }, 'Spot'],
  ['a string Temperature', { Timestamp: 1, Spot: 'A', Temperature: '20' }, 'Temperature'],
  ['an infinite Temperature', { Timestamp: 1, Spot: 'A', Temperature: Infinity }, 'Temperature'],
  ['a missing Temperature', { Timestamp: 1, Spot: 'A' }, 'Temperature'],
  ['an unknown key', { Timestamp: 1, Spot: 'A', Temperature: 20, Humidity: 3 }, 'Humidity'],
  ['a null', null, '(root)'],
  ['an array', [1, 'A', 20], '(root)'],
];

describe('ReadingSchema', () => {
  it('accepts the tutorial reading', () => {
    // Prepare
    const reading = { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 };

    // Act
    const result = validateReading(reading);

    // Assess
    expect(result).toEqual({ ok: true, value: reading });
  });

  it('knows the 26 spots A..Z', () => {
    expect(SPOTS).toHaveLength(26);
    expect(SPOTS[0]).toBe('A');
    expect(SPOTS[25]).toBe('Z');
  });

  it.each(INVALID)('rejects %s, naming the field', (_, input, field) => {
    // Act
    const result = validateReading(input);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ReadingError);
    expect(result.error.code).toBe('SCHEMA');
    expect(result.error.message).toContain(field);
  });
});

describe('codec', () => {
  it('round-trips a reading through bytes', () => {
    // Prepare
    const reading = ReadingSchema.parse({ Timestamp: 42, Spot: 'Z', Temperature: 35 });

    // Act
    const encoded = encodeReading(reading);

    // Assess
    expect(new TextDecoder().decode(encoded)).toBe('{"Timestamp":42,"Spot":"Z","Temperature":35}');
    expect(decodeReading(encoded)).toEqual(reading);
  });

  it('refuses to encode an invalid reading', () => {
    const invalid = { Timestamp: 1, Spot: 'AA', Temperature: 20 } as never;
    expect(() => encodeReading(invalid)).toThrow(ReadingError);
  });

  it('reports bytes that are not JSON with code BAD_JSON', () => {
    // Act
    const result = safeDecodeReading(bytes('{"Timestamp":'));

    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_JSON');
      expect(result.error.cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('throws a ReadingError with code SCHEMA from decodeReading', () => {
    expect(() => decodeReading(bytes('{"Timestamp":1,"Spot":"A"}'))).toThrow(
      expect.objectContaining({ code: 'SCHEMA', message: expect.stringContaining('Temperature') }),
    );
  });

  it('does not let a __proto__ key through the strict schema', () => {
    const result = safeDecodeReading(
      bytes('{"Timestamp":1,"Spot":"A","Temperature":20,"__proto__":{"polluted":true}}'),
    );
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('stringifyReading', () => {
  it.each([
    { Timestamp: 1_732_600_000_000, Spot: 'Q', Temperature: 36 },
    { Timestamp: 0, Spot: 'A', Temperature: -12.5 },
    { Timestamp: Number.MAX_SAFE_INTEGER, Spot: 'Z', Temperature: 1e21 },
    { Timestamp: 7, Spot: 'M', Temperature: -0 },
    { Temperature: 5e-7, Spot: 'B', Timestamp: 3 },
  ])('writes the text JSON.stringify gives for the parsed reading: %o', (reading) => {
    // Act
    const text = stringifyReading(reading as never);

    // Assess
    expect(text).toBe(JSON.stringify(ReadingSchema.parse(reading)));
    expect(new TextDecoder().decode(encodeReading(reading as never))).toBe(text);
  });

  it.each(INVALID)('refuses %s with a ReadingError naming the field', (_, input, field) => {
    expect(() => stringifyReading(input as never)).toThrow(
      expect.objectContaining({ code: 'SCHEMA', message: expect.stringContaining(field) }),
    );
  });

  it('agrees with the schema on any object: the same text when valid, a SCHEMA error when not', () => {
    const field = fc.oneof(
      fc.integer({ min: -5, max: 100 }),
      fc.constantFrom(2 ** 53, Number.MAX_SAFE_INTEGER, 0.5, -0, Number.NaN, Infinity),
      fc.double(),
      fc.constantFrom(...SPOTS, 'a', 'AA', ''),
      fc.constant(undefined),
      fc.constant(null),
    );
    const candidate = fc.record(
      {
        Timestamp: field,
        Spot: field,
        Temperature: field,
        Humidity: field,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(candidate, (input) => {
        const parsed = ReadingSchema.safeParse(input);
        if (parsed.success) {
          expect(stringifyReading(input as never)).toBe(JSON.stringify(parsed.data));
        } else {
          expect(() => stringifyReading(input as never)).toThrow(ReadingError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes a reading with an inherited field as the schema does', () => {
    // Prepare: Temperature comes from the prototype, which the schema reads too.
    const reading = Object.assign(Object.create({ Temperature: 21 }), { Timestamp: 1, Spot: 'C' });

    // Act and assess
    expect(stringifyReading(reading)).toBe(JSON.stringify(ReadingSchema.parse(reading)));
  });
});
