import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ReadingsStack, type ReadingsStackProps } from '../../src/index.js';

/** The feature flags and settings of cdk.json, so tests synthesize what `cdk synth` does. */
function cdkJsonContext(): Record<string, unknown> {
  const url = new URL('../../cdk.json', import.meta.url);
  const { context } = JSON.parse(readFileSync(url, 'utf8')) as { context: Record<string, unknown> };
  return context;
}

/** A synthesized readings stack and its template. */
export interface Synthesized {
  readonly stack: ReadingsStack;
  readonly template: Template;
  /** The cloud assembly folder (assets are staged there). */
  readonly outdir: string;
}

/** Synthesizes one readings stack as the app does, with cdk.json's context. */
export function synthesize(
  props: ReadingsStackProps = {},
  options: { outdir?: string } = {},
): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:enable-asset-metadata': true },
    analyticsReporting: false,
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const stack = new ReadingsStack(app, 'TestReadings', props);
  const template = Template.fromStack(stack);
  return { stack, template, outdir: app.outdir };
}

/** The one resource of a type in a template, with its logical ID. */
export function onlyResource(
  template: Template,
  type: string,
): { logicalId: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> } {
  const resources = Object.entries(template.findResources(type));
  if (resources.length !== 1) {
    throw new RangeError(`Expected one ${type}, found ${resources.length}`);
  }
  const [logicalId, resource] = resources[0] as [string, Record<string, unknown>];
  return { logicalId, ...(resource as { Properties: Record<string, unknown> }) };
}
