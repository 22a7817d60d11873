import { parseArgs } from 'node:util';
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

/** What a command line asks for. */
export interface SimulatorOptions {
  readonly count: number;
  readonly shards: number;
  readonly streamName: string;
  readonly tableName: string;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: pnpm --filter simulator start [options]

Sends room-temperature readings to a Kinesis stream. With no AWS configuration it starts
embedded Kinesis and DynamoDB emulators, runs the handler on every record through a local
trigger, and shows the readings with Temperature >= 35 that landed in the table.

Options:
  --count N       readings to send (default ${DEFAULT_COUNT})
  --shards N      shards of the embedded stream (default ${DEFAULT_SHARDS}; ignored on AWS)
  --stream NAME   stream name (default ${DEFAULT_STREAM_NAME})
  --table NAME    table name (default ${DEFAULT_TABLE_NAME})
  --json          print one JSON summary object on stdout instead of text
  --verbose       print the handler's logs and error stacks
  --help          print this help and exit

AWS mode: set AWS_REGION (or AWS_PROFILE, or AWS_ENDPOINT_URL_KINESIS) and the simulator
only sends to the existing stream and prints the per-shard counts.

Exit codes: 0 ok, 1 readings failed or not stored, 2 bad command line.`;

function positiveInteger(
  flag: string,
  raw: string | undefined,
  fallback: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new UsageError(`${flag} must be an integer from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

/**
 * Parses the simulator's command line. Throws {@link UsageError} naming the bad flag.
 *
 * @example
 * ```ts
 * import { parseSimulatorArgs } from './args.js';
 *
 * const options = parseSimulatorArgs(['--count', '10', '--json']);
 * ```
 */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(attachNegativeValues(argv)).values;
  } catch (cause) {
    // parseArgs explains over several lines; the first names the problem.
    const [firstLine = 'invalid arguments'] = (cause as Error).message.split('\n');
    throw new UsageError(firstLine, { cause });
  }
  return {
    count: positiveInteger('--count', values.count, DEFAULT_COUNT, MAX_COUNT),
    shards: positiveInteger('--shards', values.shards, DEFAULT_SHARDS, MAX_EMBEDDED_SHARDS),
    streamName: values.stream ?? DEFAULT_STREAM_NAME,
    tableName: values.table ?? DEFAULT_TABLE_NAME,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

const VALUE_FLAGS = new Set(['--count', '--shards', '--stream', '--table']);

/** `--count -5` would read as two flags; join it to `--count=-5` so the value check reports it. */
function attachNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (VALUE_FLAGS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      count: { type: 'string' },
      shards: { type: 'string' },
      stream: { type: 'string' },
      table: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
