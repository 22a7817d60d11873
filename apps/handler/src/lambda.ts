import { readConfig } from './config.js';
import { createHandler } from './handler.js';

/**
 * The Lambda entry point. The SDK reads the region, credentials and any
 * `AWS_ENDPOINT_URL_DYNAMODB` from the environment.
 */
export const handler = createHandler(readConfig(process.env));
