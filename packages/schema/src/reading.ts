import { z } from 'zod';

/** The spots a device reports from: one capital letter, as in the tutorial. */
export const SPOTS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
  'V',
  'W',
  'X',
  'Y',
  'Z',
] as const;

/** One spot, `"A"` to `"Z"`. */
export type Spot = (typeof SPOTS)[number];

/**
 * One room-temperature reading as the device sends it.
 *
 * - `Timestamp`: epoch milliseconds, a safe non-negative integer.
 * - `Spot`: one of {@link SPOTS}.
 * - `Temperature`: degrees Celsius, any finite number (the tutorial's device sends integers
 *   10..40, but a real sensor may not).
 *
 * Strict: a reading with any other key is rejected, so a typo never passes silently.
 *
 * @example
 * ```ts
 * import { ReadingSchema } from '@kds/schema';
 *
 * const reading = ReadingSchema.parse({ Timestamp: 1732600000000, Spot: 'Q', Temperature: 36 });
 * ```
 */
export const ReadingSchema = z.strictObject({
  Timestamp: z.int().nonnegative(),
  Spot: z.enum(SPOTS),
  Temperature: z.number(),
});

/**
 * A validated reading.
 *
 * @example
 * ```ts
 * import type { Reading } from '@kds/schema';
 *
 * const reading: Reading = { Timestamp: Date.now(), Spot: 'A', Temperature: 21 };
 * ```
 */
export type Reading = z.infer<typeof ReadingSchema>;
