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
    ['anything-but a prefix', { Spot: [{ 'anything-but': { prefix: 'Q' } }] }, reading, false],
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
    ['wildcard', { Sensor: { id: [{ wildcard: 'us-*' }] } }, reading, true],
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
      /must not be empty/,
    ],
    [
      'an unknown rule',
      { Filters: [{ Pattern: '{"data":{"a":[{"cidr":"10.0.0.0/8"}]}}' }] },
      /unknown rule/,
    ],
    [
      'a bad numeric operator',
      { Filters: [{ Pattern: '{"data":{"a":[{"numeric":["!=",1]}]}}' }] },
      /numeric operator/,
    ],
    [
      'a value that is not a list',
      { Filters: [{ Pattern: '{"data":{"a":1}}' }] },
      /expects a list of rules/,
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
