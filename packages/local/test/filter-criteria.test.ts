import { describe, expect, it } from 'vitest';
import {
  createRecordFilter,
  InvalidFilterCriteriaError,
  parseFilterCriteria,
} from '../src/index.js';

const encode = (value: unknown): Uint8Array =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

const filterOf = (...patterns: unknown[]) =>
  createRecordFilter({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) });

const reading = {
  Timestamp: 1_732_600_000_000,
  Spot: 'Q',
  Temperature: 36,
  Sensor: { id: 'us-7', tags: ['a', 'b'] },
};

describe('createRecordFilter', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['an exact string', { Spot: ['Q'] }, reading, true],
    ['an exact string, missing', { Spot: ['R'] }, reading, false],
    ['an exact number', { Temperature: [36] }, reading, true],
    ['a number is not its string', { Temperature: ['36'] }, reading, false],
    ['one of several values', { Spot: ['A', 'Q'] }, reading, true],
    ['null', { Missing: [null] }, { Missing: null }, true],
    ['null is not absence', { Missing: [null] }, reading, false],
    ['numeric >=', { Temperature: [{ numeric: ['>=', 35] }] }, reading, true],
    ['numeric >= below', { Temperature: [{ numeric: ['>=', 37] }] }, reading, false],
    ['numeric range', { Temperature: [{ numeric: ['>', 30, '<=', 36] }] }, reading, true],
    ['numeric range outside', { Temperature: [{ numeric: ['>', 30, '<', 36] }] }, reading, false],
    ['numeric on a string', { Spot: [{ numeric: ['>', 0] }] }, reading, false],
    ['numeric =', { Temperature: [{ numeric: ['=', 36] }] }, reading, true],
    ['anything-but a value', { Spot: [{ 'anything-but': ['A', 'B'] }] }, reading, true],
    ['anything-but the value', { Spot: [{ 'anything-but': 'Q' }] }, reading, false],
    ['anything-but a number', { Temperature: [{ 'anything-but': [36] }] }, reading, false],
    ['anything-but needs the field', { Nope: [{ 'anything-but': 'x' }] }, reading, false],
    ['prefix', { Sensor: { id: [{ prefix: 'us-' }] } }, reading, true],
    ['prefix, other', { Sensor: { id: [{ prefix: 'eu-' }] } }, reading, false],
    [
      'prefix ignoring case',
      { Sensor: { id: [{ prefix: { 'equals-ignore-case': 'US-' } }] } },
      reading,
      true,
    ],
    ['suffix', { Sensor: { id: [{ suffix: '-7' }] } }, reading, true],
    ['equals-ignore-case', { Spot: [{ 'equals-ignore-case': 'q' }] }, reading, true],
    ['exists', { Temperature: [{ exists: true }] }, reading, true],
    ['exists, absent', { Humidity: [{ exists: true }] }, reading, false],
    ['does not exist', { Humidity: [{ exists: false }] }, reading, true],
    ['does not exist, present', { Spot: [{ exists: false }] }, reading, false],
    ['exists is for leaves only', { Sensor: [{ exists: true }] }, reading, false],
    ['a nested field', { Sensor: { id: ['us-7'] } }, reading, true],
    ['a nested field, absent parent', { Probe: { id: ['us-7'] } }, reading, false],
    ['an array holding the value', { Sensor: { tags: ['b'] } }, reading, true],
    ['an array not holding it', { Sensor: { tags: ['c'] } }, reading, false],
    [
      'every field must match',
      { Spot: ['Q'], Temperature: [{ numeric: ['<', 30] }] },
      reading,
      false,
    ],
    ['$or of fields', { $or: [{ Spot: ['A'] }, { Temperature: [36] }] }, reading, true],
    ['$or, neither', { $or: [{ Spot: ['A'] }, { Temperature: [20] }] }, reading, false],
  ])('matches %s: %j', (_, pattern, data, expected) => {
    // Prepare
    const filter = filterOf({ data: pattern });

    // Act
    const kept = filter(encode(data));

    // Assess
    expect(kept).toBe(expected);
  });

  it('ORs up to five patterns', () => {
    // Prepare
    const filter = filterOf({ data: { Spot: ['A'] } }, { data: { Spot: ['Q'] } });

    // Act
    const results = [filter(encode(reading)), filter(encode({ ...reading, Spot: 'Z' }))];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it.each([
    ['text', 'Hello, this is a test.'],
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])],
    ['an empty record', ''],
  ])('drops %s when a data filter is set', (_, data) => {
    // Prepare
    const filter = filterOf({ data: { Spot: [{ exists: false }] } });

    // Act
    const kept = filter(typeof data === 'string' ? encode(data) : data);

    // Assess
    expect(kept).toBe(false);
  });

  it('keeps everything when there are no filters', () => {
    expect(createRecordFilter({ Filters: [] })(encode('not json'))).toBe(true);
  });
});

describe('parseFilterCriteria', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'six filters',
      { Filters: Array.from({ length: 6 }, () => ({ Pattern: '{"data":{"a":[1]}}' })) },
      /at most 5 filters \(got 6\)/,
    ],
    [
      'a pattern that is not JSON',
      { Filters: [{ Pattern: '{data' }] },
      /Filters\[0\]\.Pattern is not JSON/,
    ],
    [
      'a key other than data',
      { Filters: [{ Pattern: '{"partitionKey":["1"]}' }] },
      /filter on the "data" key only/,
    ],
    [
      'an empty list of rules',
      { Filters: [{ Pattern: '{"data":{"a":[]}}' }] },
      /Empty arrays are not allowed/,
    ],
    [
      'an unknown rule',
      { Filters: [{ Pattern: '{"data":{"a":[{"between":[1,2]}]}}' }] },
      /Unrecognized match type between/,
    ],
    [
      'a bad numeric operator',
      { Filters: [{ Pattern: '{"data":{"a":[{"numeric":["!=",1]}]}}' }] },
      /Unrecognized numeric range operator: !=/,
    ],
    [
      'a value that is not a list',
      { Filters: [{ Pattern: '{"data":{"a":1}}' }] },
      /"a" must be an object or an array/,
    ],
    ['no Filters', {}, /Filters must be a list/],
  ])('refuses %s with InvalidFilterCriteriaError', (_, criteria, message) => {
    // Act
    const act = () => parseFilterCriteria(criteria as never);

    // Assess
    expect(act).toThrow(InvalidFilterCriteriaError);
    expect(act).toThrow(message);
  });
});

const refusal = (pattern: unknown) => () =>
  parseFilterCriteria({ Filters: [{ Pattern: JSON.stringify({ data: pattern }) }] });

// event-ruler is the pattern engine of EventBridge and Lambda's filters; the cases and messages
// below are those of its test suite (aws/event-ruler, src/test/.../RuleCompilerTest.java
// testCompile's badPatternTypes, JsonRuleCompilerTest.java) and its compiler. Each case (its name
// and pattern) stands under the reason given.
const REFUSED: Record<string, ReadonlyArray<[string, unknown]>> = {
  'Inside anything but list, start|null|boolean is not supported.': [
    [
      'null inside anything-but (RuleCompiler: start|null|boolean)',
      { a: [{ 'anything-but': ['x', null] }] },
    ],
    ['a boolean inside anything-but', { a: [{ 'anything-but': [true] }] }],
  ],
  'Inside anything-but list, start|null|boolean is not supported.': [
    ['a lone null as anything-but', { a: [{ 'anything-but': null }] }],
  ],
  'Inside anything but list, either all values are number or string, mixed type is not supported': [
    [
      'strings and numbers mixed in anything-but (RuleCompilerTest ["child0",111,"child2"])',
      { a: [{ 'anything-but': ['child0', 111, 'child2'] }] },
    ],
    ['an empty anything-but list', { a: [{ 'anything-but': [] }] }],
  ],
  'Null prefix/suffix not allowed': [
    ['an empty prefix', { a: [{ prefix: '' }] }],
    ['an empty suffix', { a: [{ suffix: '' }] }],
    ['an empty prefix ignoring case', { a: [{ prefix: { 'equals-ignore-case': '' } }] }],
  ],
  'Bad numeric range operator: >': [
    ['a range of two lower bounds, [">", 0, ">", 0]', { a: [{ numeric: ['>', 0, '>', 0] }] }],
  ],
  'Too many elements in numeric expression': [
    [
      'a range with the upper bound first, ["<", 9, ">", 0]',
      { a: [{ numeric: ['<', 9, '>', 0] }] },
    ],
    ['an equality followed by a bound', { a: [{ numeric: ['=', 1, '<', 2] }] }],
  ],
  'Bottom must be less than top': [
    ['a range whose bottom is above its top (Range.java)', { a: [{ numeric: ['>', 10, '<', 5] }] }],
    ['an empty range', { a: [{ numeric: ['>=', 5, '<', 5] }] }],
  ],
  'Value of > must be numeric': [['a string as bound', { a: [{ numeric: ['>', '5'] }] }]],
  'Only one key allowed in match expression': [
    [
      'two keys in one rule (RuleCompilerTest {"prefix": "child", "foo": []})',
      { a: [{ prefix: 'child', foo: [] }] },
    ],
  ],
  'prefix match pattern must be a string': [['a number as prefix', { a: [{ prefix: 3 }] }]],
  'Unsupported prefix pattern: invalid-expression': [
    ['an unknown form of prefix', { a: [{ prefix: { 'invalid-expression': ['abc'] } }] }],
  ],
  'equals-ignore-case match pattern must be a string': [
    ['a number as equals-ignore-case', { a: [{ 'equals-ignore-case': 5 }] }],
  ],
  'exists match pattern must be either true or false.': [
    ['exists of a string', { a: [{ exists: 'yes' }] }],
  ],
  'Empty objects are not allowed': [['an empty object', { a: {} }]],
  'There must have at least 2 Objects in $or relationship.': [
    ['a $or of one pattern', { $or: [{ a: [1] }] }],
  ],
  'It must be an Array followed with $or.': [['a $or that is no list', { $or: { a: [1] } }]],
};

describe('parseFilterCriteria refuses what AWS refuses, with its reason', () => {
  it.each(
    Object.entries(REFUSED).flatMap(([reason, cases]) =>
      cases.map(([name, pattern]): [string, unknown, string] => [name, pattern, reason]),
    ),
  )('%s', (_, pattern, message) => {
    // Act
    const act = refusal(pattern);

    // Assess
    expect(act).toThrow(InvalidFilterCriteriaError);
    expect(act).toThrow(message);
  });

  it('names the path of the rule at fault', () => {
    expect(refusal({ Sensor: { id: [{ prefix: '' }] } })).toThrow(
      'Invalid filterCriteria: Filters[0].Pattern.data.Sensor.id.prefix: Null prefix/suffix not allowed',
    );
  });
});

// Lambda's guide lists the comparison operators of event filtering
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html); EventBridge's
// operator table marks those Pipes (Lambda's filtering engine for streams) lacks
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html,
// "Pipe support" No): wildcard, the anything-but forms, and IP address matching.
describe('parseFilterCriteria accepts exactly the operators Lambda accepts', () => {
  it.each<[string, unknown]>([
    ['Null', { UserID: [null] }],
    ['Empty', { LastName: [''] }],
    ['Equals', { Name: ['Alice'] }],
    ['Equals (ignore case)', { Name: [{ 'equals-ignore-case': 'alice' }] }],
    ['And', { Location: ['New York'], Day: ['Monday'] }],
    ['Or', { PaymentType: ['Credit', 'Debit'] }],
    ['Or (multiple fields)', { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] }],
    ['Not', { Weather: [{ 'anything-but': ['Raining'] }] }],
    ['Numeric (equals)', { Price: [{ numeric: ['=', 100] }] }],
    ['Numeric (range)', { Price: [{ numeric: ['>', 10, '<=', 20] }] }],
    ['Exists', { ProductName: [{ exists: true }] }],
    ['Does not exist', { ProductName: [{ exists: false }] }],
    ['Begins with', { Region: [{ prefix: 'us-' }] }],
    ['Begins with (ignore case)', { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }],
    ['Ends with', { FileName: [{ suffix: '.png' }] }],
    ['Ends with (ignore case)', { service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] }],
  ])('accepts %s', (_, pattern) => {
    expect(refusal(pattern)).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['wildcard', { FileName: [{ wildcard: 'dir/*.png' }] }, '"wildcard"'],
    [
      'wildcard with consecutive stars (event-ruler refuses those too)',
      { FileName: [{ wildcard: 'a**b' }] },
      '"wildcard"',
    ],
    ['IP address matching', { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] }, '"cidr"'],
    [
      'anything-but prefix',
      { Region: [{ 'anything-but': { prefix: 'us-' } }] },
      '"anything-but/prefix"',
    ],
    [
      'anything-but suffix',
      { FileName: [{ 'anything-but': { suffix: '.png' } }] },
      '"anything-but/suffix"',
    ],
    [
      'anything-but ignoring case',
      { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
      '"anything-but/equals-ignore-case"',
    ],
    [
      'anything-but wildcard',
      { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
      '"anything-but/wildcard"',
    ],
  ])('refuses %s, naming the operator', (_, pattern, operator) => {
    // Act
    const act = refusal(pattern);

    // Assess
    expect(act).toThrow(InvalidFilterCriteriaError);
    expect(act).toThrow('an EventBridge operator that Lambda does not accept');
    expect(act).toThrow(operator);
  });
});

describe('createRecordFilter reads fields as event-ruler does', () => {
  it.each<[string, unknown, unknown, boolean]>([
    // event-ruler flattens patterns and events to dotted paths (RuleCompilerTest: "detail.state").
    ['a dotted key in the pattern reads a nested field', { 'Sensor.id': ['us-7'] }, reading, true],
    [
      'a nested pattern reads a dotted key of the record',
      { Sensor: { id: ['eu-1'] } },
      { 'Sensor.id': 'eu-1' },
      true,
    ],
    [
      'a dotted key in the pattern reads a dotted key of the record',
      { 'Sensor.id': ['eu-1'] },
      { 'Sensor.id': 'eu-1' },
      true,
    ],
    [
      'a dotted key and a nested pattern combine into one field',
      { 'Sensor.id': ['us-7'], Sensor: { tags: ['a'] } },
      reading,
      true,
    ],
    [
      'objects inside arrays inside arrays (ArrayMembershipTest)',
      { Probes: { id: ['p2'] } },
      { Probes: [[{ id: 'p1' }], [{ id: 'p2' }]] },
      true,
    ],
    ['values inside arrays inside arrays', { Spot: ['B'] }, { Spot: [['A'], ['B']] }, true],
    [
      'fields of one pattern come from one array element',
      { Probes: { id: ['p1'], ok: [true] } },
      {
        Probes: [
          { id: 'p1', ok: false },
          { id: 'p2', ok: true },
        ],
      },
      false,
    ],
    ['anything-but matches null', { Spot: [{ 'anything-but': ['A'] }] }, { Spot: null }, true],
    [
      'anything-but of numbers matches a string',
      { Temperature: [{ 'anything-but': [35] }] },
      { Temperature: '35' },
      true,
    ],
    [
      'anything-but does not match a nested object',
      { Sensor: [{ 'anything-but': ['x'] }] },
      reading,
      false,
    ],
    [
      'anything-but matches another element',
      { Spot: [{ 'anything-but': 'A' }] },
      { Spot: ['A', 'B'] },
      true,
    ],
  ])('%s', (_, pattern, data, expected) => {
    // Prepare
    const filter = filterOf({ data: pattern });

    // Act
    const kept = filter(encode(data));

    // Assess
    expect(kept).toBe(expected);
  });

  it('reads "data.Spot" at the top of a pattern as the field Spot of data', () => {
    // Prepare
    const filter = createRecordFilter({ Filters: [{ Pattern: '{"data.Spot":["Q"]}' }] });

    // Act
    const results = [filter(encode(reading)), filter(encode({ ...reading, Spot: 'A' }))];

    // Assess
    expect(results).toEqual([true, false]);
  });
});
