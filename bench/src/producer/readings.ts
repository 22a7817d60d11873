import { type Reading, SPOTS } from '@kds/schema';

/** The tutorial's readings: a Spot A..Z, an integer Temperature 10..40, a Timestamp in ms. */
export function tutorialReadings(count: number): Reading[] {
  const start = 1_732_600_000_000;
  return Array.from({ length: count }, (_, index) => ({
    Timestamp: start + index,
    Spot: SPOTS[index % SPOTS.length] as Reading['Spot'],
    Temperature: 10 + ((index * 7) % 31),
  }));
}

/** The tutorial's partition key: a random integer "1".."100". */
export function tutorialKey(): string {
  return String(1 + Math.floor(Math.random() * 100));
}
