import type { ProcessSummary } from '@kds/consumer';
import type { LatencyPercentiles, ProducerMetrics, ProducerSettings } from '@kds/producer';
import type { ShardMetrics, WorkerMetrics, WorkerSettings } from '@kds/worker';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  LatencyPercentilesInput,
  ProcessSummaryInput,
  ProducerMetricsInput,
  producerMetricsToEmf,
  ShardMetricsInput,
  WorkerMetricsInput,
  workerMetricsToEmf,
} from '../src/index.js';

// Compile-time proof that the real types fit the shapes this package declares; `pnpm typecheck`
// fails if @kds/producer, @kds/consumer or @kds/worker changes them.
describe('the inputs take the types of @kds/producer, @kds/consumer and @kds/worker', () => {
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

  it('WorkerMetrics is a WorkerMetricsInput', () => {
    expectTypeOf<WorkerMetrics>().toExtend<WorkerMetricsInput>();
    expectTypeOf<ShardMetrics>().toExtend<ShardMetricsInput>();
  });

  it("workerMetricsToEmf's hook is an onMetrics hook", () => {
    expectTypeOf<ReturnType<typeof workerMetricsToEmf>>().toExtend<
      NonNullable<WorkerSettings<unknown>['onMetrics']>
    >();
  });
});
