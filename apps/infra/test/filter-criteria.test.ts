import { hotReadings } from 'handler';
import { describe, expect, it } from 'vitest';
import { onlyResource, synthesize } from './helpers/synth.js';

// One synthesis for the whole file: the stack as `cdk deploy -c filter=true` builds it.
const { template } = synthesize({ filterAtSource: true });

describe('the trigger with filterAtSource (-c filter=true)', () => {
  const mapping = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
  const fn = onlyResource(template, 'AWS::Lambda::Function');

  it("lets through only readings at or above the threshold, as Lambda's FilterCriteria", () => {
    // Assess
    expect(mapping.Properties.FilterCriteria).toEqual({
      Filters: [{ Pattern: '{"data":{"Temperature":[{"numeric":[">=",35]}]}}' }],
    });
  });

  it('uses the very predicate the handler applies, with the threshold the function gets', () => {
    // Prepare
    const minTemperature = Number(
      (fn.Properties.Environment as { Variables: { MIN_TEMPERATURE: string } }).Variables
        .MIN_TEMPERATURE,
    );

    // Assess
    expect(mapping.Properties.FilterCriteria).toEqual({
      Filters: [{ Pattern: JSON.stringify(hotReadings(minTemperature).filterPattern) }],
    });
  });

  it('keeps every other setting of the trigger', () => {
    // Assess
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
    });
  });
});
