import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COUNT,
  DEFAULT_SHARDS,
  DEFAULT_STREAM_NAME,
  parseDuration,
  parseSimulatorArgs,
  USAGE,
} from '../src/args.js';
import { UsageError } from '../src/errors.js';
import { FLAGS_WITH_DEFAULTS } from './helpers/flags.js';

/** What start and consume hold unless the command line asks: no live view, no fan-out, plain output. */
const UNLESS_ASKED = {
  ui: false,
  uiPort: undefined,
  efo: false,
  json: false,
  verbose: false,
  help: false,
};

describe('parseSimulatorArgs', () => {
  it('defaults to the tutorial: 100 readings, 2 shards, TestDataStream, TestTable', () => {
    expect(parseSimulatorArgs([])).toEqual({
      command: 'start',
      stack: undefined,
      count: DEFAULT_COUNT,
      shards: DEFAULT_SHARDS,
      streamName: DEFAULT_STREAM_NAME,
      tableName: 'TestTable',
      reshardTo: undefined,
      rate: undefined,
      durationMs: undefined,
      tail: false,
      aggregate: false,
      consumer: 'trigger',
      workers: 3,
      windowSeconds: undefined,
      ...UNLESS_ASKED,
    });
    expect([DEFAULT_COUNT, DEFAULT_SHARDS, DEFAULT_STREAM_NAME]).toEqual([
      100,
      2,
      'TestDataStream',
    ]);
  });

  it.each([
    [
      ['--', '--count', '10', '--aggregate'],
      ['--count', '10', '--aggregate'],
    ],
    [
      ['--', 'tail', '--json'],
      ['tail', '--json'],
    ],
  ])('ignores the leading -- that pnpm passes on: %j', (withSeparator, without) => {
    expect(parseSimulatorArgs(withSeparator)).toEqual(parseSimulatorArgs(without));
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
      'Tbl',
      '--reshard-to',
      '2',
      '--rate',
      '12.5',
      '--tail',
      '--aggregate',
      '--consumer',
      'worker',
      '--workers',
      '5',
      '--ui',
      '--ui-port',
      '8080',
      '--json',
      '--verbose',
      '--help',
    ]);

    // Assess
    expect(options).toEqual({
      command: 'start',
      stack: undefined,
      count: 250,
      shards: 4,
      streamName: 'S',
      tableName: 'Tbl',
      reshardTo: 2,
      rate: 12.5,
      durationMs: undefined,
      tail: true,
      aggregate: true,
      consumer: 'worker',
      workers: 5,
      ui: true,
      uiPort: 8080,
      efo: false,
      json: true,
      verbose: true,
      help: true,
    });
  });

  it.each([
    [['--ui-port', '8080'], '--ui-port needs --ui'],
    [['--ui', '--ui-port', '70000'], '--ui-port must be an integer from 0 to 65535 (got "70000")'],
    [['consume', '--application', 'a1b', '--ui-port', '0'], '--ui-port needs --ui'],
  ])('rejects %j with a one-line UsageError', (argv, message) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(new UsageError(message));
  });

  it('sends rate × duration readings with --rate and --duration', () => {
    // Act
    const options = parseSimulatorArgs(['start', '--rate', '200', '--duration', '2m']);

    // Assess
    expect(options).toMatchObject({
      command: 'start',
      rate: 200,
      durationMs: 120_000,
      count: 24_000,
    });
  });

  it('reads the tail command and its flags', () => {
    // Act
    const options = parseSimulatorArgs([
      'tail',
      '--stream',
      'S',
      '--from',
      'trim-horizon',
      '--count',
      '5',
      '--duration',
      '10s',
      '--json',
    ]);

    // Assess
    expect(options).toEqual({
      command: 'tail',
      streamName: 'S',
      from: 'trim-horizon',
      count: 5,
      durationMs: 10_000,
      json: true,
      verbose: false,
      help: false,
    });
  });

  it.each([
    [['--count', '-5'], '--count must be an integer from 1 to 10000000 (got "-5")'],
    [['--count', '0'], '--count must be an integer from 1 to 10000000 (got "0")'],
    [['--count', '1.5'], '--count must be an integer from 1 to 10000000 (got "1.5")'],
    [['--count', 'ten'], '--count must be an integer from 1 to 10000000 (got "ten")'],
    [['--shards', '0'], '--shards must be an integer from 1 to 100 (got "0")'],
    [['--shards', '101'], '--shards must be an integer from 1 to 100 (got "101")'],
    [['--reshard-to', '0'], '--reshard-to must be an integer from 1 to 100 (got "0")'],
    [['--rate', '0'], '--rate must be a number of readings per second above 0'],
    [['--rate', 'fast'], '--rate must be a number of readings per second above 0'],
    [['--rate', '5', '--duration', '5x'], '--duration must be like 30s, 2m, 1500ms'],
    [['--duration', '5s'], '--duration needs --rate (readings per second)'],
    [['--rate', '5', '--duration', '5s', '--count', '3'], '--count and --duration both set'],
    [['tail', '--from', 'middle'], '--from must be latest or trim-horizon (got "middle")'],
    [['tail', '--table', 'T'], "Unknown option '--table'"],
    [['--stream', ''], '--stream must be 1 to 128 of a-z, A-Z, 0-9, _, -, . (got "")'],
    [['--table', ''], '--table must be 3 to 255 of a-z, A-Z, 0-9, _, -, . (got "")'],
    [
      ['--stream', 'bad name'],
      '--stream must be 1 to 128 of a-z, A-Z, 0-9, _, -, . (got "bad name")',
    ],
    [['tail', '--stream', ''], '--stream must be 1 to 128 of a-z, A-Z, 0-9, _, -, . (got "")'],
    [['scan', '--table', 'ab'], '--table must be 3 to 255 of a-z, A-Z, 0-9, _, -, . (got "ab")'],
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

describe('parseDuration', () => {
  it.each([
    ['1500ms', 1_500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['2.5', 2_500],
  ])('reads %s as %i ms', (raw, ms) => {
    expect(parseDuration(raw)).toBe(ms);
  });
});

describe('USAGE', () => {
  it.each(FLAGS_WITH_DEFAULTS)('documents %s with its default', (flag) => {
    const lines = USAGE.split('\n');
    const index = lines.findIndex((line) => line.trimStart().startsWith(`${flag} `));
    const text = `${lines[index]} ${lines[index + 1]}`;
    expect(index).toBeGreaterThan(-1);
    expect(text).toMatch(/\(default[: ]/);
  });
});

/** The flags USAGE documents for each command, with the placeholder of their value if any. */
function documentedFlags(): Array<{
  command: string;
  flag: string;
  placeholder: string | undefined;
}> {
  const flags: Array<{ command: string; flag: string; placeholder: string | undefined }> = [];
  let command = 'start';
  for (const line of USAGE.split('\n')) {
    if (line.startsWith('Tail options')) command = 'tail';
    if (line.startsWith('Scan options')) command = 'scan';
    if (line.startsWith('Consume options')) command = 'consume';
    const match = /^ {2}(--[a-z-]+)(?: ([A-Z]+))?\s/.exec(line);
    if (match?.[1] !== undefined) flags.push({ command, flag: match[1], placeholder: match[2] });
  }
  return flags;
}

const SAMPLE_VALUES: Record<string, string> = {
  N: '2',
  NAME: 'Readings',
  R: '10',
  D: '5s',
  WHERE: 'latest',
  KIND: 'worker',
};

/** What a flag needs beside it to make sense. */
function companions(command: string, flag: string): string[] {
  if (command === 'start' && flag === '--duration') return ['--rate', '10'];
  if (command === 'start' && flag === '--workers') return ['--consumer', 'worker'];
  if (flag === '--ui-port') return ['--ui', ...companions(command, '--ui')];
  if (command === 'consume' && flag !== '--application') return ['--application', 'readers'];
  return [];
}

describe('every flag --help documents', () => {
  it('finds the flags of the four commands', () => {
    const commands = new Set(documentedFlags().map(({ command }) => command));
    expect(commands).toEqual(new Set(['start', 'tail', 'scan', 'consume']));
    expect(documentedFlags().length).toBeGreaterThan(20);
  });

  it.each(documentedFlags())('$command accepts $flag', ({ command, flag, placeholder }) => {
    // Prepare: --duration needs a rate, --workers a worker consumer, consume an application.
    const needs = companions(command, flag);
    const value = placeholder === undefined ? [] : [SAMPLE_VALUES[placeholder] ?? 'x'];

    // Act
    const act = (): unknown => parseSimulatorArgs([command, flag, ...value, ...needs]);

    // Assess
    expect(act).not.toThrow();
  });
});

describe('consume and --consumer worker', () => {
  it('reads the consume command: one worker, until a signal, by default', () => {
    expect(parseSimulatorArgs(['consume', '--application', 'readers'])).toEqual({
      command: 'consume',
      applicationName: 'readers',
      stack: undefined,
      streamName: DEFAULT_STREAM_NAME,
      tableName: 'TestTable',
      workers: 1,
      untilIdleMs: undefined,
      minTemperature: undefined,
      ...UNLESS_ASKED,
    });
  });

  it('reads every consume flag', () => {
    // Act
    const options = parseSimulatorArgs([
      'consume',
      '--application',
      'readers',
      '--stream',
      'S',
      '--table',
      'Readings',
      '--workers',
      '4',
      '--until-idle',
      '10',
      '--min-temperature',
      '-2.5',
      '--json',
    ]);

    // Assess
    expect(options).toMatchObject({
      applicationName: 'readers',
      streamName: 'S',
      tableName: 'Readings',
      workers: 4,
      untilIdleMs: 10_000,
      minTemperature: -2.5,
      json: true,
    });
  });

  it.each([
    [['consume'], 'consume needs --application NAME'],
    [['consume', '--application', ''], '--application must be 3 to 255 of'],
    [['consume', '--application', 'ab'], '--application must be 3 to 255 of'],
    [['consume', '--application', 'app', '--stream', ''], '--stream must be 1 to 128 of'],
    [['consume', '--application', 'app', '--stream', 'a/b'], '--stream must be 1 to 128 of'],
    [['consume', '--application', 'app', '--table', ''], '--table must be 3 to 255 of'],
    [['consume', '--application', 'app', '--workers', '0'], '--workers must be an integer from 1'],
    [['consume', '--application', 'app', '--until-idle', 'soon'], '--until-idle must be like'],
    [['consume', '--application', 'app', '--min-temperature', 'hot'], '--min-temperature must be'],
    [['--consumer', 'lambda'], '--consumer must be trigger or worker'],
    [['--workers', '3'], '--workers needs --consumer worker'],
    [['--consumer', 'worker', '--workers', '17'], '--workers must be an integer from 1 to 16'],
    [['--window', '0'], '--window must be an integer from 1 to 900 (got "0")'],
    [['--window', '901'], '--window must be an integer from 1 to 900 (got "901")'],
    [
      ['--window', '60', '--consumer', 'worker'],
      '--window runs the windowed function through the local trigger',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(message);
  });
});

describe('--efo', () => {
  it("runs the handler's trigger on the fan-out consumer on start", () => {
    expect(parseSimulatorArgs(['--efo'])).toMatchObject({ command: 'start', efo: true });
  });

  it("reads through the application's fan-out consumer on consume", () => {
    expect(parseSimulatorArgs(['consume', '--application', 'readers', '--efo'])).toMatchObject({
      command: 'consume',
      efo: true,
    });
  });

  it('refuses --efo with worker processes on start, pointing at consume --efo', () => {
    expect(() => parseSimulatorArgs(['--efo', '--consumer', 'worker'])).toThrow(
      new UsageError(
        '--efo on start runs the local trigger on a fan-out consumer; for workers run consume --efo',
      ),
    );
  });

  it('is in the help of start and of consume', () => {
    expect(USAGE.match(/^ {2}--efo /gm)).toHaveLength(2);
  });
});

describe('--window', () => {
  it('reads the tumbling window in seconds', () => {
    expect(parseSimulatorArgs(['--window', '60'])).toMatchObject({ windowSeconds: 60 });
  });
});

describe('scan, --stack and --version', () => {
  it('reads the scan command', () => {
    expect(parseSimulatorArgs(['scan', '--stack', 'KdsReadings', '--json'])).toEqual({
      command: 'scan',
      tableName: 'TestTable',
      stack: 'KdsReadings',
      json: true,
      verbose: false,
      help: false,
    });
  });

  it('asks for the version before anything else', () => {
    expect(parseSimulatorArgs(['--count', '5', '--version'])).toEqual({ command: 'version' });
  });

  it.each([
    [['--stack', 'S', '--stream', 'T'], '--stack names the stream and table itself'],
    [['tail', '--stack', 'S', '--stream', 'T'], '--stack names the stream itself'],
    [['scan', '--stack', 'S', '--table', 'T'], '--stack names the table itself'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSimulatorArgs(argv)).toThrow(message);
  });
});
