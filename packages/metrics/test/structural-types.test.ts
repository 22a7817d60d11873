import type { ProcessSummary } from '@kds/consumer';
import type { LatencyPercentiles, ProducerMetrics, ProducerSettings } from '@kds/producer';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  LatencyPercentilesInput,
  ProcessSummaryInput,
  ProducerMetricsInput,
  producerMetricsToEmf,
} from '../src/index.js';

// Compile-time proof that the real types fit the shapes this package declares; `pnpm typecheck`
// fails if @kds/producer or @kds/consumer changes them.
describe('the inputs take the types of @kds/producer and @kds/consumer', () => {
  it('ProducerMetrics is a ProducerMetricsInput', () => {
    expectTypeOf<ProducerMetrics>().toExtend<ProducerMetricsInput>();
    expectTypeOf<LatencyPercentiles>().toExtend<LatencyPercentilesInput>();
  });

  it("producerMetricsToEmf's hook is an onMetrics hook", () => {
    expectTypeOf<ReturnType<typeof producerMetricsToEmf>>().toExtend<
      NonNullable<ProducerSettings<unknown>['onMetrics']>
    >();
  });

  it('ProcessSummary is a ProcessSummaryInput', () => {
    expectTypeOf<ProcessSummary>().toExtend<ProcessSummaryInput>();
  });
});
