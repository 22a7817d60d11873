import type { SimulationSummary } from './run.js';

/** The summary `--json` prints: the fields a script can rely on. */
export function toJsonSummary(summary: SimulationSummary): Record<string, unknown> {
  return {
    sent: summary.sent,
    failed: summary.failed,
    shards: summary.shards,
    matching: summary.matching,
    stored: summary.stored,
    elapsedMs: summary.elapsedMs,
  };
}

/** The human report: per-shard counts, send time, then the stored readings. */
export function formatReport(summary: SimulationSummary, minTemperature: number): string {
  const lines: string[] = [];
  lines.push(
    `Sent ${summary.sent} readings to ${summary.streamName} in ${summary.elapsedMs} ms (${summary.failed} failed)`,
  );
  for (const [shardId, count] of Object.entries(summary.shards)) {
    lines.push(`  ${shardId}  ${String(count).padStart(6)} readings`);
  }
  for (const error of summary.errors) lines.push(`  failed: ${error}`);
  if (summary.stored === null) {
    lines.push(
      `${summary.matching} readings have Temperature >= ${minTemperature}; the Lambda trigger stores them in ${summary.tableName}.`,
    );
    return lines.join('\n');
  }
  lines.push('');
  lines.push(`Items in ${summary.tableName} (Temperature >= ${minTemperature}):`);
  lines.push('  Timestamp      Spot  Temperature');
  for (const item of summary.items) {
    lines.push(
      `  ${String(item.Timestamp).padEnd(13)}  ${item.Spot.padEnd(4)}  ${String(item.Temperature).padStart(11)}`,
    );
  }
  lines.push(
    `${summary.stored} items stored; ${summary.matching} of the readings sent had Temperature >= ${minTemperature}.`,
  );
  return lines.join('\n');
}
