import type { Reading } from '@kds/schema';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  and,
  type ComparisonOperator,
  FilterRuleError,
  or,
  toFilterCriteria,
  where,
} from '../src/index.js';
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
    "throws a FilterRuleError for '%s' on a string operand",
    (operator) => {
      // Act
      const build = () => onSpot(operator, 'A');

      // Assess
      expect(build).toThrow(FilterRuleError);
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

describe('where without type arguments', () => {
  it('fits where a filter of readings is expected', () => {
    // Prepare
    const keep: (reading: Reading) => boolean = where('Temperature', '>=', 35);

    // Act
    const kept = [makeReading({ Temperature: 35 }), makeReading({ Temperature: 12 })].filter(keep);

    // Assess
    expect(kept).toEqual([makeReading({ Temperature: 35 })]);
    expectTypeOf(where('Temperature', '>=', 35)).toExtend<(reading: Reading) => boolean>();
    expectTypeOf(where('Temprature', '>=', 35)).not.toExtend<(reading: Reading) => boolean>();
  });

  it.each([
    { case: 'NaN', operand: Number.NaN },
    { case: 'Infinity', operand: Number.POSITIVE_INFINITY },
    { case: 'an object', operand: {} as unknown as number },
  ])('throws a FilterRuleError on $case as operand', ({ operand }) => {
    // Act
    const build = () => where('Temperature', '>=', operand);

    // Assess
    expect(build).toThrow(FilterRuleError);
  });

  it('throws a FilterRuleError on an unknown operator', () => {
    // Act
    const build = () => where('Temperature', '=>' as ComparisonOperator, 35);

    // Assess
    expect(build).toThrow('where(): unknown operator "=>"');
  });
});

describe('and', () => {
  it('holds when every predicate holds, and merges their fields into one pattern', () => {
    // Prepare
    const hotAtQ = and(where('Temperature', '>=', 35), where('Spot', '=', 'Q'));

    // Act
    const results = [
      hotAtQ(makeReading({ Temperature: 36, Spot: 'Q' })),
      hotAtQ(makeReading({ Temperature: 36, Spot: 'A' })),
      hotAtQ(makeReading({ Temperature: 20, Spot: 'Q' })),
    ];

    // Assess
    expect(results).toEqual([true, false, false]);
    expect(hotAtQ.filterPatterns).toEqual([
      { data: { Temperature: [{ numeric: ['>=', 35] }], Spot: ['Q'] } },
    ]);
  });

  it.each([
    { low: where('Temperature', '>=', 20), high: where('Temperature', '<', 26) },
    { low: where('Temperature', '<', 26), high: where('Temperature', '>=', 20) },
  ])('turns a lower and an upper bound on one field into a numeric range', ({ low, high }) => {
    // Act
    const comfortable = and(low, high);

    // Assess
    expect(comfortable.filterPatterns).toEqual([
      { data: { Temperature: [{ numeric: ['>=', 20, '<', 26] }] } },
    ]);
    expect([19, 20, 25.9, 26].map((t) => comfortable(makeReading({ Temperature: t })))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('ANDs each pattern of an or() with the other predicates', () => {
    // Prepare
    const extreme = or(where('Temperature', '<', 0), where('Temperature', '>', 40));

    // Act
    const atQ = and(extreme, where('Spot', '=', 'Q'));

    // Assess
    expect(atQ.filterPatterns).toEqual([
      { data: { Temperature: [{ numeric: ['<', 0] }], Spot: ['Q'] } },
      { data: { Temperature: [{ numeric: ['>', 40] }], Spot: ['Q'] } },
    ]);
  });

  it.each([
    { case: 'two lower bounds', second: where('Temperature', '>', 30) },
    { case: 'an equality and a bound', second: where('Temperature', '=', 30) },
    { case: 'a not-equal and a bound', second: where('Temperature', '!=', 30) },
  ])('throws a FilterRuleError on $case on one field', ({ second }) => {
    // Act
    const build = () => and(where('Temperature', '>=', 20), second);

    // Assess
    expect(build).toThrow(FilterRuleError);
    expect(build).toThrow('two conditions on "Temperature" cannot be one Lambda filter pattern');
  });

  it('throws a FilterRuleError when the product of patterns exceeds 5', () => {
    // Prepare
    const spots = or(where('Spot', '=', 'A'), where('Spot', '=', 'B'), where('Spot', '=', 'C'));
    const ranges = or(where('Temperature', '<', 0), where('Temperature', '>', 40));

    // Act
    const build = () => and(spots, ranges);

    // Assess
    expect(build).toThrow(
      'and(): the rule needs 6 Lambda filter patterns; an event source mapping takes at most 5',
    );
  });
});

describe('or', () => {
  it('holds when any predicate holds, with their patterns side by side', () => {
    // Prepare
    const extreme = or(where('Temperature', '<', 0), where('Temperature', '>', 40));

    // Act
    const results = [-1, 0, 40, 41].map((t) => extreme(makeReading({ Temperature: t })));

    // Assess
    expect(results).toEqual([true, false, false, true]);
    expect(toFilterCriteria(extreme)).toEqual({
      Filters: [
        { Pattern: '{"data":{"Temperature":[{"numeric":["<",0]}]}}' },
        { Pattern: '{"data":{"Temperature":[{"numeric":[">",40]}]}}' },
      ],
    });
  });

  it('throws a FilterRuleError past 5 patterns', () => {
    // Prepare
    const spots = (['A', 'B', 'C', 'D', 'E', 'F'] as const).map((spot) => where('Spot', '=', spot));

    // Act
    const build = () => or(...(spots as [(typeof spots)[number], ...typeof spots]));

    // Assess
    expect(build).toThrow(FilterRuleError);
  });
});

describe('toFilterCriteria limits', () => {
  it('throws a FilterRuleError when the predicates need more than 5 patterns', () => {
    // Prepare
    const spots = (['A', 'B', 'C', 'D', 'E', 'F'] as const).map((spot) => where('Spot', '=', spot));

    // Act
    const build = () => toFilterCriteria(...spots);

    // Assess
    expect(build).toThrow(
      'toFilterCriteria(): the rule needs 6 Lambda filter patterns; an event source mapping takes at most 5',
    );
  });
});

// What Lambda's filter of the exported pattern selects, per the Lambda guide
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html: a field holding an
// array matches when one element does; anything-but matches any other value) and event-ruler,
// the engine behind it (aws/event-ruler: ArrayMembershipTest, anything-but of another type).
describe('where selects what its Lambda pattern selects', () => {
  const record = (fields: Record<string, unknown>) => fields as unknown as Reading;

  it.each([
    {
      case: 'Spot = \'A\' on ["A","B"]',
      predicate: onSpot('=', 'A'),
      value: ['A', 'B'],
      kept: true,
    },
    {
      case: 'Spot = \'A\' on [["B"],["A"]]',
      predicate: onSpot('=', 'A'),
      value: [['B'], ['A']],
      kept: true,
    },
    { case: 'Spot = \'A\' on ["B"]', predicate: onSpot('=', 'A'), value: ['B'], kept: false },
    {
      case: 'Temperature >= 35 on [20, 36]',
      predicate: onTemperature('>=', 35),
      value: [20, 36],
      kept: true,
    },
    {
      case: 'Temperature = 35 on [35]',
      predicate: onTemperature('=', 35),
      value: [35],
      kept: true,
    },
    { case: "Spot != 'A' on null", predicate: onSpot('!=', 'A'), value: null, kept: true },
    { case: "Spot != 'A' on 65", predicate: onSpot('!=', 'A'), value: 65, kept: true },
    { case: "Spot != 'A' on true", predicate: onSpot('!=', 'A'), value: true, kept: true },
    {
      case: 'Temperature != 35 on "35"',
      predicate: onTemperature('!=', 35),
      value: '35',
      kept: true,
    },
    {
      case: 'Spot != \'A\' on ["A","B"]',
      predicate: onSpot('!=', 'A'),
      value: ['A', 'B'],
      kept: true,
    },
    { case: 'Spot != \'A\' on ["A"]', predicate: onSpot('!=', 'A'), value: ['A'], kept: false },
    { case: "Spot != 'A' on []", predicate: onSpot('!=', 'A'), value: [], kept: false },
    {
      case: "Spot != 'A' on an object",
      predicate: onSpot('!=', 'A'),
      value: { id: 'B' },
      kept: false,
    },
  ])('$case: $kept', ({ predicate, value, kept }) => {
    // Act
    const result = predicate(record({ Spot: value, Temperature: value }));

    // Assess
    expect(result).toBe(kept);
  });

  it('holds a range of and() only when one element is inside it, as Lambda does', () => {
    // Prepare
    const comfortable = and(where('Temperature', '>=', 20), where('Temperature', '<', 26));

    // Act
    const results = [
      [10, 30],
      [10, 22],
    ].map((t) => comfortable(record({ Temperature: t })));

    // Assess
    expect(results).toEqual([false, true]);
  });

  it.each(['Sensor.id', '$or', ''])(
    'throws a FilterRuleError on the field %j, which Lambda reads otherwise',
    (field) => {
      // Act
      const build = () => where(field, '=', 'x');

      // Assess
      expect(build).toThrow(FilterRuleError);
      expect(build).toThrow('where(): the field must be a top-level key');
    },
  );
});
