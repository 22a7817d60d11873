/** The comparisons `where` understands; each has a Lambda filter-pattern equivalent. */
export const ComparisonOperator = {
  Equal: '=',
  NotEqual: '!=',
  Greater: '>',
  GreaterOrEqual: '>=',
  Less: '<',
  LessOrEqual: '<=',
} as const;

/** One of {@link ComparisonOperator}. */
export type ComparisonOperator = (typeof ComparisonOperator)[keyof typeof ComparisonOperator];

/** A Lambda event-filter pattern on the record's JSON `data`. */
export interface FilterPattern {
  data: Record<string, unknown[]>;
}

/**
 * A test on a decoded value that also knows its Lambda FilterCriteria pattern, so the same rule can
 * filter in AWS before invocation and locally after decoding.
 */
export interface Predicate<T> {
  (value: T): boolean;
  /** The pattern Lambda evaluates on the record's JSON `data`. */
  readonly filterPattern: FilterPattern;
}

type Operand = number | string;

function compare(left: unknown, operator: ComparisonOperator, right: Operand): boolean {
  if (typeof right === 'number' && typeof left !== 'number') return false;
  if (typeof right === 'string' && typeof left !== 'string') return false;
  const l = left as Operand;
  switch (operator) {
    case '=':
      return l === right;
    case '!=':
      return l !== right;
    case '>':
      return l > right;
    case '>=':
      return l >= right;
    case '<':
      return l < right;
    case '<=':
      return l <= right;
  }
}

function patternFor(operator: ComparisonOperator, operand: Operand): unknown[] {
  // Lambda's numeric matching knows = < <= > >= only; anything-but takes numbers and strings.
  if (operator === '!=') return [{ 'anything-but': [operand] }];
  if (typeof operand === 'number') return [{ numeric: [operator, operand] }];
  if (operator === '=') return [operand];
  throw new RangeError(
    `where(): "${operator}" compares numbers only; Lambda filters cannot order strings`,
  );
}

/**
 * Builds a comparison of one top-level field, e.g. `where('Temperature', '>=', 35)`. The result is a
 * function for local filtering and carries `filterPattern`, the same rule for Lambda's
 * FilterCriteria: `{"data":{"Temperature":[{"numeric":[">=",35]}]}}`.
 *
 * @example
 * ```ts
 * import { toFilterCriteria, where } from '@kds/consumer';
 * import type { Reading } from '@kds/schema';
 *
 * const hot = where<Reading, 'Temperature'>('Temperature', '>=', 35);
 * hot({ Timestamp: 1, Spot: 'A', Temperature: 36 }); // true
 * toFilterCriteria(hot); // { Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] }
 * ```
 */
export function where<T, K extends keyof T & string>(
  field: K,
  operator: ComparisonOperator,
  operand: Operand,
): Predicate<T> {
  const pattern = { data: { [field]: patternFor(operator, operand) } };
  const predicate = (value: T): boolean => compare(value[field], operator, operand);
  return Object.assign(predicate, { filterPattern: pattern });
}

/**
 * The FilterCriteria of an event source mapping that lets through what the predicates accept
 * (Lambda ORs up to 5 patterns).
 *
 * @example
 * ```ts
 * import { toFilterCriteria, where } from '@kds/consumer';
 *
 * const criteria = toFilterCriteria(where<{ Temperature: number }, 'Temperature'>('Temperature', '>=', 35));
 * ```
 */
export function toFilterCriteria(...predicates: Predicate<never>[]): {
  Filters: { Pattern: string }[];
} {
  return { Filters: predicates.map((p) => ({ Pattern: JSON.stringify(p.filterPattern) })) };
}
