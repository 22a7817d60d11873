import type { Reading } from '@kds/schema';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { and, createPipeline, DROPPED, or, where } from '../src/index.js';
import { makeReading } from './helpers/records.js';

const hot = where('Temperature', '>=', 35);

describe('createPipeline', () => {
  it('passes values through when it has no steps', () => {
    // Act
    const output = createPipeline<Reading>().run(makeReading());

    // Assess
    expect(output).toEqual(makeReading());
  });

  it('runs filter and map steps in order, dropping what a filter rejects', () => {
    // Prepare
    const pipeline = createPipeline<Reading>()
      .filter(hot)
      .map((reading) => ({ spot: reading.Spot, fahrenheit: reading.Temperature * 1.8 + 32 }))
      .filter((value) => value.spot !== 'A');

    // Act
    const outputs = [
      makeReading({ Temperature: 40, Spot: 'Q' }),
      makeReading({ Temperature: 20, Spot: 'Q' }),
      makeReading({ Temperature: 40, Spot: 'A' }),
    ].map((reading) => pipeline.run(reading));

    // Assess
    expect(outputs).toEqual([{ spot: 'Q', fahrenheit: 104 }, DROPPED, DROPPED]);
  });

  it('narrows the value type with a type guard', () => {
    // Prepare
    type Event = { kind: 'reading'; value: number } | { kind: 'note'; text: string };
    const pipeline = createPipeline<Event>()
      .filter((event): event is Extract<Event, { kind: 'reading' }> => event.kind === 'reading')
      .map((event) => event.value * 2);

    // Act
    const outputs = [
      { kind: 'reading', value: 2 } as const,
      { kind: 'note', text: 'hi' } as const,
    ].map((event) => pipeline.run(event));

    // Assess
    expect(outputs).toEqual([4, DROPPED]);
    expectTypeOf(pipeline.run).returns.toEqualTypeOf<number | typeof DROPPED>();
  });

  it('is immutable: adding a step returns a new pipeline', () => {
    // Prepare
    const base = createPipeline<Reading>();

    // Act
    const filtered = base.filter(hot);

    // Assess
    expect(base.run(makeReading({ Temperature: 1 }))).toEqual(makeReading({ Temperature: 1 }));
    expect(filtered.run(makeReading({ Temperature: 1 }))).toBe(DROPPED);
  });

  it('lets a throwing step throw', () => {
    // Prepare
    const pipeline = createPipeline<Reading>().map(() => {
      throw new Error('boom');
    });

    // Act
    const run = () => pipeline.run(makeReading());

    // Assess
    expect(run).toThrow('boom');
  });

  it('does not run the steps after a filter that dropped the value', () => {
    // Prepare
    const after = vi.fn((reading: Reading) => reading);
    const pipeline = createPipeline<Reading>().filter(hot).map(after);

    // Act
    pipeline.run(makeReading({ Temperature: 1 }));

    // Assess
    expect(after).not.toHaveBeenCalled();
  });

  describe('Lambda filter patterns', () => {
    it('exports the where-built filters before the first map, ANDed into one pattern', () => {
      // Prepare
      const pipeline = createPipeline<Reading>()
        .filter(hot)
        .filter(where('Spot', '!=', 'A'))
        .map((reading) => ({ ...reading, Temperature: 0 }))
        .filter(where('Temperature', '=', 0));

      // Act
      const criteria = pipeline.toFilterCriteria();

      // Assess
      expect(criteria).toEqual({
        Filters: [
          {
            Pattern:
              '{"data":{"Temperature":[{"numeric":[">=",35]}],"Spot":[{"anything-but":["A"]}]}}',
          },
        ],
      });
    });

    it('leaves custom functions and inexpressible conditions to the local run', () => {
      // Prepare
      const pipeline = createPipeline<Reading>()
        .filter((reading) => reading.Timestamp % 2 === 0)
        .filter(hot)
        .filter(where('Temperature', '=', 40));

      // Act
      const patterns = pipeline.filterPatterns;

      // Assess
      expect(patterns).toEqual([{ data: { Temperature: [{ numeric: ['>=', 35] }] } }]);
      expect(pipeline.run(makeReading({ Temperature: 36 }))).toBe(DROPPED);
    });

    it('exports one pattern per branch of an or()', () => {
      // Prepare
      const pipeline = createPipeline<Reading>()
        .filter(or(where('Spot', '=', 'A'), where('Spot', '=', 'B')))
        .filter(and(where('Temperature', '>', 0), where('Temperature', '<', 50)));

      // Act
      const patterns = pipeline.filterPatterns;

      // Assess
      expect(patterns).toEqual([
        { data: { Spot: ['A'], Temperature: [{ numeric: ['>', 0, '<', 50] }] } },
        { data: { Spot: ['B'], Temperature: [{ numeric: ['>', 0, '<', 50] }] } },
      ]);
    });

    it.each([
      { case: 'no filter', pipeline: createPipeline<Reading>() },
      { case: 'only a custom filter', pipeline: createPipeline<Reading>().filter(() => true) },
      {
        case: 'a where filter after a map',
        pipeline: createPipeline<Reading>()
          .map((reading) => reading)
          .filter(hot),
      },
    ])('exports no FilterCriteria with $case', ({ pipeline }) => {
      // Act
      const criteria = pipeline.toFilterCriteria();

      // Assess
      expect(criteria).toBeUndefined();
      expect(pipeline.filterPatterns).toEqual([]);
    });
  });
});
