import type { FilterCriteria } from '@kds/core';
import { MAX_FILTERS } from './constants.js';
import { InvalidFilterCriteriaError } from './errors.js';

/** Tells whether a record's bytes pass a FilterCriteria. */
export type RecordFilter = (data: Uint8Array) => boolean;

type Pattern = { readonly [key: string]: unknown };

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);
const RULE_NAMES = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
]);

const isObject = (value: unknown): value is Pattern =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

function fail(path: string, message: string): never {
  throw new InvalidFilterCriteriaError(`${path}: ${message}`);
}

function validateStringRule(path: string, value: unknown): void {
  if (typeof value === 'string') return;
  if (
    isObject(value) &&
    Object.keys(value).length === 1 &&
    typeof value['equals-ignore-case'] === 'string'
  )
    return;
  fail(path, 'expects a string (or {"equals-ignore-case": string})');
}

function validateNumeric(path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || value.length % 2 !== 0 || value.length > 4)
    fail(path, 'numeric expects [operator, number] or [operator, number, operator, number]');
  for (let i = 0; i < value.length; i += 2) {
    if (
      !NUMERIC_OPERATORS.has(value[i]) ||
      typeof value[i + 1] !== 'number' ||
      !Number.isFinite(value[i + 1])
    )
      fail(
        path,
        `numeric operator must be one of = < <= > >= followed by a number (got ${JSON.stringify(value.slice(i, i + 2))})`,
      );
  }
}

function validateRule(path: string, rule: unknown): void {
  if (isScalar(rule)) return;
  if (!isObject(rule))
    fail(path, `a rule must be a value or an object (got ${JSON.stringify(rule)})`);
  const keys = Object.keys(rule);
  const [name] = keys;
  if (keys.length !== 1 || name === undefined || !RULE_NAMES.has(name))
    fail(path, `unknown rule ${JSON.stringify(rule)}; Lambda knows ${[...RULE_NAMES].join(', ')}`);
  const value = rule[name];
  switch (name) {
    case 'prefix':
    case 'suffix':
      validateStringRule(`${path}.${name}`, value);
      return;
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof value !== 'string') fail(`${path}.${name}`, 'expects a string');
      return;
    case 'numeric':
      validateNumeric(`${path}.numeric`, value);
      return;
    case 'exists':
      if (typeof value !== 'boolean') fail(`${path}.exists`, 'expects true or false');
      return;
    case 'anything-but':
      if (isScalar(value) && value !== null) return;
      if (Array.isArray(value) && value.length > 0 && value.every((v) => isScalar(v))) return;
      if (isObject(value) && Object.keys(value).length === 1) {
        const [inner] = Object.keys(value) as [string];
        if (
          ['prefix', 'suffix', 'equals-ignore-case'].includes(inner) &&
          typeof value[inner] === 'string'
        )
          return;
      }
      fail(
        `${path}.anything-but`,
        'expects a value, a list of values, or {prefix|suffix|equals-ignore-case: string}',
      );
  }
}

function validatePattern(path: string, pattern: unknown): void {
  if (!isObject(pattern)) fail(path, 'a pattern must be a JSON object');
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2)
        fail(at, '$or expects a list of at least 2 patterns');
      for (const [i, sub] of value.entries()) validatePattern(`${at}[${i}]`, sub);
    } else if (Array.isArray(value)) {
      if (value.length === 0) fail(at, 'a list of rules must not be empty');
      for (const rule of value) validateRule(at, rule);
    } else if (isObject(value)) {
      validatePattern(at, value);
    } else {
      fail(at, `expects a list of rules or a nested pattern (got ${JSON.stringify(value)})`);
    }
  }
}

function wildcardMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

function stringRuleMatches(kind: 'prefix' | 'suffix', rule: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const ignoreCase = isObject(rule);
  const expected = ignoreCase ? String(rule['equals-ignore-case']) : String(rule);
  const actual = ignoreCase ? value.toLowerCase() : value;
  const wanted = ignoreCase ? expected.toLowerCase() : expected;
  return kind === 'prefix' ? actual.startsWith(wanted) : actual.endsWith(wanted);
}

function numericMatches(conditions: unknown, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  const list = conditions as readonly (string | number)[];
  for (let i = 0; i < list.length; i += 2) {
    const operand = list[i + 1] as number;
    const holds =
      list[i] === '='
        ? value === operand
        : list[i] === '<'
          ? value < operand
          : list[i] === '<='
            ? value <= operand
            : list[i] === '>'
              ? value > operand
              : value >= operand;
    if (!holds) return false;
  }
  return true;
}

function excludedBy(rule: unknown, value: unknown): boolean {
  if (Array.isArray(rule)) return rule.some((item) => item === value);
  if (isObject(rule)) {
    if ('prefix' in rule) return stringRuleMatches('prefix', rule.prefix, value);
    if ('suffix' in rule) return stringRuleMatches('suffix', rule.suffix, value);
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(rule['equals-ignore-case']).toLowerCase()
    );
  }
  return rule === value;
}

function ruleMatches(rule: unknown, present: boolean, values: readonly unknown[]): boolean {
  if (isScalar(rule)) return values.some((value) => value === rule);
  const [[name, operand]] = Object.entries(rule as Pattern) as [[string, unknown]];
  switch (name) {
    case 'exists':
      // exists matches leaves only: a nested object is not a value that "exists" for Lambda.
      return operand === (present && values.length > 0 && values.every((v) => !isObject(v)));
    case 'prefix':
    case 'suffix':
      return values.some((value) => stringRuleMatches(name, operand, value));
    case 'equals-ignore-case':
      return values.some(
        (value) =>
          typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase(),
      );
    case 'wildcard':
      return values.some(
        (value) => typeof value === 'string' && wildcardMatches(String(operand), value),
      );
    case 'numeric':
      return values.some((value) => numericMatches(operand, value));
    case 'anything-but':
      return present && values.some((value) => !excludedBy(operand, value));
    default:
      return false;
  }
}

function patternMatches(pattern: Pattern, subject: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') return (expected as Pattern[]).some((sub) => patternMatches(sub, subject));
    const present = isObject(subject) && Object.hasOwn(subject, key);
    const value = present ? subject[key] : undefined;
    if (Array.isArray(expected)) {
      // An array in the record matches when any of its elements does.
      const values = present ? (Array.isArray(value) ? value : [value]) : [];
      return expected.some((rule) => ruleMatches(rule, present, values));
    }
    if (Array.isArray(value))
      return value.some((item) => patternMatches(expected as Pattern, item));
    return patternMatches(expected as Pattern, value);
  });
}

/**
 * Parses and checks a FilterCriteria the way Lambda does when you create the event source mapping;
 * throws {@link InvalidFilterCriteriaError} naming the first problem.
 *
 * @example
 * ```ts
 * import { parseFilterCriteria } from '@kds/local';
 *
 * const patterns = parseFilterCriteria({ Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] });
 * ```
 */
export function parseFilterCriteria(criteria: FilterCriteria): Pattern[] {
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
    validatePattern(path, pattern);
    const keys = Object.keys(pattern as Pattern);
    if (keys.length === 0 || keys.some((key) => key !== 'data'))
      fail(path, 'Kinesis event source mappings filter on the "data" key only');
    return pattern as Pattern;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Compiles a FilterCriteria into a test of a record's bytes, evaluated as Lambda does: the data is
 * parsed as JSON and kept when any pattern matches (exact values, `numeric` ranges,
 * `anything-but`, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `exists`, nested fields,
 * arrays, `$or`). Data that is not UTF-8 JSON never matches.
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
  const patterns = parseFilterCriteria(criteria);
  // No filters at all means no filtering, as in Lambda.
  if (patterns.length === 0) return () => true;
  return (bytes) => {
    let data: unknown;
    try {
      data = JSON.parse(utf8.decode(bytes));
    } catch {
      return false;
    }
    const subject = { data };
    return patterns.some((pattern) => patternMatches(pattern, subject));
  };
}
