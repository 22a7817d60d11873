// Long on purpose: the simulator's whole command line in one place. USAGE, the options each
// command's parser returns, the flag tables and the checks of every value sit side by side, so a
// flag added to one is seen missing from the others, and the tests that hold USAGE against the
// parsers read one file. Split by command, the flags the commands share (--stream, --table,
// --stack, --ui, --workers and the rules of names) would be spread over several files.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MAX_TUMBLING_WINDOW_IN_SECONDS } from '@kds/consumer';
import { DEFAULT_TABLE_NAME } from 'handler';
import { UsageError } from './errors.js';

/** The tutorial sends 100 readings. */
export const DEFAULT_COUNT = 100;
/** The tutorial's stream has 2 shards. */
export const DEFAULT_SHARDS = 2;
/** The tutorial's stream. */
export const DEFAULT_STREAM_NAME = 'TestDataStream';
/** Embedded kinesalite is started with this shard limit. */
export const MAX_EMBEDDED_SHARDS = 100;
/** A bound that keeps one run's memory and time sane. */
export const MAX_COUNT = 10_000_000;
/** Faster than this the device is not a device any more (and one run stays bounded). */
export const MAX_RATE = 100_000;
/** A continuous run lasts at most a day. */
export const MAX_DURATION_MS = 86_400_000;

/** How many workers `start --consumer worker` runs when `--workers` is not given. */
export const DEFAULT_START_WORKERS = 3;
/** How many workers `consume` runs when `--workers` is not given. */
export const DEFAULT_CONSUME_WORKERS = 1;
/** Most workers one command runs (processes for `start`, in-process workers for `consume`). */
export const MAX_WORKERS = 16;
/** The highest TCP port, for `--ui-port`. */
export const MAX_PORT = 65_535;

/**
 * Kinesis stream names: 1 to 128 characters of a-z, A-Z, 0-9, `_`, `-`, `.`.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html
 */
export const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,128}$/;

/**
 * DynamoDB table names (the readings table, and the lease table named after the application): 3 to
 * 255 characters of a-z, A-Z, 0-9, `_`, `-`, `.`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 */
export const TABLE_NAME_PATTERN = /^[a-zA-Z0-9_.-]{3,255}$/;

/** The enhanced fan-out consumer `start --efo` registers for the handler's trigger. */
export const EFO_CONSUMER_NAME = 'kds-simulator';

/** What consumes the stream in `start`: the local trigger (Lambda's way) or worker processes. */
export const ConsumerKind = { Trigger: 'trigger', Worker: 'worker' } as const;
/** One of {@link ConsumerKind}. */
export type ConsumerKind = (typeof ConsumerKind)[keyof typeof ConsumerKind];

/** Where `tail` starts reading. */
export const TailFrom = { Latest: 'latest', TrimHorizon: 'trim-horizon' } as const;
/** One of {@link TailFrom}. */
export type TailFrom = (typeof TailFrom)[keyof typeof TailFrom];

/** `--json`, `--verbose` and `--help`, which every command takes. */
export interface OutputOptions {
  /** Print JSON (one summary object, or one line per reading) instead of text. */
  readonly json: boolean;
  /** Print logs and error stacks. */
  readonly verbose: boolean;
  /** Print the help and exit. */
  readonly help: boolean;
}

/** `--ui` and `--ui-port` of `start` and `consume`. */
export interface LiveViewOptions {
  /**
   * Serve the live view: while `consume`'s workers run; for `start`, kept open after the run until
   * Ctrl-C.
   */
  readonly ui: boolean;
  /** The live view's port on 127.0.0.1; `undefined`: a free one the OS picks. */
  readonly uiPort: number | undefined;
}

/** What a `start` command line asks for. */
export interface SimulatorOptions extends LiveViewOptions, OutputOptions {
  readonly command: 'start';
  /** AWS mode: take the stream, table and threshold from this deployed stack's outputs. */
  readonly stack: string | undefined;
  readonly count: number;
  readonly shards: number;
  readonly streamName: string;
  readonly tableName: string;
  /** Reshard to this many shards after sending, then send `count` readings again. */
  readonly reshardTo: number | undefined;
  /** Readings per second; `undefined` sends as fast as the stream takes them. */
  readonly rate: number | undefined;
  /** With `rate`: how long to send (then `count` is `rate × duration`). */
  readonly durationMs: number | undefined;
  /** Attach a second trigger that prints readings as they arrive (embedded). */
  readonly tail: boolean;
  /** Send KPL aggregates (the producer's `aggregation: true`) instead of a record per reading. */
  readonly aggregate: boolean;
  /** What runs the handler's logic: the local trigger, or `workers` worker processes. */
  readonly consumer: ConsumerKind;
  /** Worker processes with `consumer: 'worker'`. */
  readonly workers: number;
  /** Tumbling windows of this many seconds for the windowed function (`--window`, embedded). */
  readonly windowSeconds: number | undefined;
  /** Run the handler's trigger on an enhanced fan-out consumer (`--efo`, embedded kinesis-local). */
  readonly efo: boolean;
}

/** What a `tail` command line asks for. */
export interface TailOptions extends OutputOptions {
  readonly command: 'tail';
  /** Take the stream from this deployed stack's outputs. */
  readonly stack: string | undefined;
  readonly streamName: string;
  readonly from: TailFrom;
  /** Stop after this many readings; `undefined` runs until interrupted or `duration`. */
  readonly count: number | undefined;
  readonly durationMs: number | undefined;
}

/** What a `scan` command line asks for. */
export interface ScanOptions extends OutputOptions {
  readonly command: 'scan';
  readonly tableName: string;
  /** Take the table from this deployed stack's outputs. */
  readonly stack: string | undefined;
}

/** What a `consume` command line asks for. */
export interface ConsumeOptions extends LiveViewOptions, OutputOptions {
  readonly command: 'consume';
  /** The application: the lease table's name, shared by every worker of it. */
  readonly applicationName: string;
  /** Take the stream, table and threshold from this deployed stack's outputs. */
  readonly stack: string | undefined;
  readonly streamName: string;
  readonly tableName: string;
  /** Workers run in this process, each with its own worker id. */
  readonly workers: number;
  /** Stop once nothing was processed for this long and no shard is behind; `undefined`: run until a signal. */
  readonly untilIdleMs: number | undefined;
  /** Readings at or above it are stored; `undefined`: MIN_TEMPERATURE or the handler's default. */
  readonly minTemperature: number | undefined;
  /** Read through the enhanced fan-out consumer named after the application (`--efo`). */
  readonly efo: boolean;
}

/** `--version` on any command. */
export interface VersionRequest {
  readonly command: 'version';
}

/** Any command line the simulator understands. */
export type CommandOptions =
  | SimulatorOptions
  | TailOptions
  | ScanOptions
  | ConsumeOptions
  | VersionRequest;

export const USAGE = `Usage: pnpm --filter simulator start [options]
       pnpm --filter simulator tail [tail options]
       pnpm --filter simulator scan [scan options]
       pnpm --filter simulator consume --application NAME [consume options]

Sends room-temperature readings to a Kinesis stream. With no AWS configuration it starts
embedded Kinesis and DynamoDB emulators, runs the handler on every record through a local
trigger, and shows the readings with Temperature >= 35 that landed in the table.

Options:
  --count N         readings to send (default ${DEFAULT_COUNT}; with --reshard-to, per phase)
  --shards N        shards of the embedded stream (default ${DEFAULT_SHARDS}; ignored on AWS)
  --stream NAME     stream name (default ${DEFAULT_STREAM_NAME})
  --table NAME      table name (default ${DEFAULT_TABLE_NAME})
  --reshard-to N    after sending, reshard the stream to N shards and send again (default: off;
                    N from half to double the shards)
  --rate R          send R readings per second, with a progress bar (default: as fast as possible)
  --duration D      with --rate, send for D (e.g. 30s, 2m, 1500ms; a bare number is seconds);
                    replaces --count (default: off)
  --tail            also print each reading as a second consumer receives it (default: off;
                    embedded only)
  --aggregate       pack the readings into KPL aggregated records, per shard; the handler
                    deaggregates them (default: off)
  --consumer KIND   trigger: the handler runs through a local trigger, as Lambda runs it; worker:
                    worker processes (the consume command) run the handler's logic, sharing the
                    shards through a lease table (default trigger; embedded only)
  --workers N       with --consumer worker, how many worker processes (default ${DEFAULT_START_WORKERS}, at most
                    ${MAX_WORKERS})
  --window N        also run the windowed function in N-second tumbling windows (1 to 900) and
                    show each Spot's minimum, maximum and mean per window (default: off;
                    embedded only, with --consumer trigger)
  --ui              serve a live view of the run on 127.0.0.1 and print its URL; the page stays
                    on the final state until Ctrl-C (default: off)
  --ui-port N       with --ui, the port (default: a free port the OS picks)
  --efo             the handler's trigger reads through an enhanced fan-out consumer
                    (${EFO_CONSUMER_NAME}, SubscribeToShard) instead of polling; the embedded
                    Kinesis is then kinesis-local, since kinesalite has no SubscribeToShard
                    (default: off; embedded only, with --consumer trigger)
  --json            print one JSON summary object on stdout instead of text (default: off)
  --stack NAME      AWS mode: read the stream, table and threshold from this deployed stack's
                    outputs (apps/infra; default: off, use --stream/--table)
  --verbose         print the handler's logs and error stacks (default: off)
  --version         print the version and exit
  --help            print this help and exit

Tail options (pnpm --filter simulator tail): read the stream as another consumer and print each
reading as it arrives; needs AWS configuration (or AWS_ENDPOINT_URL_KINESIS) naming the stream.
  --stream NAME     stream name (default ${DEFAULT_STREAM_NAME})
  --stack NAME      read the stream name from this deployed stack's outputs (default: off)
  --from WHERE      latest or trim-horizon (default latest)
  --count N         stop after N readings (default: until Ctrl-C)
  --duration D      stop after D (default: until Ctrl-C)
  --json            print one JSON line per reading (default: off)
  --verbose         print error stacks (default: off)

Scan options (pnpm --filter simulator scan): print the readings stored in an existing table; needs
AWS configuration (or AWS_ENDPOINT_URL_DYNAMODB).
  --table NAME      table name (default ${DEFAULT_TABLE_NAME})
  --stack NAME      read the table name from this deployed stack's outputs (default: off)
  --json            print one JSON line per reading (default: off)
  --verbose         print error stacks (default: off)

Consume options (pnpm --filter simulator consume): run the handler's logic (store readings with
Temperature >= the threshold in the table) in lease-based workers (@kds/worker) over an existing
stream, from the oldest record not yet checkpointed, until Ctrl-C/SIGTERM or --until-idle; needs
AWS configuration (or AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_DYNAMODB).
  --application NAME  the application: its lease table has this name (required)
  --stream NAME       stream name (default ${DEFAULT_STREAM_NAME})
  --table NAME        table the readings are stored in (default ${DEFAULT_TABLE_NAME})
  --stack NAME        read the stream, table and threshold from this deployed stack's outputs
                      (default: off)
  --workers N         workers in this process, each with its own worker id (default
                      ${DEFAULT_CONSUME_WORKERS}, at most ${MAX_WORKERS}); run the command on more machines to scale out
  --until-idle D      stop once no record was processed for D (e.g. 10s; a bare number is
                      seconds) and no shard is behind (default: until Ctrl-C/SIGTERM)
  --min-temperature N store readings with Temperature >= N (default MIN_TEMPERATURE, else 35)
  --ui                serve a live view of the workers on 127.0.0.1 and print its URL (default: off)
  --ui-port N         with --ui, the port (default: a free port the OS picks)
  --efo               read through the enhanced fan-out consumer named after the application
                      (registered if missing, never deregistered) instead of polling (default:
                      off)
  --json              print one JSON summary object on stdout (default: off)
  --verbose           print the workers' logs on stderr (default: off)

AWS mode: set AWS_REGION (or AWS_PROFILE, or AWS_ENDPOINT_URL_KINESIS) and the simulator
only sends to the existing stream and prints the per-shard counts.

Exit codes: 0 ok, 1 readings failed or not stored, 2 bad command line, 130 after Ctrl-C
(SIGINT) and 143 after SIGTERM (the run still flushes, stops what it started and reports; consume
stops its workers, which checkpoint and release their leases, then reports).`;

/** Reads an integer flag from `min` to `max`. */
const integer =
  (flag: string, max: number, min = 1) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  };

function positiveRate(raw: string): number {
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || value <= 0 || value > MAX_RATE) {
    throw new UsageError(
      `--rate must be a number of readings per second above 0 and at most ${MAX_RATE} (got "${raw}")`,
    );
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration: `1500ms`, `30s`, `2m`, `1h`, or a bare number of seconds.
 *
 * @example
 * ```ts
 * import { parseDuration } from './args.js';
 *
 * parseDuration('2m'); // 120000
 * ```
 */
export function parseDuration(raw: string, flag = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  const ms = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1_000) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 1 || ms > MAX_DURATION_MS) {
    throw new UsageError(
      `${flag} must be like 30s, 2m, 1500ms or a number of seconds, up to 24h (got "${raw}")`,
    );
  }
  return Math.round(ms);
}

/** `read(raw)` for a flag given, `undefined` for a flag left out. */
function given<T>(raw: string | undefined, read: (raw: string) => T): T | undefined {
  return raw === undefined ? undefined : read(raw);
}

function firstLine(cause: unknown): UsageError {
  // parseArgs explains over several lines; the first names the problem.
  const [line = 'invalid arguments'] = (cause as Error).message.split('\n');
  return new UsageError(line, { cause });
}

/**
 * `--count -5` would read as two flags; join it to `--count=-5` so the value check reports it.
 * Only flags that take a value (`type: 'string'` in `options`) are joined.
 */
function attachNegativeValues(argv: readonly string[], options: FlagOptions): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** `--json`, `--verbose` and `--help`, which every command takes: off unless given. */
function switchesOf(values: { json?: boolean; verbose?: boolean; help?: boolean }): OutputOptions {
  return {
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

/** `--stack` names the command's stream and table itself: refused beside the flags naming them. */
function checkStackAlone(
  values: { stack?: string | undefined; stream?: string | undefined; table?: string | undefined },
  names: readonly ('stream' | 'table')[],
): void {
  if (values.stack !== undefined && names.some((name) => values[name] !== undefined)) {
    const flags = names.map((name) => `--${name}`).join('/');
    throw new UsageError(`--stack names the ${names.join(' and ')} itself: drop ${flags}`);
  }
}

/**
 * Parses the options of the `start` command (the default). Throws {@link UsageError}.
 *
 * @example
 * ```ts
 * import { parseStartArgs } from './args.js';
 *
 * const options = parseStartArgs(['--count', '10', '--reshard-to', '1']);
 * ```
 */
export function parseStartArgs(argv: readonly string[]): SimulatorOptions {
  const values = parseFlags(argv, START_FLAGS);
  const shards = given(values.shards, integer('--shards', MAX_EMBEDDED_SHARDS)) ?? DEFAULT_SHARDS;
  const rate = given(values.rate, positiveRate);
  const durationMs = given(values.duration, parseDuration);
  if (durationMs !== undefined && rate === undefined) {
    throw new UsageError('--duration needs --rate (readings per second)');
  }
  if (durationMs !== undefined && values.count !== undefined) {
    throw new UsageError('--count and --duration both set how many readings to send: use one');
  }
  let count = given(values.count, integer('--count', MAX_COUNT)) ?? DEFAULT_COUNT;
  if (durationMs !== undefined && rate !== undefined) {
    count = Math.max(1, Math.round((rate * durationMs) / 1_000));
    if (count > MAX_COUNT) {
      throw new UsageError(`--rate × --duration comes to ${count} readings, over ${MAX_COUNT}`);
    }
  }
  const reshardTo = given(values['reshard-to'], integer('--reshard-to', MAX_EMBEDDED_SHARDS));
  checkStackAlone(values, ['stream', 'table']);
  const consumer = values.consumer ?? ConsumerKind.Trigger;
  if (!Object.values(ConsumerKind).includes(consumer as ConsumerKind)) {
    throw new UsageError(`--consumer must be trigger or worker (got "${consumer}")`);
  }
  if (values.workers !== undefined && consumer !== ConsumerKind.Worker) {
    throw new UsageError('--workers needs --consumer worker');
  }
  const windowSeconds = given(values.window, integer('--window', MAX_TUMBLING_WINDOW_IN_SECONDS));
  if (windowSeconds !== undefined && consumer !== ConsumerKind.Trigger) {
    throw new UsageError(
      '--window runs the windowed function through the local trigger: drop --consumer worker',
    );
  }
  const efo = values.efo ?? false;
  if (efo && consumer !== ConsumerKind.Trigger) {
    throw new UsageError(
      '--efo on start runs the local trigger on a fan-out consumer; for workers run consume --efo',
    );
  }
  return {
    command: 'start',
    stack: values.stack,
    count,
    shards,
    streamName: streamNameOf(values.stream),
    tableName: tableNameOf(values.table),
    reshardTo,
    rate,
    durationMs,
    tail: values.tail ?? false,
    ...uiOf(values),
    aggregate: values.aggregate ?? false,
    consumer: consumer as ConsumerKind,
    workers: given(values.workers, integer('--workers', MAX_WORKERS)) ?? DEFAULT_START_WORKERS,
    windowSeconds,
    efo,
    ...switchesOf(values),
  };
}

function parseTail(argv: readonly string[]): TailOptions {
  const values = parseFlags(argv, TAIL_FLAGS);
  const from = values.from ?? TailFrom.Latest;
  if (!Object.values(TailFrom).includes(from as TailFrom)) {
    throw new UsageError(`--from must be latest or trim-horizon (got "${from}")`);
  }
  checkStackAlone(values, ['stream']);
  return {
    command: 'tail',
    stack: values.stack,
    streamName: streamNameOf(values.stream),
    from: from as TailFrom,
    count: given(values.count, integer('--count', MAX_COUNT)),
    durationMs: given(values.duration, parseDuration),
    ...switchesOf(values),
  };
}

function parseScan(argv: readonly string[]): ScanOptions {
  const values = parseFlags(argv, SCAN_FLAGS);
  checkStackAlone(values, ['table']);
  return {
    command: 'scan',
    tableName: tableNameOf(values.table),
    stack: values.stack,
    ...switchesOf(values),
  };
}

/** `--ui` and `--ui-port`: the port only with the page, 0 for a free one. */
function uiOf(values: { ui?: boolean; 'ui-port'?: string | undefined }): LiveViewOptions {
  const ui = values.ui ?? false;
  const raw = values['ui-port'];
  if (raw !== undefined && !ui) throw new UsageError('--ui-port needs --ui');
  return { ui, uiPort: given(raw, integer('--ui-port', MAX_PORT, 0)) };
}

function checkedName(flag: string, raw: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(raw)) throw new UsageError(`${flag} must be ${rule} (got "${raw}")`);
  return raw;
}

const STREAM_NAME_RULE = '1 to 128 of a-z, A-Z, 0-9, _, -, .';
const TABLE_NAME_RULE = '3 to 255 of a-z, A-Z, 0-9, _, -, .';

/** `--stream`, or the default: a name Kinesis accepts, checked before anything starts. */
const streamNameOf = (raw: string | undefined): string =>
  checkedName('--stream', raw ?? DEFAULT_STREAM_NAME, STREAM_NAME_PATTERN, STREAM_NAME_RULE);

/** `--table`, or the default: a name DynamoDB accepts, checked before anything starts. */
const tableNameOf = (raw: string | undefined): string =>
  checkedName('--table', raw ?? DEFAULT_TABLE_NAME, TABLE_NAME_PATTERN, TABLE_NAME_RULE);

function temperature(raw: string): number {
  const value = Number(raw);
  if (!/^-?\d+(\.\d+)?$/.test(raw.trim()) || !Number.isFinite(value)) {
    throw new UsageError(`--min-temperature must be a number (got "${raw}")`);
  }
  return value;
}

function parseConsume(argv: readonly string[]): ConsumeOptions {
  const values = parseFlags(argv, CONSUME_FLAGS);
  const help = values.help ?? false;
  if (values.application === undefined && !help) {
    throw new UsageError('consume needs --application NAME (its lease table)');
  }
  checkStackAlone(values, ['stream', 'table']);
  return {
    command: 'consume',
    applicationName:
      values.application === undefined
        ? ''
        : checkedName('--application', values.application, TABLE_NAME_PATTERN, TABLE_NAME_RULE),
    stack: values.stack,
    streamName: streamNameOf(values.stream),
    tableName: tableNameOf(values.table),
    workers: given(values.workers, integer('--workers', MAX_WORKERS)) ?? DEFAULT_CONSUME_WORKERS,
    untilIdleMs: given(values['until-idle'], (raw) => parseDuration(raw, '--until-idle')),
    minTemperature: given(values['min-temperature'], temperature),
    ...uiOf(values),
    efo: values.efo ?? false,
    ...switchesOf(values),
  };
}

/**
 * Parses the simulator's command line: `start` options (the default), or `tail`, `scan` or
 * `consume` and their options, or `--version`. Throws {@link UsageError} naming the bad flag.
 *
 * @example
 * ```ts
 * import { parseSimulatorArgs } from './args.js';
 *
 * const options = parseSimulatorArgs(['--count', '10', '--json']);
 * ```
 */
export function parseSimulatorArgs(argv: readonly string[]): CommandOptions {
  // `pnpm --filter simulator start -- --count 10` passes the `--` on, where npm drops it.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  if (args.includes('--version') || args.includes('-v')) return { command: 'version' };
  const [first, ...rest] = args;
  if (first === 'tail') return parseTail(rest);
  if (first === 'scan') return parseScan(rest);
  if (first === 'consume') return parseConsume(rest);
  return parseStartArgs(first === 'start' ? rest : args);
}

/** The flag definitions `parseArgs` takes. */
type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes. */
const COMMON_FLAGS = {
  stack: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies FlagOptions;

const START_FLAGS = {
  count: { type: 'string' },
  shards: { type: 'string' },
  stream: { type: 'string' },
  table: { type: 'string' },
  'reshard-to': { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  tail: { type: 'boolean' },
  aggregate: { type: 'boolean' },
  consumer: { type: 'string' },
  workers: { type: 'string' },
  window: { type: 'string' },
  ui: { type: 'boolean' },
  'ui-port': { type: 'string' },
  efo: { type: 'boolean' },
} as const satisfies FlagOptions;

const TAIL_FLAGS = {
  stream: { type: 'string' },
  from: { type: 'string' },
  count: { type: 'string' },
  duration: { type: 'string' },
} as const satisfies FlagOptions;

const SCAN_FLAGS = { table: { type: 'string' } } as const satisfies FlagOptions;

const CONSUME_FLAGS = {
  application: { type: 'string' },
  stream: { type: 'string' },
  table: { type: 'string' },
  workers: { type: 'string' },
  'until-idle': { type: 'string' },
  'min-temperature': { type: 'string' },
  ui: { type: 'boolean' },
  'ui-port': { type: 'string' },
  efo: { type: 'boolean' },
} as const satisfies FlagOptions;

/**
 * A command's flag values (its own and {@link COMMON_FLAGS}), negative values joined to their flag;
 * no positionals, no unknown flags. What `parseArgs` refuses is a {@link UsageError}.
 */
function parseFlags<const O extends FlagOptions>(argv: readonly string[], options: O) {
  const all = { ...COMMON_FLAGS, ...options };
  try {
    return parseArgs({
      args: attachNegativeValues(argv, all),
      strict: true,
      allowPositionals: false,
      options: all,
    }).values;
  } catch (cause) {
    throw firstLine(cause);
  }
}
