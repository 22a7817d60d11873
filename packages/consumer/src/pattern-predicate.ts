import type { FilterPattern } from './where.js';

type LeafTest = (leaf: unknown) => boolean;
type FieldTest = (value: unknown) => boolean;

const isObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a value holds a leaf passing `test`, read as Lambda's filters read it: an array (nested
 * at any depth) when one of its elements does, an object or a missing value never.
 */
function someLeaf(value: unknown, test: LeafTest): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (someLeaf(item, test)) return true;
    return false;
  }
  return value !== undefined && !isObject(value) && test(value);
}

const NUMERIC: Readonly<Record<string, (value: number, operand: number) => boolean>> = {
  '=': (value, operand) => value === operand,
  '<': (value, operand) => value < operand,
  '<=': (value, operand) => value <= operand,
  '>': (value, operand) => value > operand,
  '>=': (value, operand) => value >= operand,
};

function numericTest(conditions: readonly (string | number)[]): LeafTest {
  const checks: [(value: number, operand: number) => boolean, number][] = [];
  for (let i = 0; i < conditions.length; i += 2) {
    checks.push([NUMERIC[conditions[i] as string] as never, conditions[i + 1] as number]);
  }
  // One leaf must satisfy every bound of a range, as on Lambda.
  return (leaf) =>
    typeof leaf === 'number' && checks.every(([holds, operand]) => holds(leaf, operand));
}

/** The leaf test of one matcher `where` or `and` writes: a value, `numeric` or `anything-but`. */
function leafTestOf(matcher: unknown): LeafTest {
  if (typeof matcher === 'object' && matcher !== null) {
    const rule = matcher as { numeric?: (string | number)[]; 'anything-but'?: unknown[] };
    if (rule.numeric !== undefined) return numericTest(rule.numeric);
    const excluded = rule['anything-but'] ?? [];
    // anything-but keeps null, booleans and values of another type: anything not listed.
    return (leaf) => !excluded.includes(leaf);
  }
  return (leaf) => leaf === matcher;
}

function fieldTestOf(matchers: readonly unknown[]): FieldTest {
  const tests = matchers.map(leafTestOf);
  if (tests.length === 1) {
    const [test] = tests as [LeafTest];
    return (value) => someLeaf(value, test);
  }
  return (value) => tests.some((test) => someLeaf(value, test));
}

/**
 * The test of a record that selects exactly what Lambda's filter of these patterns selects (for the
 * patterns `where`, `and` and `or` write): fields of a pattern ANDed, patterns ORed.
 *
 * @example
 * ```ts
 * import { patternPredicate } from './pattern-predicate.js';
 *
 * const hot = patternPredicate([{ data: { Temperature: [{ numeric: ['>=', 35] }] } }]);
 * hot({ Temperature: [20, 36] }); // true: one element matches, as on Lambda
 * ```
 */
export function patternPredicate(
  patterns: readonly FilterPattern[],
): (value: Readonly<Record<string, unknown>>) => boolean {
  const compiled = patterns.map((pattern) =>
    Object.entries(pattern.data).map(
      ([field, matchers]) => [field, fieldTestOf(matchers)] as const,
    ),
  );
  if (compiled.length === 1 && compiled[0]?.length === 1) {
    const [[field, test]] = compiled[0] as [[string, FieldTest]];
    return (value) => test(value[field]);
  }
  return (value) => compiled.some((fields) => fields.every(([field, test]) => test(value[field])));
}
