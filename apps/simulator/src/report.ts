import type { Reading } from '@kds/schema';
import type { PhaseSummary, SimulationSummary } from './run.js';
import { createStyle, type Style } from './style.js';
import { formatWindows } from './windows.js';

const noStyle = createStyle({ isTTY: false, env: {} });

/**
 * The summary `--json` prints: the fields a script can rely on, and with `--reshard-to` the
 * `phases` (shard count, per-shard counts and readings sent before and after the reshard).
 */
export function toJsonSummary(summary: SimulationSummary): Record<string, unknown> {
  return {
    sent: summary.sent,
    failed: summary.failed,
    shards: summary.shards,
    matching: summary.matching,
    stored: summary.stored,
    elapsedMs: summary.elapsedMs,
    ...(summary.reshard === undefined
      ? {}
      : {
          phases: summary.phases.map((phase) => ({
            shardCount: phase.shardCount,
            shards: phase.shards,
            sent: phase.sent,
          })),
        }),
    ...(summary.tailed === undefined ? {} : { tailed: summary.tailed }),
    ...(summary.kinesisRecords === undefined ? {} : { kinesisRecords: summary.kinesisRecords }),
    ...(summary.workers === undefined ? {} : { leases: workerLeases(summary) }),
    ...(summary.windows === undefined ? {} : { windows: summary.windows }),
  };
}

/** With `--consumer worker`: the shards each worker held, by worker id. */
function workerLeases(summary: SimulationSummary): Record<string, string[]> {
  return Object.assign({}, ...(summary.workers ?? []).map((report) => report.leases));
}

function shardLines(shards: Record<string, number>): string[] {
  return Object.entries(shards).map(
    ([shardId, count]) => `  ${shardId}  ${String(count).padStart(6)} readings`,
  );
}

function phaseLines(phase: PhaseSummary, index: number): string[] {
  const plural = phase.shardCount === 1 ? 'shard' : 'shards';
  return [
    `Phase ${index + 1} (${phase.shardCount} ${plural}): sent ${phase.sent} readings in ${phase.elapsedMs} ms (${phase.failed} failed)`,
    ...shardLines(phase.shards),
  ];
}

/** Readings as an aligned table: Timestamp, Spot, Temperature. */
export function formatReadings(items: readonly Reading[], style: Style = noStyle): string[] {
  return [
    style.dim('  Timestamp      Spot  Temperature'),
    ...items.map(
      (item) =>
        `  ${String(item.Timestamp).padEnd(13)}  ${item.Spot.padEnd(4)}  ${String(item.Temperature).padStart(11)}`,
    ),
  ];
}

/** The human report: per-shard counts (per phase around a reshard), then the stored readings. */
export function formatReport(
  summary: SimulationSummary,
  minTemperature: number,
  style: Style = noStyle,
): string {
  const lines: string[] = [];
  if (summary.reshard !== undefined) {
    summary.phases.forEach((phase, index) => {
      lines.push(...phaseLines(phase, index));
    });
    lines.push(
      `ShardIds before the reshard: ${summary.reshard.shardsBefore.join(', ')}; after: ${summary.reshard.shardsAfter.join(', ')}`,
    );
  }
  const failed = `${summary.failed} failed`;
  const sent = style.bold(
    `Sent ${summary.sent} readings to ${summary.streamName} in ${summary.elapsedMs} ms`,
  );
  lines.push(`${sent} (${summary.failed === 0 ? failed : style.red(failed)})`);
  if (summary.kinesisRecords !== undefined) {
    lines.push(
      `Packed into ${summary.kinesisRecords} Kinesis records: KPL aggregates of the readings of one shard each`,
    );
  }
  if (summary.reshard === undefined) lines.push(...shardLines(summary.shards));
  for (const error of summary.errors) lines.push(style.red(`  failed: ${error}`));
  for (const report of summary.workers ?? []) {
    for (const [workerId, shards] of Object.entries(report.leases)) {
      lines.push(
        `Worker process ${report.worker} (${workerId}) held ${shards.length === 0 ? 'no shard' : shards.join(', ')}; processed ${report.processed} Kinesis records, stored ${report.stored} readings`,
      );
    }
  }
  if (summary.tailed !== undefined) {
    lines.push(
      `The tail consumer printed ${summary.tailed} readings, read with its own checkpoints.`,
    );
  }
  if (summary.stored === null) {
    lines.push(
      `${summary.matching} readings have Temperature >= ${minTemperature}; the Lambda trigger stores them in ${summary.tableName}.`,
    );
    return lines.join('\n');
  }
  lines.push('');
  lines.push(style.bold(`Items in ${summary.tableName} (Temperature >= ${minTemperature}):`));
  lines.push(...formatReadings(summary.items, style));
  const verdict = summary.stored === summary.matching ? style.green : style.red;
  lines.push(
    verdict(
      `${summary.stored} items stored; ${summary.matching} of the readings sent had Temperature >= ${minTemperature}.`,
    ),
  );
  if (summary.windows !== undefined) {
    lines.push(
      ...formatWindows(summary.windows, summary.windowTableName ?? '', summary.sent, style),
    );
  }
  return lines.join('\n');
}
