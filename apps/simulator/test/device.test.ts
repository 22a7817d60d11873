import { SPOTS, validateReading } from '@kds/schema';
import { describe, expect, it } from 'vitest';
import { createDevice, DEVICE_MAX_TEMPERATURE, DEVICE_MIN_TEMPERATURE } from '../src/device.js';

describe('createDevice', () => {
  it('sends valid readings: now, a spot A..Z, an integer temperature 10..40', () => {
    // Prepare
    const device = createDevice({ now: () => 1_732_600_000_000 });

    // Act
    const readings = Array.from({ length: 2_000 }, () => device.next());

    // Assess
    for (const reading of readings) {
      expect(validateReading(reading).ok).toBe(true);
      expect(Number.isInteger(reading.Temperature)).toBe(true);
      expect(reading.Temperature).toBeGreaterThanOrEqual(DEVICE_MIN_TEMPERATURE);
      expect(reading.Temperature).toBeLessThanOrEqual(DEVICE_MAX_TEMPERATURE);
    }
    expect(new Set(readings.map((r) => r.Spot))).toEqual(new Set(SPOTS));
    expect(new Set(readings.map((r) => r.Temperature)).size).toBe(31);
  });

  it('never gives two readings of one spot the same Timestamp, even when the clock stands still', () => {
    // Prepare
    const device = createDevice({ now: () => 1_000 });

    // Act
    const readings = Array.from({ length: 5_000 }, () => device.next());

    // Assess
    const keys = readings.map((r) => `${r.Timestamp}:${r.Spot}`);
    expect(new Set(keys).size).toBe(readings.length);
    expect(Math.min(...readings.map((r) => r.Timestamp))).toBe(1_000);
  });

  it('stamps readings with the clock when it moves on', () => {
    // Prepare
    let clock = 5_000;
    const device = createDevice({ now: () => clock });

    // Act
    const first = device.next();
    clock = 9_000;
    const second = device.next();

    // Assess
    expect(first.Timestamp).toBe(5_000);
    expect(second.Timestamp).toBe(9_000);
  });
});
