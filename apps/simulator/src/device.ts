import { randomInt } from 'node:crypto';
import { type Reading, SPOTS } from '@kds/schema';

/** The tutorial's device reports integer temperatures from 10 to 40 °C. */
export const DEVICE_MIN_TEMPERATURE = 10;
export const DEVICE_MAX_TEMPERATURE = 40;

/** A source of readings. */
export interface Device {
  next(): Reading;
}

/**
 * The tutorial's device: Timestamp now (epoch ms), a random Spot A..Z, a random integer
 * Temperature 10..40. Two readings of one spot never share a Timestamp: when the clock has not
 * moved on, the spot's next reading is stamped one millisecond after its last.
 *
 * @example
 * ```ts
 * import { createDevice } from './device.js';
 *
 * const reading = createDevice().next();
 * ```
 */
export function createDevice(options: { now?: () => number } = {}): Device {
  const { now = Date.now } = options;
  const lastTimestamp = new Map<string, number>();
  return {
    next() {
      const Spot = SPOTS[randomInt(SPOTS.length)] as Reading['Spot'];
      const previous = lastTimestamp.get(Spot) ?? -1;
      const Timestamp = Math.max(now(), previous + 1);
      lastTimestamp.set(Spot, Timestamp);
      return {
        Timestamp,
        Spot,
        Temperature: randomInt(DEVICE_MIN_TEMPERATURE, DEVICE_MAX_TEMPERATURE + 1),
      };
    },
  };
}
