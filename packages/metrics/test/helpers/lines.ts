import { createEmfWriter, type EmfWriter, type EmfWriterOptions } from '../../src/index.js';

/** The clock every test writer reads. */
export const NOW = 1_732_600_000_000;

/** A writer that collects its lines, parsed, with a fixed clock. */
export function collectingWriter(options: Partial<EmfWriterOptions> = {}): {
  writer: EmfWriter;
  lines: Record<string, unknown>[];
  raw: string[];
} {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const writer = createEmfWriter({
    namespace: 'Readings',
    now: () => NOW,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
    ...options,
  });
  return { writer, lines, raw };
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

/** The one metric directive of an EMF line. */
export function directiveOf(line: Record<string, unknown> | undefined): Directive {
  const metadata = line?._aws as { CloudWatchMetrics: Directive[] } | undefined;
  const [directive] = metadata?.CloudWatchMetrics ?? [];
  if (directive === undefined) throw new Error('The line has no metric directive');
  return directive;
}

/** The metrics of an EMF line as `{ name: [value, unit] }`, read the way CloudWatch reads them. */
export function metricsOf(
  line: Record<string, unknown> | undefined,
): Record<string, [unknown, string]> {
  const directive = directiveOf(line);
  return Object.fromEntries(
    directive.Metrics.map(({ Name, Unit }) => [Name, [line?.[Name], Unit] as [unknown, string]]),
  );
}
