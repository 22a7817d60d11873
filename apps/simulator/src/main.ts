#!/usr/bin/env -S node --import tsx --conditions=@kds/source
import { readConfig } from 'handler';
import { parseSimulatorArgs, USAGE } from './args.js';
import { awsConfigurationSource } from './environment.js';
import { UsageError } from './errors.js';
import { quietLogger, stderrLogger } from './loggers.js';
import { formatReport, toJsonSummary } from './report.js';
import { runEmbedded, runOnAws } from './run.js';

/** Exit codes, as documented in --help. */
export const ExitCode = { Ok: 0, Failures: 1, Usage: 2 } as const;

/** Runs the simulator for a command line and environment; returns the exit code. */
export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  let options: ReturnType<typeof parseSimulatorArgs>;
  try {
    options = parseSimulatorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`simulator: ${error.message} (see --help)\n`);
    return ExitCode.Usage;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.Ok;
  }

  const { minTemperature } = readConfig(env);
  const io = {
    progress: options.json ? () => {} : (line: string) => process.stdout.write(`${line}\n`),
    logger: options.verbose ? stderrLogger : quietLogger,
  };
  try {
    const source = awsConfigurationSource(env);
    const summary =
      source === undefined
        ? await runEmbedded(options, minTemperature, io)
        : await runOnAws(options, minTemperature, source, io);
    process.stdout.write(
      options.json
        ? `${JSON.stringify(toJsonSummary(summary))}\n`
        : `${formatReport(summary, minTemperature)}\n`,
    );
    const complete =
      summary.failed === 0 && (summary.stored === null || summary.stored === summary.matching);
    return complete ? ExitCode.Ok : ExitCode.Failures;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`simulator: ${message}\n`);
    if (options.verbose && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return ExitCode.Failures;
  }
}

// The pinned SDK runs on Node 20; its notice about future SDK releases is not for the device's user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const exitCode = await main(process.argv.slice(2), process.env);
process.exitCode = exitCode;
// Everything is stopped by now; should a stray handle linger, it must not keep the command alive.
setTimeout(() => process.exit(exitCode), 1_000).unref();
