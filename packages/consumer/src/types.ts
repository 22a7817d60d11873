/**
 * The part of Lambda's invocation context the adapter reads: the time left before the function
 * times out, from which the sink's deadline is derived.
 */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}
