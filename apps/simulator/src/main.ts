#!/usr/bin/env -S node --import tsx --conditions=@kds/source
import { createRequire } from 'node:module';
import { InvalidShardCountError } from '@kds/local';
import { jsonLogger as workerJsonLogger } from '@kds/worker';
import { readConfig } from 'handler';
import {
  type CommandOptions,
  type ConsumeOptions,
  ConsumerKind,
  parseSimulatorArgs,
  type ScanOptions,
  type SimulatorOptions,
  type TailOptions,
  USAGE,
} from './args.js';
import { formatConsumeReport, runConsume } from './consume.js';
import { awsConfigurationSource, efoEmulatorConflict, efoTarget } from './environment.js';
import { UsageError } from './errors.js';
import { quietLogger, stderrLogger } from './loggers.js';
import { createProgress } from './progress.js';
import { formatReadings, formatReport, toJsonSummary } from './report.js';
import { runEmbedded, runOnAws } from './run.js';
import { runScan } from './scan.js';
import { readStackOutputs } from './stack.js';
import { createStyle } from './style.js';
import { runTail } from './tail.js';
import { holdLiveView, openLiveView } from './ui/cli.js';
import type { RunObserver } from './ui/observer.js';
import type { LiveView } from './ui/server.js';
import { windowedReadings } from './windows.js';
import { reportToParent, STARTED_MESSAGE } from './worker-processes.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Exit codes, as documented in --help: 128 + the signal's number after an interrupted run (which
 * still flushes what it buffered and prints its summary).
 */
export const ExitCode = {
  Ok: 0,
  Failures: 1,
  Usage: 2,
  Interrupted: 130,
  Terminated: 143,
} as const;

const usage = (message: string): number => {
  process.stderr.write(`simulator: ${message} (see --help)\n`);
  return ExitCode.Usage;
};

const failure = (error: unknown, verbose: boolean): number => {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`simulator: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return ExitCode.Failures;
};

/** A command's work: its exit code, or {@link ExitCode.Failures} once what it threw is printed. */
async function exitCodeOf(verbose: boolean, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    return failure(error, verbose);
  }
}

/** The environment a command reads: `process.env`, or a test's. */
type Env = Record<string, string | undefined>;

/** The signal that stopped the run early, if one did. */
let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;

/**
 * Ctrl-C (SIGINT) or SIGTERM stops sending (or tailing) and lets the run flush, stop what it
 * started and report what it did; the exit code then says which signal it was.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => {
      stoppedBy ??= name;
      controller.abort();
    });
  }
  return controller.signal;
}

/**
 * With `--ui`, a finished run keeps its page open on the final state until Ctrl-C or SIGTERM; that
 * signal ends the page, not the run, so the exit code stays the run's. A run already stopped by a
 * signal closes the page at once.
 */
async function closeLiveView(view: LiveView | undefined, json: boolean): Promise<void> {
  if (view === undefined) return;
  const runStoppedBy = stoppedBy;
  if (runStoppedBy === undefined) {
    await holdLiveView(view, json ? process.stderr : process.stdout);
    stoppedBy = runStoppedBy;
  }
  await view.close();
}

function signalExitCode(code: number): number {
  if (stoppedBy === undefined || code === ExitCode.Usage) return code;
  return stoppedBy === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
}

/** The stream or table the command line names, or with `--stack` the deployed stack's. */
async function nameOf<K extends 'streamName' | 'tableName'>(
  options: { readonly stack: string | undefined } & Readonly<Record<K, string>>,
  key: K,
): Promise<string> {
  return options.stack === undefined ? options[key] : (await readStackOutputs(options.stack))[key];
}

async function tail(options: TailOptions, env: Env): Promise<number> {
  if (awsConfigurationSource(env) === undefined) {
    return usage(
      'tail reads an existing stream: set AWS_REGION (or AWS_PROFILE), or AWS_ENDPOINT_URL_KINESIS for an emulator you run',
    );
  }
  return exitCodeOf(options.verbose, async () => {
    const streamName = await nameOf(options, 'streamName');
    const { printed } = await runTail(
      { ...options, streamName },
      {
        print: (line) => process.stdout.write(`${line}\n`),
        onError: (error) => {
          if (options.verbose) process.stderr.write(`simulator tail: ${String(error)}\n`);
        },
        signal: interruptSignal(),
      },
    );
    if (!options.json) process.stderr.write(`simulator tail: ${printed} readings\n`);
    return ExitCode.Ok;
  });
}

async function scan(options: ScanOptions, env: Env): Promise<number> {
  if (awsConfigurationSource(env) === undefined && (env.AWS_ENDPOINT_URL_DYNAMODB ?? '') === '') {
    return usage(
      'scan reads an existing table: set AWS_REGION (or AWS_PROFILE), or AWS_ENDPOINT_URL_DYNAMODB for an emulator you run',
    );
  }
  return exitCodeOf(options.verbose, async () => {
    const tableName = await nameOf(options, 'tableName');
    const readings = await runScan(tableName);
    if (options.json) {
      for (const reading of readings) process.stdout.write(`${JSON.stringify(reading)}\n`);
    } else {
      const style = createStyle({ isTTY: process.stdout.isTTY === true, env });
      process.stdout.write(`${style.bold(`Items in ${tableName}:`)}\n`);
      process.stdout.write(
        `${formatReadings(readings, style).join('\n')}\n${readings.length} items\n`,
      );
    }
    return ExitCode.Ok;
  });
}

async function consume(options: ConsumeOptions, env: Env): Promise<number> {
  if (awsConfigurationSource(env) === undefined) {
    return usage(
      'consume reads an existing stream: set AWS_REGION (or AWS_PROFILE), or AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_DYNAMODB for emulators you run',
    );
  }
  const signal = interruptSignal();
  let view: LiveView | undefined;
  try {
    view = await openLiveView(options, options.json ? process.stderr : process.stdout);
    const config = readConfig(env);
    let { streamName, tableName } = options;
    let minTemperature = options.minTemperature ?? config.minTemperature;
    if (options.stack !== undefined) {
      const outputs = await readStackOutputs(options.stack);
      streamName = outputs.streamName;
      tableName = outputs.tableName;
      minTemperature = options.minTemperature ?? outputs.minTemperature;
    }
    const progress = (line: string): void => {
      if (!options.json) process.stdout.write(`${line}\n`);
    };
    // Started by `start --consumer worker --ui`: the parent wants the workers' figures as they go.
    const reporter = reportToParent(env);
    const summary = await runConsume(
      {
        applicationName: options.applicationName,
        streamName,
        tableName,
        workers: options.workers,
        untilIdleMs: options.untilIdleMs,
        minTemperature,
        poison: config.poison,
        efo: efoTarget(options.efo, env),
      },
      {
        progress,
        logger: options.verbose ? stderrLogger : quietLogger,
        workerLogger: workerJsonLogger({ minLevel: options.verbose ? 'info' : 'error' }),
        signal,
        // Started by `start --consumer worker`: tell it the workers run (and now stop gracefully).
        onStarted: () => {
          process.send?.(STARTED_MESSAGE, () => {
            if (reporter === undefined) process.disconnect?.();
          });
        },
        report: reporter,
        observer: view?.observer,
      },
    );
    await reporter?.close();
    process.stdout.write(
      options.json
        ? `${JSON.stringify(summary)}\n`
        : `${formatConsumeReport(summary, minTemperature, tableName)}\n`,
    );
    await closeLiveView(view, options.json);
    return ExitCode.Ok;
  } catch (error) {
    await view?.close();
    return failure(error, options.verbose);
  }
}

async function start(requested: SimulatorOptions, env: Env): Promise<number> {
  const source = awsConfigurationSource(env);
  if (requested.stack !== undefined && source === undefined) {
    return usage('--stack reads a deployed stack: set AWS_REGION (or AWS_PROFILE)');
  }
  let options = requested;
  let { minTemperature } = readConfig(env);
  if (requested.stack !== undefined) {
    try {
      const outputs = await readStackOutputs(requested.stack);
      options = { ...requested, streamName: outputs.streamName, tableName: outputs.tableName };
      minTemperature = outputs.minTemperature;
    } catch (error) {
      return failure(error, requested.verbose);
    }
  }
  if (source === undefined && options.reshardTo !== undefined) {
    const { shards, reshardTo } = options;
    if (reshardTo > shards * 2 || reshardTo * 2 < shards) {
      return usage(
        `--reshard-to ${reshardTo} is out of reach from ${shards} shards: Kinesis reshards to between half and double (${Math.ceil(shards / 2)} to ${shards * 2})`,
      );
    }
  }
  const out = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const io = {
    progress: options.json ? () => {} : out,
    progressBar: options.json
      ? undefined
      : () =>
          createProgress({
            write: (text: string) => process.stdout.write(text),
            isTTY: process.stdout.isTTY === true,
          }),
    tail: options.json ? undefined : (line: string) => out(`  tail: ${line}`),
    logger: options.verbose ? stderrLogger : quietLogger,
    signal: interruptSignal(),
    observer: undefined as RunObserver | undefined,
  };
  let view: LiveView | undefined;
  try {
    view = await openLiveView(options, options.json ? process.stderr : process.stdout);
    io.observer = view?.observer;
    const summary =
      source === undefined
        ? await runEmbedded(options, minTemperature, io)
        : await runOnAws(options, minTemperature, source, io);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(toJsonSummary(summary))}\n`
        : `${formatReport(summary, minTemperature, createStyle({ isTTY: process.stdout.isTTY === true, env }))}\n`,
    );
    const complete =
      summary.failed === 0 &&
      (summary.stored === null || summary.stored === summary.matching) &&
      (summary.windows === undefined || windowedReadings(summary.windows) === summary.sent);
    await closeLiveView(view, options.json);
    return complete ? ExitCode.Ok : ExitCode.Failures;
  } catch (error) {
    if (error instanceof InvalidShardCountError) {
      await view?.close();
      return usage(`--reshard-to: ${error.message}`);
    }
    const code = failure(error, options.verbose);
    // The page shows the failure until Ctrl-C, as it shows a finished run.
    await closeLiveView(view, options.json);
    return code;
  }
}

/** Runs the simulator for a command line and environment; returns the exit code. */
export async function main(argv: readonly string[], env: Env): Promise<number> {
  let options: CommandOptions;
  try {
    options = parseSimulatorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usage(error.message);
  }
  if (options.command === 'version') {
    process.stdout.write(`simulator ${version}\n`);
    return ExitCode.Ok;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.Ok;
  }
  if (options.command === 'start' && options.tail && awsConfigurationSource(env) !== undefined) {
    return usage('--tail runs beside the embedded emulators; on AWS use the tail command');
  }
  if (
    options.command === 'start' &&
    options.consumer === ConsumerKind.Worker &&
    awsConfigurationSource(env) !== undefined
  ) {
    return usage(
      '--consumer worker runs beside the embedded emulators; on AWS run the consume command',
    );
  }
  if (options.command === 'start' && options.efo) {
    if (awsConfigurationSource(env) !== undefined) {
      return usage(
        '--efo on start runs the local trigger beside the embedded emulators; on AWS deploy the stack with -c efo=true, or run consume --efo',
      );
    }
    const conflict = efoEmulatorConflict(env);
    if (conflict !== undefined) return usage(conflict);
  }
  if (options.command === 'tail') return tail(options, env);
  if (options.command === 'scan') return scan(options, env);
  if (options.command === 'consume') return consume(options, env);
  return start(options, env);
}

// The pinned SDK runs on Node 20; its notice about future SDK releases is not for the device's user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `tail | head` closes the pipe early: that ends the command, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
  throw error;
});
const exitCode = signalExitCode(await main(process.argv.slice(2), process.env));
process.exitCode = exitCode;
// Everything is stopped by now; should a stray handle linger, it must not keep the command alive.
setTimeout(() => process.exit(exitCode), 1_000).unref();
