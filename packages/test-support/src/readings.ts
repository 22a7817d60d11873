/** The fields of a reading that say where and when it was taken. */
export interface SpotAndTimestamp {
  readonly Spot: string;
  readonly Timestamp: number;
}

/** Per Spot, the Timestamps of the readings in the order given (the order they were seen). */
export function timestampsBySpot(readings: Iterable<SpotAndTimestamp>): Map<string, number[]> {
  const bySpot = new Map<string, number[]>();
  for (const reading of readings) {
    const list = bySpot.get(reading.Spot) ?? [];
    list.push(reading.Timestamp);
    bySpot.set(reading.Spot, list);
  }
  return bySpot;
}
