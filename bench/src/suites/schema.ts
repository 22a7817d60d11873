import { decodeReading, encodeReading, type Reading, stringifyReading } from '@kds/schema';
import { type BenchSuite, formatRate, table } from '../suite.js';

const READINGS = 200_000;

function measure(label: string, count: number, work: () => void): string[] {
  work(); // warm up
  const started = performance.now();
  work();
  const seconds = (performance.now() - started) / 1000;
  return [label, count.toLocaleString('en-US'), formatRate(count / seconds)];
}

/** The reading codec beside plain JSON: what validating and writing a reading cost. */
export const suite: BenchSuite = {
  name: 'schema',
  description: `encode and decode ${READINGS.toLocaleString('en-US')} readings, beside plain JSON`,
  async run(report) {
    const readings: Reading[] = Array.from({ length: READINGS }, (_, i) => ({
      Timestamp: 1_732_600_000_000 + i,
      Spot: 'Q',
      Temperature: 10 + (i % 31),
    }));
    const encoder = new TextEncoder();
    const bytes = readings.map((reading) => encodeReading(reading));
    const rows = [
      measure('JSON.stringify + TextEncoder (floor)', READINGS, () => {
        for (const reading of readings) encoder.encode(JSON.stringify(reading));
      }),
      measure('JSON.stringify + Buffer.from', READINGS, () => {
        for (const reading of readings) Buffer.from(JSON.stringify(reading));
      }),
      measure('encodeReading (validated)', READINGS, () => {
        for (const reading of readings) encodeReading(reading);
      }),
      measure('JSON.stringify alone', READINGS, () => {
        for (const reading of readings) JSON.stringify(reading);
      }),
      measure('stringifyReading (validated)', READINGS, () => {
        for (const reading of readings) stringifyReading(reading);
      }),
      measure('JSON.parse (floor)', READINGS, () => {
        for (const item of bytes) JSON.parse(Buffer.from(item).toString('utf8'));
      }),
      measure('decodeReading', READINGS, () => {
        for (const item of bytes) decodeReading(item);
      }),
    ];
    report(table(['codec', 'readings', 'rate'], rows));
  },
};
