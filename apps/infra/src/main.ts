import { App } from 'aws-cdk-lib';
import { InfraError } from './errors.js';
import { ReadingsStack } from './readings-stack.js';
import { readContextSettings } from './settings.js';

/**
 * The CDK app (`cdk.json` runs it): one readings stack, configured by context. The stack is
 * environment-agnostic: it deploys to the account and region of the caller's credentials, and
 * synthesizing it needs neither.
 */
try {
  const app = new App();
  const { stackName, ...settings } = readContextSettings(app.node);
  new ReadingsStack(app, stackName, {
    ...settings,
    description: 'kds: the Kinesis readings tutorial (stream, table, handler, trigger)',
  });
  app.synth();
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exitCode = 1;
}
