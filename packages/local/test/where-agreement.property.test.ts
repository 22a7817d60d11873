import {
  and,
  type ComparisonOperator,
  or,
  type Predicate,
  toFilterCriteria,
  where,
} from '@kds/consumer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRecordFilter } from '../src/index.js';

// A predicate of @kds/consumer and the FilterCriteria exported from it must select the same
// records: the first filters after decoding, the second on Lambda before invocation (evaluated
// here by the local trigger's filter, which follows Lambda's guide and event-ruler).

const FIELDS = ['Spot', 'Temperature'] as const;
const NUMBER_OPERATORS: readonly ComparisonOperator[] = ['=', '!=', '>', '>=', '<', '<='];

const leaf = fc.oneof(
  fc.constantFrom('A', 'B', 'a', '35', ''),
  fc.constantFrom(-1, 0, 20, 34.5, 35, 36, 1e300),
  fc.constantFrom(null, true, false),
);
// Values of any shape a producer might send: leaves, arrays (nested), objects, nothing at all.
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('x', 'Spot'), leaf, { maxKeys: 2 }) },
  ),
})).value;
const recordOf = fc.record(
  { Spot: value, Temperature: value, Timestamp: fc.constant(1) },
  { requiredKeys: ['Timestamp'] },
);

const comparisonOn = (field: (typeof FIELDS)[number]) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...NUMBER_OPERATORS), fc.constantFrom(0, 20, 35))
      .map(([operator, operand]) => where(field, operator, operand)),
    fc
      .tuple(
        fc.constantFrom('=', '!=') as fc.Arbitrary<ComparisonOperator>,
        fc.constantFrom('A', '35'),
      )
      .map(([operator, operand]) => where(field, operator, operand)),
  );
const comparison = fc.oneof(...FIELDS.map(comparisonOn));
const range = fc
  .tuple(
    fc.constantFrom('>', '>=') as fc.Arbitrary<ComparisonOperator>,
    fc.constantFrom('<', '<=') as fc.Arbitrary<ComparisonOperator>,
    fc.integer({ min: 0, max: 40 }),
  )
  .map(([low, high, from]) =>
    and(where('Temperature', low, from), where('Temperature', high, from + 5)),
  );
const predicate: fc.Arbitrary<Predicate<never>> = fc.oneof(
  comparison,
  range,
  fc.tuple(comparison, comparison).map(([a, b]) => or(a, b)),
  fc.tuple(comparisonOn('Spot'), comparisonOn('Temperature')).map(([a, b]) => and(a, b)),
);

describe('a predicate and its exported FilterCriteria', () => {
  it('select the same records, whatever their values', () => {
    const property = fc.property(
      predicate,
      fc.array(recordOf, { minLength: 1, maxLength: 20 }),
      (rule, records) => {
        // Prepare
        const onLambda = createRecordFilter(toFilterCriteria(rule));
        const test = rule as unknown as (value: unknown) => boolean;

        // Act
        const local = records.map((record) => test(record));
        const exported = records.map((record) =>
          onLambda(new TextEncoder().encode(JSON.stringify(record))),
        );

        // Assess
        expect(local).toEqual(exported);
      },
    );
    fc.assert(property, { numRuns: 300 });
  });
});
