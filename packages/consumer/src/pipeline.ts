import type { FilterCriteria } from '@kds/core';
import { andPatterns, type FilterPattern, type Predicate } from './where.js';

/**
 * What {@link Pipeline.run} returns for a value a filter dropped.
 *
 * @example
 * ```ts
 * import { createPipeline, DROPPED, where } from '@kds/consumer';
 *
 * const hot = createPipeline<{ Temperature: number }>().filter(where('Temperature', '>=', 35));
 * hot.run({ Temperature: 20 }) === DROPPED; // true
 * ```
 */
export const DROPPED: unique symbol = Symbol('kds.dropped');

/** The marker of a dropped value. */
export type Dropped = typeof DROPPED;

type Step =
  | { readonly kind: 'filter'; readonly fn: (value: unknown) => boolean }
  | { readonly kind: 'map'; readonly fn: (value: unknown) => unknown };

/**
 * Typed steps applied to each decoded value before the sink. Each method returns a new pipeline;
 * a pipeline is immutable and can be shared.
 */
export interface Pipeline<In, Out> {
  /** Keeps the values the guard accepts, narrowing their type. */
  filter<S extends Out>(guard: (value: Out) => value is S): Pipeline<In, S>;
  /** Keeps the values the predicate accepts, e.g. `where('Temperature', '>=', 35)`. */
  filter(predicate: (value: Out) => boolean): Pipeline<In, Out>;
  /** Turns each value into another. */
  map<Next>(transform: (value: Out) => Next): Pipeline<In, Next>;
  /** Runs the steps on one value: its output, or {@link DROPPED}. A step that throws, throws. */
  run(value: In): Out | Dropped;
  /**
   * The Lambda filter patterns of the `where`-built predicates before the first `map`, ANDed: a rule
   * Lambda can apply before invocation. It lets through a superset of what the pipeline keeps
   * (custom functions, conditions Lambda cannot express and steps after a `map` are left to the
   * local run). Empty when no step can be exported.
   */
  readonly filterPatterns: readonly FilterPattern[];
  /** {@link Pipeline.filterPatterns} as FilterCriteria, or `undefined` when there are none. */
  toFilterCriteria(): FilterCriteria | undefined;
}

function isPredicate(fn: unknown): fn is Predicate<never> {
  return Array.isArray((fn as { filterPatterns?: unknown }).filterPatterns);
}

function exportablePatterns(steps: readonly Step[]): FilterPattern[] {
  const exported: Predicate<never>[] = [];
  for (const step of steps) {
    if (step.kind === 'map') break;
    if (!isPredicate(step.fn)) continue;
    try {
      andPatterns([...exported, step.fn]);
      exported.push(step.fn);
    } catch {
      // Not expressible together with the earlier ones: the local run still applies it.
    }
  }
  return exported.length === 0 ? [] : andPatterns(exported);
}

function build<In, Out>(steps: readonly Step[]): Pipeline<In, Out> {
  const filterPatterns = exportablePatterns(steps);
  const count = steps.length;
  return {
    filter(fn: (value: Out) => boolean): Pipeline<In, Out> {
      return build<In, Out>([...steps, { kind: 'filter', fn: fn as (value: unknown) => boolean }]);
    },
    map<Next>(transform: (value: Out) => Next) {
      return build<In, Next>([
        ...steps,
        { kind: 'map', fn: transform as (value: unknown) => unknown },
      ]);
    },
    run(value) {
      let current: unknown = value;
      for (let i = 0; i < count; i += 1) {
        const step = steps[i] as Step;
        if (step.kind === 'filter') {
          if (!step.fn(current)) return DROPPED;
        } else {
          current = step.fn(current);
        }
      }
      return current as Out;
    },
    filterPatterns,
    toFilterCriteria() {
      if (filterPatterns.length === 0) return undefined;
      return { Filters: filterPatterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) };
    },
  };
}

/**
 * Starts a pipeline of typed steps for decoded values of type `T`.
 *
 * @example
 * ```ts
 * import { createPipeline, where } from '@kds/consumer';
 * import type { Reading } from '@kds/schema';
 *
 * const pipeline = createPipeline<Reading>()
 *   .filter(where('Temperature', '>=', 35))
 *   .map((reading) => ({ ...reading, Fahrenheit: reading.Temperature * 1.8 + 32 }));
 * pipeline.toFilterCriteria(); // { Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }] }
 * ```
 */
export function createPipeline<T>(): Pipeline<T, T> {
  return build<T, T>([]);
}
