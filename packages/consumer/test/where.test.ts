import type { Reading } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import { type ComparisonOperator, toFilterCriteria, where } from '../src/index.js';
import { makeReading } from './helpers/records.js';

const onTemperature = (operator: ComparisonOperator, operand: number | string) =>
  where('Temperature', operator, operand);
const onSpot = (operator: ComparisonOperator, operand: number | string) =>
  where('Spot', operator, operand);

describe('where', () => {
  it('carries the Lambda filter pattern of the tutorial', () => {
    // Act
    const hot = where('Temperature', '>=', 35);

    // Assess
    expect(hot.filterPattern).toEqual({ data: { Temperature: [{ numeric: ['>=', 35] }] } });
  });

  describe.each([
    {
      operator: '=' as const,
      pattern: [{ numeric: ['=', 35] }],
      accepts: [35],
      rejects: [34.9, 35.1, -35],
    },
    {
      operator: '!=' as const,
      pattern: [{ 'anything-but': [35] }],
      accepts: [34.9, 35.1, -35],
      rejects: [35],
    },
    {
      operator: '>' as const,
      pattern: [{ numeric: ['>', 35] }],
      accepts: [35.01, 40],
      rejects: [35, 20, -40],
    },
    {
      operator: '>=' as const,
      pattern: [{ numeric: ['>=', 35] }],
      accepts: [35, 35.5, 40],
      rejects: [34.99, 20],
    },
    {
      operator: '<' as const,
      pattern: [{ numeric: ['<', 35] }],
      accepts: [34.99, -40],
      rejects: [35, 40],
    },
    {
      operator: '<=' as const,
      pattern: [{ numeric: ['<=', 35] }],
      accepts: [35, 20],
      rejects: [35.01, 40],
    },
  ])('Temperature $operator 35', ({ operator, pattern, accepts, rejects }) => {
    it(`has the filter pattern ${JSON.stringify(pattern)}`, () => {
      // Act
      const predicate = onTemperature(operator, 35);

      // Assess
      expect(predicate.filterPattern).toEqual({ data: { Temperature: pattern } });
    });

    it.each(accepts)('accepts Temperature %s', (temperature) => {
      // Prepare
      const predicate = onTemperature(operator, 35);

      // Act
      const kept = predicate(makeReading({ Temperature: temperature }));

      // Assess
      expect(kept).toBe(true);
    });

    it.each(rejects)('rejects Temperature %s', (temperature) => {
      // Prepare
      const predicate = onTemperature(operator, 35);

      // Act
      const kept = predicate(makeReading({ Temperature: temperature }));

      // Assess
      expect(kept).toBe(false);
    });
  });

  describe.each([
    { operator: '=' as const, pattern: ['A'], accepts: ['A'], rejects: ['B', 'Z'] },
    {
      operator: '!=' as const,
      pattern: [{ 'anything-but': ['A'] }],
      accepts: ['B', 'Z'],
      rejects: ['A'],
    },
  ])("Spot $operator 'A'", ({ operator, pattern, accepts, rejects }) => {
    it(`has the filter pattern ${JSON.stringify(pattern)}`, () => {
      // Act
      const predicate = onSpot(operator, 'A');

      // Assess
      expect(predicate.filterPattern).toEqual({ data: { Spot: pattern } });
    });

    it.each(accepts)('accepts Spot %s', (spot) => {
      // Prepare
      const predicate = onSpot(operator, 'A');

      // Act
      const kept = predicate(makeReading({ Spot: spot as Reading['Spot'] }));

      // Assess
      expect(kept).toBe(true);
    });

    it.each(rejects)('rejects Spot %s', (spot) => {
      // Prepare
      const predicate = onSpot(operator, 'A');

      // Act
      const kept = predicate(makeReading({ Spot: spot as Reading['Spot'] }));

      // Assess
      expect(kept).toBe(false);
    });
  });

  it.each(['>', '>=', '<', '<='] as const)(
    "throws a RangeError for '%s' on a string operand",
    (operator) => {
      // Act
      const build = () => onSpot(operator, 'A');

      // Assess
      expect(build).toThrow(RangeError);
      expect(build).toThrow(`"${operator}" compares numbers only`);
    },
  );

  it.each([
    { case: 'a number rule on a string value', predicate: onTemperature('>=', 35), value: '40' },
    {
      case: 'a number rule on a missing value',
      predicate: onTemperature('!=', 35),
      value: undefined,
    },
    { case: 'a string rule on a number value', predicate: onSpot('=', 'A'), value: 65 },
    { case: 'a string rule on a missing value', predicate: onSpot('!=', 'A'), value: undefined },
  ])('rejects a value of the wrong type: $case', ({ predicate, value }) => {
    // Prepare
    const odd = { Timestamp: 1, Spot: value, Temperature: value } as unknown as Reading;

    // Act
    const kept = predicate(odd);

    // Assess
    expect(kept).toBe(false);
  });
});

describe('toFilterCriteria', () => {
  it('renders one predicate as the FilterCriteria of an event source mapping', () => {
    // Prepare
    const hot = onTemperature('>=', 35);

    // Act
    const criteria = toFilterCriteria(hot);

    // Assess
    expect(criteria).toEqual({
      Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }],
    });
  });

  it('renders several predicates as OR-ed filters, in order', () => {
    // Prepare
    const predicates = [onTemperature('>=', 35), onSpot('=', 'Q'), onSpot('!=', 'A')];

    // Act
    const criteria = toFilterCriteria(...predicates);

    // Assess
    expect(criteria.Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { data: { Temperature: [{ numeric: ['>=', 35] }] } },
      { data: { Spot: ['Q'] } },
      { data: { Spot: [{ 'anything-but': ['A'] }] } },
    ]);
  });

  it('renders no predicates as no filters', () => {
    // Act
    const criteria = toFilterCriteria();

    // Assess
    expect(criteria).toEqual({ Filters: [] });
  });
});
