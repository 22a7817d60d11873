/** The environment variable that picks the size of the reliability runs. */
export const SCALE_VARIABLE = 'KDS_RELIABILITY_SCALE';

/** The environment variable that makes each scenario write its figures to `results/`. */
export const RESULTS_VARIABLE = 'KDS_RELIABILITY_RESULTS';

/**
 * How big a run is: `ci` (unset) is small enough for `pnpm test` on two busy cores; `full` is the
 * size the issue asks for (100,000 readings, a 60 s simulator run, a 10 minute soak).
 *
 * @example
 * ```ts
 * import { Scale } from './scale.js';
 *
 * const isFull = (scale: Scale): boolean => scale === Scale.Full;
 * ```
 */
export const Scale = { Ci: 'ci', Full: 'full' } as const;

/** One of {@link Scale}. */
export type Scale = (typeof Scale)[keyof typeof Scale];

/**
 * The scale `KDS_RELIABILITY_SCALE` asks for; anything but `full` (or unset) is refused, so a typo
 * never runs the small size while the reader believes the full one ran.
 *
 * @example
 * ```ts
 * import { scaleFromEnv } from './scale.js';
 *
 * scaleFromEnv({ KDS_RELIABILITY_SCALE: 'full' }); // 'full'
 * ```
 */
export function scaleFromEnv(env: Record<string, string | undefined> = process.env): Scale {
  const value = (env[SCALE_VARIABLE] ?? '').trim();
  if (value === '' || value === Scale.Ci) return Scale.Ci;
  if (value === Scale.Full) return Scale.Full;
  throw new RangeError(`${SCALE_VARIABLE} must be "full" or unset (got "${value}")`);
}

/**
 * Picks the CI or the full figure of a scenario parameter.
 *
 * @example
 * ```ts
 * import { sized } from './scale.js';
 *
 * const readings = sized({ ci: 3_000, full: 100_000 });
 * ```
 */
export function sized<T>(sizes: { ci: T; full: T }, scale: Scale = scaleFromEnv()): T {
  return scale === Scale.Full ? sizes.full : sizes.ci;
}
