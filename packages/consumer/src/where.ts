import { type FilterCriteria, MAX_FILTER_PATTERNS } from '@kds/core';
import { FilterRuleError } from './errors.js';
import { patternPredicate } from './pattern-predicate.js';

/**
 * The comparisons `where` understands; each has a Lambda filter-pattern equivalent.
 *
 * @example
 * ```ts
 * import { ComparisonOperator, where } from '@kds/consumer';
 *
 * const hot = where('Temperature', ComparisonOperator.GreaterOrEqual, 35);
 * ```
 */
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

/** A Lambda event-filter pattern on the record's JSON `data`: fields in one pattern are ANDed. */
export interface FilterPattern {
  readonly data: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * A test on a decoded value that also knows its Lambda FilterCriteria: the same rule filters in AWS
 * before invocation and locally after decoding. `filterPatterns` are ORed, as Lambda does.
 */
export interface Predicate<T> {
  (value: T): boolean;
  /** Patterns Lambda evaluates on the record's JSON `data`; the predicate holds when one matches. */
  readonly filterPatterns: readonly FilterPattern[];
}

/** The values a comparison of `field` can be applied to: anything with that field. */
export type WithField<K extends string> = { readonly [P in K]: unknown };

/** A comparison of one field made by {@link where}: a predicate with a single pattern. */
export interface Comparison<K extends string> extends Predicate<WithField<K>> {
  /** The one pattern of this comparison, e.g. `{"data":{"Temperature":[{"numeric":[">=",35]}]}}`. */
  readonly filterPattern: FilterPattern;
}

type Operand = number | string;

function matcherFor(operator: ComparisonOperator, operand: Operand): unknown[] {
  // Lambda's numeric matching knows = < <= > >= only; anything-but takes numbers and strings.
  if (operator === '!=') return [{ 'anything-but': [operand] }];
  if (typeof operand === 'number') return [{ numeric: [operator, operand] }];
  if (operator !== '=') {
    throw new FilterRuleError(
      `where(): "${operator}" compares numbers only; Lambda filters cannot order strings`,
    );
  }
  return [operand];
}

function validateField(field: string): void {
  // Lambda reads "a.b" as the field b of a and "$or" as an OR of patterns: the predicate reads
  // the top-level key, so the two would select different records.
  if (field === '' || field.includes('.') || field === '$or') {
    throw new FilterRuleError(
      `where(): the field must be a top-level key without "." and not "$or" (got ${JSON.stringify(field)}); Lambda would read it otherwise`,
    );
  }
}

function validateOperand(operand: unknown): asserts operand is Operand {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number' && Number.isFinite(operand)) return;
  throw new FilterRuleError(
    `where(): the operand must be a finite number or a string (got ${String(operand)})`,
  );
}

/**
 * Builds a comparison of one top-level field, e.g. `where('Temperature', '>=', 35)`. No type
 * arguments needed: it accepts any value with that field, so it fits where a
 * `(value: Reading) => boolean` is expected, and a misspelt field fails to compile there. It
 * carries `filterPattern`, the same rule as a Lambda FilterCriteria pattern:
 * `{"data":{"Temperature":[{"numeric":[">=",35]}]}}`, and selects exactly the records Lambda's filter
 * of that pattern selects: an array (nested at any depth) matches when one of its elements does;
 * `>`, `>=`, `<`, `<=` and `=` on a number match numbers only; `!=` matches any present value
 * other than the operand, `null`, booleans and values of another type included; a missing field
 * never matches. Throws a {@link FilterRuleError} on a field Lambda would read as a path (`"a.b"`,
 * `"$or"`).
 *
 * @example
 * ```ts
 * import { toFilterCriteria, where } from '@kds/consumer';
 * import type { Reading } from '@kds/schema';
 *
 * const hot = where('Temperature', '>=', 35);
 * const keep: (reading: Reading) => boolean = hot;
 * keep({ Timestamp: 1, Spot: 'A', Temperature: 36 }); // true
 * toFilterCriteria(hot); // { Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] }
 * ```
 */
export function where<K extends string>(
  field: K,
  operator: ComparisonOperator,
  operand: number | string,
): Comparison<K> {
  validateOperand(operand);
  validateField(field);
  if (!Object.values(ComparisonOperator).includes(operator)) {
    throw new FilterRuleError(`where(): unknown operator "${String(operator)}"`);
  }
  const filterPattern: FilterPattern = { data: { [field]: matcherFor(operator, operand) } };
  const predicate: (value: WithField<K>) => boolean = patternPredicate([filterPattern]);
  return Object.assign(predicate, { filterPattern, filterPatterns: [filterPattern] });
}

type InputOf<P> = P extends Predicate<infer T> ? T : never;
type Intersect<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/** The value type a list of predicates can all be applied to. */
export type InputOfAll<P extends readonly Predicate<never>[]> = Intersect<InputOf<P[number]>>;

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

function numericBound(matchers: readonly unknown[]): [string, number] | undefined {
  if (matchers.length !== 1) return undefined;
  const numeric = (matchers[0] as { numeric?: unknown } | null)?.numeric;
  if (!Array.isArray(numeric) || numeric.length !== 2) return undefined;
  return numeric as [string, number];
}

/** Two matcher lists on one field as one list, when Lambda can express their AND. */
function mergeField(
  field: string,
  left: readonly unknown[],
  right: readonly unknown[],
): readonly unknown[] {
  const a = numericBound(left);
  const b = numericBound(right);
  if (a !== undefined && b !== undefined) {
    // A lower and an upper bound make one numeric range: [">=", 20, "<", 40].
    if (LOWER.has(a[0]) && UPPER.has(b[0])) return [{ numeric: [...a, ...b] }];
    if (UPPER.has(a[0]) && LOWER.has(b[0])) return [{ numeric: [...b, ...a] }];
  }
  throw new FilterRuleError(
    `and(): two conditions on "${field}" cannot be one Lambda filter pattern (only a lower and an upper numeric bound combine)`,
  );
}

function mergePatterns(left: FilterPattern, right: FilterPattern): FilterPattern {
  const data: Record<string, readonly unknown[]> = { ...left.data };
  for (const [field, matchers] of Object.entries(right.data)) {
    const existing = data[field];
    data[field] = existing === undefined ? matchers : mergeField(field, existing, matchers);
  }
  return { data };
}

function checkPatternCount(name: string, count: number): void {
  if (count > MAX_FILTER_PATTERNS) {
    throw new FilterRuleError(
      `${name}: the rule needs ${count} Lambda filter patterns; an event source mapping takes at most ${MAX_FILTER_PATTERNS}`,
    );
  }
}

/** The patterns of predicates ANDed together: pairwise merges of their patterns. */
export function andPatterns(predicates: readonly Predicate<never>[]): FilterPattern[] {
  let patterns: FilterPattern[] = [{ data: {} }];
  for (const predicate of predicates) {
    const next: FilterPattern[] = [];
    for (const left of patterns) {
      for (const right of predicate.filterPatterns) next.push(mergePatterns(left, right));
    }
    checkPatternCount('and()', next.length);
    patterns = next;
  }
  return patterns;
}

/**
 * A predicate that holds when every one given holds. Its Lambda patterns merge theirs (fields in one
 * pattern are ANDed; a lower and an upper bound on one field become a range), so it throws a
 * {@link FilterRuleError} when Lambda could not express it: two other conditions on one field, or more than 5
 * patterns.
 *
 * @example
 * ```ts
 * import { and, where } from '@kds/consumer';
 *
 * const comfortable = and(where('Temperature', '>=', 20), where('Temperature', '<', 26));
 * comfortable.filterPatterns; // [{ data: { Temperature: [{ numeric: ['>=', 20, '<', 26] }] } }]
 * ```
 */
export function and<const P extends readonly [Predicate<never>, ...Predicate<never>[]]>(
  ...predicates: P
): Predicate<InputOfAll<P>> {
  const filterPatterns = andPatterns(predicates);
  // Tested through the merged patterns: a range holds when one element of an array is in it.
  const predicate = patternPredicate(filterPatterns) as (value: InputOfAll<P>) => boolean;
  return Object.assign(predicate, { filterPatterns });
}

/**
 * A predicate that holds when any one given holds. Lambda ORs the patterns of a FilterCriteria, so
 * its patterns are theirs together; it throws a {@link FilterRuleError} past 5 patterns.
 *
 * @example
 * ```ts
 * import { or, where } from '@kds/consumer';
 *
 * const extreme = or(where('Temperature', '<', 0), where('Temperature', '>', 40));
 * extreme.filterPatterns.length; // 2
 * ```
 */
export function or<const P extends readonly [Predicate<never>, ...Predicate<never>[]]>(
  ...predicates: P
): Predicate<InputOfAll<P>> {
  const filterPatterns = predicates.flatMap((p) => p.filterPatterns);
  checkPatternCount('or()', filterPatterns.length);
  const predicate = patternPredicate(filterPatterns) as (value: InputOfAll<P>) => boolean;
  return Object.assign(predicate, { filterPatterns });
}

/**
 * The FilterCriteria of an event source mapping that lets through what any of the predicates
 * accepts (Lambda ORs the patterns, at most 5: more throw a {@link FilterRuleError}).
 *
 * Lambda drops every record whose data is not JSON once a data filter is set: KPL aggregates and
 * gzip records never reach the function. Filter only locally if producers send them.
 *
 * @example
 * ```ts
 * import { toFilterCriteria, where } from '@kds/consumer';
 *
 * const criteria = toFilterCriteria(where('Temperature', '>=', 35));
 * // { Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] }
 * ```
 */
export function toFilterCriteria(...predicates: readonly Predicate<never>[]): FilterCriteria {
  const patterns = predicates.flatMap((p) => p.filterPatterns);
  checkPatternCount('toFilterCriteria()', patterns.length);
  return { Filters: patterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) };
}
