import { describe, expect, it } from 'vitest';
import { type FoundStatement, policyStatements, statementWildcards } from './helpers/iam.js';
import { onlyResource, synthesize } from './helpers/synth.js';

// One synthesis for the whole file: the default stack (the filter flag changes no permission).
const { template } = synthesize();
const templateJson = template.toJSON();

const ACCOUNT_ROOT = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
  ],
};

/**
 * The statements with a `*` that CDK writes for us, each with why it is not a grant to anything
 * beyond this stack. Each must match exactly one statement (checked below), so the list cannot
 * quietly widen or go stale.
 */
const ALLOWED_WILDCARDS: ReadonlyArray<{
  readonly why: string;
  readonly matches: (found: FoundStatement) => boolean;
}> = [
  {
    why:
      "The stream key's default key policy: it lets this account's IAM policies govern the key " +
      '(without it nobody could administer the key). In a key policy `Resource: "*"` means this ' +
      'key; the function gets kms:Decrypt on the key ARN through its own policy.',
    matches: ({ type, path, statement }) =>
      type === 'AWS::KMS::Key' &&
      path === 'KeyPolicy' &&
      statement.Effect === 'Allow' &&
      statement.Action === 'kms:*' &&
      statement.Resource === '*' &&
      JSON.stringify(statement.Principal) === JSON.stringify({ AWS: ACCOUNT_ROOT }),
  },
  {
    why:
      "The failure queue's enforceSSL statement: it DENIES every SQS action on this queue over " +
      'plain HTTP. A Deny takes rights away; it grants nothing.',
    matches: ({ type, statement }) =>
      type === 'AWS::SQS::QueuePolicy' &&
      statement.Effect === 'Deny' &&
      statement.Action === 'sqs:*' &&
      statementWildcards({ ...statement, Action: undefined }).length === 0 &&
      JSON.stringify(statement.Condition) ===
        JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
  },
];

describe('least privilege', () => {
  const statements = policyStatements(templateJson);

  it('finds the policy documents of the template (the walk itself works)', () => {
    // Assess: role trust policy, role policy, key policy, queue policy
    expect(new Set(statements.map(({ type }) => type))).toEqual(
      new Set(['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::KMS::Key', 'AWS::SQS::QueuePolicy']),
    );
  });

  it('writes no * in any action or resource, except the justified CDK statements', () => {
    // Act
    const violations = statements
      .filter((found) => statementWildcards(found.statement).length > 0)
      .filter((found) => !ALLOWED_WILDCARDS.some((allowed) => allowed.matches(found)))
      .map(({ logicalId, path, statement }) => ({
        logicalId,
        path,
        wildcards: statementWildcards(statement),
      }));

    // Assess
    expect(violations).toEqual([]);
  });

  it.each(ALLOWED_WILDCARDS.map((allowed) => [allowed.why, allowed] as const))(
    'allows exactly one statement for: %s',
    (_why, allowed) => {
      // Assess
      expect(statements.filter((found) => allowed.matches(found))).toHaveLength(1);
    },
  );

  it('flags a statement that grants * (the check can fail)', () => {
    // Prepare
    const broad = policyStatements({
      Resources: {
        Broad: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: {
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'dynamodb:*',
                  Resource: { 'Fn::Join': ['', ['arn:', '*']] },
                },
              ],
            },
          },
        },
      },
    });

    // Act
    const wildcards = broad.flatMap(({ statement }) => statementWildcards(statement));

    // Assess
    expect(wildcards).toEqual(['Action: dynamodb:*', 'Resource: *']);
  });

  it('gives the function a role of its own, with no managed policy', () => {
    // Prepare
    const role = onlyResource(template, 'AWS::IAM::Role');
    const fn = onlyResource(template, 'AWS::Lambda::Function');

    // Assess
    expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [role.logicalId, 'Arn'] });
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
    expect(role.Properties).not.toHaveProperty('Policies');
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'lambda.amazonaws.com' },
        },
      ],
    });
  });

  it('lets the function read this stream, decrypt with its key, write this table, report to this queue and log to its group: nothing else', () => {
    // Prepare
    const logicalId = (type: string): string => onlyResource(template, type).logicalId;
    const arnOf = (type: string): unknown => ({ 'Fn::GetAtt': [logicalId(type), 'Arn'] });
    const policy = onlyResource(template, 'AWS::IAM::Policy');
    const granted = (
      policy.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }
    ).Statement.flatMap(({ Effect, Action, Resource }) =>
      [Action].flat().map((action) => ({ Effect, action, Resource })),
    );
    const allow = (resource: unknown, ...actions: string[]): unknown[] =>
      actions.map((action) => ({ Effect: 'Allow', action, Resource: resource }));
    const sorted = (grants: unknown[]): unknown[] =>
      grants.map((grant) => JSON.stringify(grant)).sort();

    // Assess
    expect(policy.Properties.Roles).toEqual([{ Ref: logicalId('AWS::IAM::Role') }]);
    expect(sorted(granted)).toEqual(
      sorted([
        ...allow(arnOf('AWS::Logs::LogGroup'), 'logs:CreateLogStream', 'logs:PutLogEvents'),
        ...allow(arnOf('AWS::DynamoDB::Table'), 'dynamodb:BatchWriteItem'),
        ...allow(
          arnOf('AWS::SQS::Queue'),
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:SendMessage',
        ),
        ...allow(
          arnOf('AWS::Kinesis::Stream'),
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamConsumer',
          'kinesis:DescribeStreamSummary',
          'kinesis:GetRecords',
          'kinesis:GetShardIterator',
          'kinesis:ListShards',
          'kinesis:ListStreams',
          'kinesis:SubscribeToShard',
        ),
        ...allow(arnOf('AWS::KMS::Key'), 'kms:Decrypt'),
      ]),
    );
  });
});
