/** A reading of the tutorial's temperature sensors. */
export interface Reading {
  Timestamp: number;
  Spot: string;
  Temperature: number;
}

/** The spots readings come from: one letter each. */
export const SPOTS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `count` of the tutorial's readings, each with a unique Timestamp to find it again. */
export function readings(count: number): Reading[] {
  return Array.from({ length: count }, (_, index) => ({
    Timestamp: 1_732_600_000_000 + index,
    Spot: SPOTS[index % SPOTS.length] as string,
    Temperature: 10 + (index % 31),
  }));
}
