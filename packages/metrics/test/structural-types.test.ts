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

/** The `onMetrics` hook a producer's or a worker's settings take. */
type OnMetrics<S extends { onMetrics?: unknown }> = NonNullable<S['onMetrics']>;

// Compile-time proof that the real types fit the shapes this package declares; `pnpm typecheck`
// fails if @kds/producer, @kds/consumer or @kds/worker changes them.
describe('the inputs take the types of @kds/producer, @kds/consumer and @kds/worker', () => {
  it('ProducerMetrics, ProcessSummary and WorkerMetrics are the inputs of their writers', () => {
    expectTypeOf<ProducerMetrics>().toExtend<ProducerMetricsInput>();
    expectTypeOf<LatencyPercentiles>().toExtend<LatencyPercentilesInput>();
    expectTypeOf<ProcessSummary>().toExtend<ProcessSummaryInput>();
    expectTypeOf<WorkerMetrics>().toExtend<WorkerMetricsInput>();
    expectTypeOf<ShardMetrics>().toExtend<ShardMetricsInput>();
  });

  it("producerMetricsToEmf's and workerMetricsToEmf's hooks are onMetrics hooks", () => {
    expectTypeOf<ReturnType<typeof producerMetricsToEmf>>().toExtend<
      OnMetrics<ProducerSettings<unknown>>
    >();
    expectTypeOf<ReturnType<typeof workerMetricsToEmf>>().toExtend<
      OnMetrics<WorkerSettings<unknown>>
    >();
  });
});
