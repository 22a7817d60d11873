import { readConfig } from './config.js';
import { createHandler } from './handler.js';

/**
 * The Lambda entry point (`index.handler` of the bundle). The SDK reads the region, credentials and
 * any `AWS_ENDPOINT_URL_DYNAMODB` from the environment; `TABLE_NAME`, `MIN_TEMPERATURE`,
 * `POISON_POLICY` and `METRICS_NAMESPACE` configure the handler.
 */
export const handler = createHandler(readConfig(process.env));
