import { readConfig } from './config.js';
import { DEFAULT_WINDOW_TABLE_NAME } from './constants.js';
import { createHandler } from './handler.js';
import { createWindowHandler } from './window-handler.js';

/**
 * The Lambda entry point (`index.handler` of the bundle). The SDK reads the region, credentials and
 * any `AWS_ENDPOINT_URL_DYNAMODB` from the environment; `TABLE_NAME`, `MIN_TEMPERATURE`,
 * `POISON_POLICY` and `METRICS_NAMESPACE` configure the handler.
 */
export const handler = createHandler(readConfig(process.env));

let windowed: ReturnType<typeof createWindowHandler> | undefined;

/**
 * The windowed entry point (`index.windowHandler`), for an event source mapping with
 * `TumblingWindowInSeconds`: per Spot, the minimum, maximum and mean Temperature of each window,
 * written to `WINDOW_TABLE_NAME` at the window's end. Built on its first call, so the main function
 * never makes its client.
 */
export const windowHandler: ReturnType<typeof createWindowHandler> = (event, context) => {
  windowed ??= createWindowHandler({
    tableName: process.env.WINDOW_TABLE_NAME?.trim() || DEFAULT_WINDOW_TABLE_NAME,
  });
  return windowed(event, context);
};
