import { Validations } from 'aws-cdk-lib';
import type { Stream } from 'aws-cdk-lib/aws-kinesis';
import type { Queue } from 'aws-cdk-lib/aws-sqs';

/**
 * The findings of cdk-nag's AwsSolutions rule pack the stack accepts on purpose, each with why.
 * Recorded with CDK's own `Validations.of(...).acknowledge` (the mechanism cdk-nag 3 reads), so a
 * validation plugin run at synth time (`Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`)
 * reports none of them; `test/cdk-nag.test.ts` fails on any other finding.
 */
export const ACKNOWLEDGED_FINDINGS = {
  failedBatches: {
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter destination: the event source mapping sends the pointer of each batch it gave up on here (OnFailure). A queue behind it would only move the pointers once more; they stay 14 days and an alarm fires on the first one.',
  },
  stream: {
    id: 'AwsSolutions::AwsSolutions-KDS3',
    reason:
      'The stream is encrypted with a customer-managed KMS key on purpose: rotated yearly, deleted with the stack, and usable only by the roles this stack grants (the handler decrypts with it); the AWS-managed aws/kinesis key allows neither.',
  },
} as const;

/** Records {@link ACKNOWLEDGED_FINDINGS} on the stack's resources. */
export function acknowledgeFindings(resources: {
  readonly failedBatches: Queue;
  readonly stream: Stream;
}): void {
  Validations.of(resources.failedBatches).acknowledge(ACKNOWLEDGED_FINDINGS.failedBatches);
  Validations.of(resources.stream).acknowledge(ACKNOWLEDGED_FINDINGS.stream);
}
