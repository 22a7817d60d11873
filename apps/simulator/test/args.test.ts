import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COUNT,
  DEFAULT_SHARDS,
  DEFAULT_STREAM_NAME,
  parseSimulatorArgs,
} from '../src/args.js';
import { UsageError } from '../src/errors.js';

describe('parseSimulatorArgs', () => {
  it('defaults to the tutorial: 100 readings, 2 shards, TestDataStream, TestTable', () => {
    expect(parseSimulatorArgs([])).toEqual({
      count: DEFAULT_COUNT,
      shards: DEFAULT_SHARDS,
      streamName: DEFAULT_STREAM_NAME,
      tableName: 'TestTable',
      json: false,
      verbose: false,
      help: false,
    });
    expect([DEFAULT_COUNT, DEFAULT_SHARDS, DEFAULT_STREAM_NAME]).toEqual([
      100,
      2,
      'TestDataStream',
    ]);
  });

  it('reads every flag', () => {
    // Act
    const options = parseSimulatorArgs([
      '--count',
      '250',
      '--shards=4',
      '--stream',
      'S',
      '--table',
      'T',
      '--json',
      '--verbose',
      '--help',
    ]);

    // Assess
    expect(options).toEqual({
      count: 250,
      shards: 4,
      streamName: 'S',
      tableName: 'T',
      json: true,
      verbose: true,
      help: true,
    });
  });

  it.each([
    [['--count', '-5'], '--count must be an integer from 1 to 10000000 (got "-5")'],
    [['--count', '0'], '--count must be an integer from 1 to 10000000 (got "0")'],
    [['--count', '1.5'], '--count must be an integer from 1 to 10000000 (got "1.5")'],
    [['--count', 'ten'], '--count must be an integer from 1 to 10000000 (got "ten")'],
    [['--shards', '0'], '--shards must be an integer from 1 to 100 (got "0")'],
    [['--shards', '101'], '--shards must be an integer from 1 to 100 (got "101")'],
    [['--count'], "Option '--count <value>' argument missing"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['extra'], 'Unexpected argument'],
  ])('rejects %j with a one-line UsageError', (argv, message) => {
    // Act
    const act = (): unknown => parseSimulatorArgs(argv);

    // Assess
    expect(act).toThrow(UsageError);
    expect(act).toThrow(message);
    try {
      act();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
