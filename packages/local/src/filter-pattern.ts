import { InvalidFilterCriteriaError } from './errors.js';

/**
 * A pattern compiled once per trigger: the fields of one object level (each path segment alone,
 * `"a.b"` already split) and the `$or` groups at that level.
 */
export interface ObjectMatcher {
  readonly fields: ReadonlyMap<string, FieldMatcher>;
  /** Each group holds when one of its patterns does; every group must hold. */
  readonly anyOf: readonly (readonly ObjectMatcher[])[];
}

/** What one field must satisfy: rules on its leaf values, a pattern on its object values, or both. */
export interface FieldMatcher {
  rules?: readonly LeafRule[];
  nested?: ObjectMatcher;
}

/** One rule of a field's list; the list holds when any rule does. */
export type LeafRule =
  | { readonly kind: 'exists'; readonly expected: boolean }
  | { readonly kind: 'anything-but'; readonly excluded: readonly (string | number)[] }
  | { readonly kind: 'test'; readonly test: (leaf: unknown) => boolean };

/**
 * The EventBridge operators Lambda does not accept in the FilterCriteria of an event source
 * mapping: the rows of the operator table marked "No" under "Pipe support", and absent from the
 * Lambda guide's own list of comparison operators.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
 */
export const OPERATORS_LAMBDA_REFUSES: ReadonlySet<string> = new Set(['wildcard', 'cidr']);

/** `anything-but` forms EventBridge knows and Lambda (Pipes column "No") does not accept. */
export const ANYTHING_BUT_FORMS_LAMBDA_REFUSES: ReadonlySet<string> = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
]);

const OR_KEYWORD = '$or';

type Json = { readonly [key: string]: unknown };

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fail(path: string, message: string): never {
  throw new InvalidFilterCriteriaError(`${path}: ${message}`);
}

function refuseOperator(path: string, operator: string): never {
  fail(
    path,
    `"${operator}" is an EventBridge operator that Lambda does not accept in the FilterCriteria of an event source mapping`,
  );
}

// The messages below are event-ruler's (aws/event-ruler, JsonRuleCompiler.java and
// RuleCompiler.java), the engine behind EventBridge patterns and Lambda's filters.

function onlyKey(path: string, rule: Json): void {
  if (Object.keys(rule).length !== 1) fail(path, 'Only one key allowed in match expression');
}

function compileAffix(path: string, kind: 'prefix' | 'suffix', operand: unknown): LeafRule {
  let expected: string;
  let ignoreCase = false;
  if (isObject(operand)) {
    const [inner] = Object.keys(operand);
    if (inner !== 'equals-ignore-case')
      fail(path, `Unsupported ${kind} pattern: ${String(inner ?? '')}`);
    onlyKey(path, operand);
    const value = operand[inner];
    if (typeof value !== 'string') fail(path, 'equals-ignore-case match pattern must be a string');
    expected = value.toLowerCase();
    ignoreCase = true;
  } else if (typeof operand === 'string') {
    expected = operand;
  } else {
    fail(path, `${kind} match pattern must be a string`);
  }
  // An empty prefix or suffix would match every string; EventBridge refuses it.
  if (expected === '') fail(path, 'Null prefix/suffix not allowed');
  return {
    kind: 'test',
    test: (leaf) => {
      if (typeof leaf !== 'string') return false;
      const actual = ignoreCase ? leaf.toLowerCase() : leaf;
      return kind === 'prefix' ? actual.startsWith(expected) : actual.endsWith(expected);
    },
  };
}

const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

function bound(path: string, operator: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(path, `Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
  return value;
}

/**
 * `numeric` takes `["=", n]`, one bound, or a lower bound then an upper bound with the lower one
 * below the upper one: event-ruler's grammar, so `[">", 0, ">", 0]` and `["<", 9, ">", 0]` are
 * refused as on AWS.
 */
function compileNumeric(path: string, operand: unknown): LeafRule {
  if (!Array.isArray(operand)) fail(path, 'Value of numeric must be an array.');
  const [operator, first, second, top, ...rest] = operand as unknown[];
  if (typeof operator !== 'string')
    fail(path, `Invalid member in numeric match: ${JSON.stringify(operator)}`);
  if (operator !== '=' && !LOWER_BOUNDS.has(operator) && !UPPER_BOUNDS.has(operator))
    fail(path, `Unrecognized numeric range operator: ${operator}`);
  const value = bound(path, operator, first);
  if (second === undefined) {
    const holds = numericTest(operator, value);
    return { kind: 'test', test: (leaf) => typeof leaf === 'number' && holds(leaf) };
  }
  if (!LOWER_BOUNDS.has(operator)) fail(path, 'Too many elements in numeric expression');
  if (typeof second !== 'string') fail(path, `Bad value in numeric range: ${String(second)}`);
  if (!UPPER_BOUNDS.has(second)) fail(path, `Bad numeric range operator: ${second}`);
  const upper = bound(path, second, top);
  if (rest.length > 0) fail(path, 'Too many terms in numeric range expression');
  if (!(value < upper)) fail(path, 'Bottom must be less than top');
  const low = numericTest(operator, value);
  const high = numericTest(second, upper);
  return { kind: 'test', test: (leaf) => typeof leaf === 'number' && low(leaf) && high(leaf) };
}

function numericTest(operator: string, operand: number): (value: number) => boolean {
  switch (operator) {
    case '=':
      return (value) => value === operand;
    case '<':
      return (value) => value < operand;
    case '<=':
      return (value) => value <= operand;
    case '>':
      return (value) => value > operand;
    default:
      return (value) => value >= operand;
  }
}

const START_NULL_BOOLEAN = 'Inside anything but list, start|null|boolean is not supported.';

function compileAnythingBut(path: string, operand: unknown): LeafRule {
  if (isObject(operand)) {
    const [form] = Object.keys(operand);
    if (form !== undefined && ANYTHING_BUT_FORMS_LAMBDA_REFUSES.has(form))
      refuseOperator(path, `anything-but/${form}`);
    fail(path, `Unsupported anything-but pattern: ${String(form ?? '')}`);
  }
  if (Array.isArray(operand)) {
    if (operand.some((value) => typeof value !== 'string' && typeof value !== 'number'))
      fail(path, START_NULL_BOOLEAN);
    const strings = operand.filter((value) => typeof value === 'string').length;
    if (strings === 0 ? operand.length === 0 : strings !== operand.length)
      fail(
        path,
        'Inside anything but list, either all values are number or string, mixed type is not supported',
      );
    return { kind: 'anything-but', excluded: operand as (string | number)[] };
  }
  if (typeof operand === 'string' || typeof operand === 'number')
    return { kind: 'anything-but', excluded: [operand] };
  if (operand === null || typeof operand === 'boolean')
    fail(path, 'Inside anything-but list, start|null|boolean is not supported.');
  fail(path, 'Value of anything-but must be an array or single string/number value.');
}

function compileRule(path: string, rule: unknown): LeafRule {
  if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule))
    return { kind: 'test', test: (leaf) => leaf === rule };
  if (!isObject(rule)) fail(path, 'Match value must be String, number, true, false, or null');
  const [name] = Object.keys(rule);
  if (name === undefined) fail(path, 'Match expression name not found');
  const operand = rule[name];
  const at = `${path}.${name}`;
  onlyKey(at, rule);
  switch (name) {
    case 'prefix':
    case 'suffix':
      return compileAffix(at, name, operand);
    case 'equals-ignore-case': {
      if (typeof operand !== 'string')
        fail(at, 'equals-ignore-case match pattern must be a string');
      const expected = operand.toLowerCase();
      return {
        kind: 'test',
        test: (leaf) => typeof leaf === 'string' && leaf.toLowerCase() === expected,
      };
    }
    case 'numeric':
      return compileNumeric(at, operand);
    case 'anything-but':
      return compileAnythingBut(at, operand);
    case 'exists':
      if (typeof operand !== 'boolean')
        fail(at, 'exists match pattern must be either true or false.');
      return { kind: 'exists', expected: operand };
    default:
      if (OPERATORS_LAMBDA_REFUSES.has(name)) refuseOperator(at, name);
      return fail(at, `Unrecognized match type ${name}`);
  }
}

interface MutableObjectMatcher {
  readonly fields: Map<string, FieldMatcher>;
  readonly anyOf: ObjectMatcher[][];
}

/** The matcher of the field at `segments` below `target`, created on the way. */
function fieldAt(target: MutableObjectMatcher, segments: readonly string[]): FieldMatcher {
  const [head, ...rest] = segments as [string, ...string[]];
  let field = target.fields.get(head);
  if (field === undefined) {
    field = {};
    target.fields.set(head, field);
  }
  if (rest.length === 0) return field;
  field.nested ??= { fields: new Map(), anyOf: [] };
  return fieldAt(field.nested as MutableObjectMatcher, rest);
}

function compileInto(target: MutableObjectMatcher, path: string, pattern: unknown): void {
  if (!isObject(pattern)) fail(path, 'Filter is not an object');
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'Empty objects are not allowed');
  for (const [key, value] of entries) {
    const at = `${path}.${key}`;
    if (key === OR_KEYWORD) {
      if (!Array.isArray(value)) fail(at, 'It must be an Array followed with $or.');
      if (value.length < 2 || !value.every(isObject))
        fail(at, 'There must have at least 2 Objects in $or relationship.');
      target.anyOf.push(value.map((sub, i) => compileObject(`${at}[${i}]`, sub)));
      continue;
    }
    // event-ruler flattens a pattern to dotted paths: "a.b" and a → b are one field.
    const field = fieldAt(target, key.split('.'));
    if (Array.isArray(value)) {
      if (value.length === 0) fail(at, 'Empty arrays are not allowed');
      // A path given twice keeps the last list, as event-ruler's compiler does.
      field.rules = value.map((rule) => compileRule(at, rule));
    } else if (isObject(value)) {
      field.nested ??= { fields: new Map(), anyOf: [] };
      compileInto(field.nested as MutableObjectMatcher, at, value);
    } else {
      fail(at, `"${key}" must be an object or an array`);
    }
  }
}

/**
 * Checks one pattern the way Lambda does when the event source mapping is created and compiles it;
 * throws {@link InvalidFilterCriteriaError} naming the path and AWS's reason.
 */
export function compileObject(path: string, pattern: unknown): ObjectMatcher {
  const target: MutableObjectMatcher = { fields: new Map(), anyOf: [] };
  compileInto(target, path, pattern);
  return target;
}
