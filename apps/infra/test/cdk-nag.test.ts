import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { ACKNOWLEDGED_FINDINGS, ReadingsStack } from '../src/index.js';

/** The feature flags of cdk.json, so the stack is the one `cdk synth` builds. */
const context = (
  JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

// One in-process synthesis with cdk-nag's AwsSolutions pack as a validation plugin (no cdk child
// process, no handler bundle: the rules read the template, not the code).
const outdir = mkdtempSync(join(tmpdir(), 'kds-nag-'));
const app = new App({ context, analyticsReporting: false, outdir });
new ReadingsStack(app, 'NagReadings', {
  handlerCode: Code.fromInline('exports.handler = async () => ({});'),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
let failure: unknown;
try {
  app.synth();
} catch (error) {
  failure = error;
}

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly { readonly ruleName: string; readonly severity: string }[];
    readonly suppressedViolations: readonly {
      readonly ruleName: string;
      readonly acknowledgedId: string;
      readonly reason: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

/** The report CDK writes beside the template when a validation plugin runs. */
const report = (): ValidationReport =>
  JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;

describe("cdk-nag's AwsSolutions rules over the readings stack", () => {
  it('leave no finding unacknowledged, error or warning', () => {
    // Assess: an unacknowledged error interrupts the synthesis with the report.
    expect(failure === undefined ? '' : String((failure as Error).message)).toBe('');
    const [nag] = report().pluginReports;
    expect(nag?.pluginName).toBe('AwsSolutions');
    expect(nag?.violations).toEqual([]);
  });

  it('acknowledge exactly the findings the stack gives a reason for, on their resources', () => {
    // Act
    const acknowledged = (report().pluginReports[0]?.suppressedViolations ?? []).map((finding) => ({
      id: finding.acknowledgedId,
      reason: finding.reason,
      paths: finding.violatingConstructs.map((construct) => construct.constructPath),
    }));

    // Assess
    expect(acknowledged).toEqual(
      expect.arrayContaining([
        { ...ACKNOWLEDGED_FINDINGS.failedBatches, paths: ['NagReadings/FailedBatches/Resource'] },
        { ...ACKNOWLEDGED_FINDINGS.stream, paths: ['NagReadings/Stream/Resource'] },
      ]),
    );
    expect(acknowledged).toHaveLength(Object.keys(ACKNOWLEDGED_FINDINGS).length);
  });
});
