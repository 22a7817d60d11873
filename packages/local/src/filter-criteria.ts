import type { FilterCriteria } from '@kds/core';
import { MAX_FILTERS } from './constants.js';
import { InvalidFilterCriteriaError } from './errors.js';
import {
  compileObject,
  type FieldMatcher,
  type LeafRule,
  type ObjectMatcher,
} from './filter-pattern.js';

/** Tells whether a record's bytes pass a FilterCriteria. */
export type RecordFilter = (data: Uint8Array) => boolean;

type Pattern = { readonly [key: string]: unknown };

const isObject = (value: unknown): value is Pattern =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The values at `key` of an object, as event-ruler reads them: the key itself, and the keys that
 * start with `key.` (a record key `"a.b"` is the field b of a). Arrays, nested at any depth, are
 * flattened into their elements.
 */
function valuesAt(subject: Pattern, key: string): unknown[] {
  const values: unknown[] = [];
  if (Object.hasOwn(subject, key)) values.push(subject[key]);
  const dotted = `${key}.`;
  for (const name of Object.keys(subject)) {
    if (name.startsWith(dotted)) values.push({ [name.slice(dotted.length)]: subject[name] });
  }
  return values.flat(Number.POSITIVE_INFINITY);
}

function ruleMatches(rule: LeafRule, leaves: readonly unknown[]): boolean {
  switch (rule.kind) {
    case 'exists':
      // exists looks at leaves only: a nested object is not a value that "exists" for Lambda.
      return rule.expected === leaves.length > 0;
    case 'anything-but':
      // Any leaf not excluded matches, whatever its type (null, a boolean, a number for a list of
      // strings); an absent field has no leaf and never matches.
      return leaves.some((leaf) => !rule.excluded.includes(leaf as string | number));
    default:
      return leaves.some(rule.test);
  }
}

function fieldMatches(field: FieldMatcher, values: readonly unknown[]): boolean {
  if (field.rules !== undefined) {
    const leaves = values.filter((value) => !isObject(value));
    if (!field.rules.some((rule) => ruleMatches(rule, leaves))) return false;
  }
  if (field.nested !== undefined) {
    const nested = field.nested;
    // Fields of one pattern are matched against one element of an array of objects.
    if (!values.some((value) => isObject(value) && objectMatches(nested, value))) return false;
  }
  return true;
}

function objectMatches(matcher: ObjectMatcher, subject: Pattern): boolean {
  for (const [key, field] of matcher.fields) {
    if (!fieldMatches(field, valuesAt(subject, key))) return false;
  }
  return matcher.anyOf.every((group) => group.some((sub) => objectMatches(sub, subject)));
}

/** A FilterCriteria parsed, checked and compiled. */
interface CompiledFilter {
  readonly pattern: Pattern;
  readonly matcher: ObjectMatcher;
}

function compileFilters(criteria: FilterCriteria): CompiledFilter[] {
  const filters = criteria?.Filters;
  if (!Array.isArray(filters)) throw new InvalidFilterCriteriaError('Filters must be a list');
  if (filters.length > MAX_FILTERS)
    throw new InvalidFilterCriteriaError(`at most ${MAX_FILTERS} filters (got ${filters.length})`);
  return filters.map((filter, index) => {
    const path = `Filters[${index}].Pattern`;
    let pattern: unknown;
    try {
      pattern = JSON.parse(filter?.Pattern);
    } catch (cause) {
      throw new InvalidFilterCriteriaError(`${path} is not JSON`, { cause });
    }
    const matcher = compileObject(path, pattern);
    // Only data: https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis-filtering.html
    if (matcher.anyOf.length > 0 || [...matcher.fields.keys()].some((key) => key !== 'data'))
      throw new InvalidFilterCriteriaError(
        `${path}: Kinesis event source mappings filter on the "data" key only`,
      );
    return { pattern: pattern as Pattern, matcher };
  });
}

/**
 * Parses and checks a FilterCriteria the way Lambda does when you create the event source mapping;
 * throws {@link InvalidFilterCriteriaError} naming the first problem with AWS's reason (event-ruler's
 * message), or naming an EventBridge operator Lambda does not accept (`wildcard`, `cidr`,
 * `anything-but` with `prefix`, `suffix`, `equals-ignore-case` or `wildcard`).
 *
 * @example
 * ```ts
 * import { parseFilterCriteria } from '@kds/local';
 *
 * const patterns = parseFilterCriteria({ Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] });
 * ```
 */
export function parseFilterCriteria(criteria: FilterCriteria): Pattern[] {
  return compileFilters(criteria).map((filter) => filter.pattern);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Compiles a FilterCriteria into a test of a record's bytes, evaluated as Lambda does: the data is
 * parsed as JSON and kept when any pattern matches (exact values, `numeric` ranges,
 * `anything-but`, `prefix`, `suffix`, `equals-ignore-case`, `exists`, nested fields, arrays at
 * any depth, `$or`; `"a.b"` is the field b of a). Data that is not UTF-8 JSON never matches.
 *
 * @example
 * ```ts
 * import { createRecordFilter } from '@kds/local';
 *
 * const hot = createRecordFilter({ Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] });
 * hot(new TextEncoder().encode('{"Temperature":36}')); // true
 * ```
 */
export function createRecordFilter(criteria: FilterCriteria): RecordFilter {
  const matchers = compileFilters(criteria).map((filter) => filter.matcher);
  // No filters at all means no filtering, as in Lambda.
  if (matchers.length === 0) return () => true;
  return (bytes) => {
    let data: unknown;
    try {
      data = JSON.parse(utf8.decode(bytes));
    } catch {
      return false;
    }
    const subject = { data };
    return matchers.some((matcher) => objectMatches(matcher, subject));
  };
}
