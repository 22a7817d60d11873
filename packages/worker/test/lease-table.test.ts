import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createLeaseTable,
  type Lease,
  LeaseTableError,
  LeaseWriteFailure,
  leaseFromItem,
  leaseToItem,
  newLease,
} from '../src/index.js';
import { kclItem } from './helpers/fixtures.js';

const dynamo = mockClient(DynamoDBClient);
const TABLE = 'kcl-application';

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

function table() {
  return createLeaseTable({
    tableName: TABLE,
    client: new DynamoDBClient({ region: 'us-east-1' }),
  });
}

/** The input of the first UpdateItem request the table sent. */
function sentUpdate() {
  return dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
}

/** `ExpressionAttributeNames` that stand for each attribute as `#<attribute>`. */
const placeholders = (...attributes: string[]): Record<string, string> =>
  Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));

/** An UpdateItem request on the lease `leaseKey` that returns the item as written. */
function leaseUpdate(
  leaseKey: string,
  expressions: Pick<
    UpdateItemCommandInput,
    | 'UpdateExpression'
    | 'ConditionExpression'
    | 'ExpressionAttributeNames'
    | 'ExpressionAttributeValues'
  >,
): UpdateItemCommandInput {
  return {
    TableName: TABLE,
    Key: { leaseKey: { S: leaseKey } },
    ...expressions,
    ReturnValues: 'ALL_NEW',
  };
}

function held(): Lease {
  return leaseFromItem(kclItem('heldWithAggregateCheckpoint')) as Lease;
}

beforeEach(() => {
  dynamo.reset();
});

describe('renewLease', () => {
  it('raises the counter, expecting the counter and owner it last saw and no KCL 3.x handoff', async () => {
    // Prepare
    const lease = held();
    dynamo
      .on(UpdateItemCommand)
      .resolves({ Attributes: { ...lease.attributes, leaseCounter: { N: '42' } } });

    // Act
    const result = await table().renewLease(lease);

    // Assess
    expect(sentUpdate()).toEqual(
      leaseUpdate('shardId-000000000002', {
        UpdateExpression: 'SET #leaseCounter = :newCounter',
        ConditionExpression:
          '#leaseCounter = :expectedCounter AND #leaseOwner = :owner AND attribute_not_exists(#checkpointOwner)',
        ExpressionAttributeNames: placeholders('leaseCounter', 'leaseOwner', 'checkpointOwner'),
        ExpressionAttributeValues: {
          ':newCounter': { N: '42' },
          ':expectedCounter': { N: '41' },
          ':owner': { S: 'kcl-worker-a' },
        },
      }),
    );
    expect(result.ok && result.lease.leaseCounter).toBe(42);
    expect(result.ok && result.lease.attributes.applicationTag).toEqual({ S: 'kept-by-kds' });
  });

  it('reports a failed condition when another worker changed the lease', async () => {
    const lease = held();
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());
    dynamo.on(GetItemCommand).resolves({
      Item: { ...lease.attributes, leaseOwner: { S: 'other' }, leaseCounter: { N: '42' } },
    });

    const result = await table().renewLease(lease);

    expect(result).toEqual({ ok: false, reason: LeaseWriteFailure.ConditionFailed });
  });

  it('accepts a failed condition caused by a retry of its own successful renewal, as the KCL', async () => {
    const lease = held();
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());
    dynamo
      .on(GetItemCommand)
      .resolves({ Item: { ...lease.attributes, leaseCounter: { N: '42' } } });

    const result = await table().renewLease(lease);

    expect(result.ok && result.lease.leaseCounter).toBe(42);
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { leaseKey: { S: 'shardId-000000000002' } },
      ConsistentRead: true,
    });
  });

  it('throws LeaseTableError with the cause for other failures', async () => {
    const cause = new Error('socket hang up');
    dynamo.on(UpdateItemCommand).rejects(cause);

    const error = await table()
      .renewLease(held())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LeaseTableError);
    expect((error as LeaseTableError).operation).toBe('renewLease');
    expect((error as LeaseTableError).leaseKey).toBe('shardId-000000000002');
    expect((error as LeaseTableError).cause).toBe(cause);
  });
});

describe('takeLease', () => {
  it('takes an unowned lease: owner set, counter raised, no owner switch counted', async () => {
    const lease = leaseFromItem(kclItem('unowned')) as Lease;
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().takeLease(lease, 'kds-1');

    expect(sentUpdate()).toEqual(
      leaseUpdate('shardId-000000000003', {
        UpdateExpression:
          'SET #leaseOwner = :owner, #leaseCounter = :newCounter REMOVE #checkpointOwner',
        ConditionExpression: '#leaseCounter = :expectedCounter',
        ExpressionAttributeNames: placeholders('leaseOwner', 'leaseCounter', 'checkpointOwner'),
        ExpressionAttributeValues: {
          ':owner': { S: 'kds-1' },
          ':newCounter': { N: '1' },
          ':expectedCounter': { N: '0' },
        },
      }),
    );
    expect(result.ok && result.lease).toMatchObject({
      leaseOwner: 'kds-1',
      leaseCounter: 1,
      ownerSwitchesSinceCheckpoint: 0,
    });
  });

  it('adds 1 to ownerSwitchesSinceCheckpoint when the owner changes', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().takeLease(held(), 'kds-1');

    const input = sentUpdate();
    expect(input?.UpdateExpression).toBe(
      'SET #leaseOwner = :owner, #leaseCounter = :newCounter REMOVE #checkpointOwner ADD #ownerSwitches :one',
    );
    expect(input?.ExpressionAttributeNames?.['#ownerSwitches']).toBe(
      'ownerSwitchesSinceCheckpoint',
    );
    expect(input?.ExpressionAttributeValues?.[':one']).toEqual({ N: '1' });
    expect(result.ok && result.lease.ownerSwitchesSinceCheckpoint).toBe(3);
  });

  it('clears a KCL 3.x handoff (checkpointOwner) in the returned lease', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().takeLease(leaseFromItem(kclItem('kcl3Lease')) as Lease, 'kds-1');

    expect(result.ok && result.lease.checkpointOwner).toBeUndefined();
    expect(result.ok && 'checkpointOwner' in result.lease.attributes).toBe(false);
    expect(result.ok && result.lease.attributes.throughputKBps).toEqual({ N: '12.5' });
  });

  it('reports a failed condition when the counter moved', async () => {
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());

    expect(await table().takeLease(held(), 'kds-1')).toEqual({
      ok: false,
      reason: 'CONDITION_FAILED',
    });
  });
});

describe('evictLease', () => {
  it('removes the owner if it is still the one expected, adding 1 to the counter', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().evictLease(held());

    expect(sentUpdate()).toEqual(
      leaseUpdate('shardId-000000000002', {
        UpdateExpression: 'REMOVE #leaseOwner, #checkpointOwner ADD #leaseCounter :one',
        ConditionExpression:
          '#leaseOwner = :owner AND attribute_not_exists(#checkpointOwner) AND attribute_exists(#leaseKey)',
        ExpressionAttributeNames: placeholders(
          'leaseKey',
          'leaseOwner',
          'leaseCounter',
          'checkpointOwner',
        ),
        ExpressionAttributeValues: { ':one': { N: '1' }, ':owner': { S: 'kcl-worker-a' } },
      }),
    );
    expect(result.ok && result.lease).toMatchObject({ leaseOwner: undefined, leaseCounter: 42 });
  });
});

describe('updateCheckpoint', () => {
  it('writes the checkpoint, resets owner switches and removes the prepared checkpoint', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().updateCheckpoint(held(), {
      sequenceNumber: '123',
      subSequenceNumber: 4,
    });

    expect(sentUpdate()).toEqual(
      leaseUpdate('shardId-000000000002', {
        UpdateExpression:
          'SET #leaseCounter = :newCounter, #checkpoint = :checkpoint, #checkpointSub = :checkpointSub, #ownerSwitches = :zero REMOVE #pendingCheckpoint, #pendingCheckpointSub, #pendingCheckpointState',
        ConditionExpression: '#leaseCounter = :expectedCounter AND #leaseOwner = :owner',
        ExpressionAttributeNames: {
          '#leaseOwner': 'leaseOwner',
          '#leaseCounter': 'leaseCounter',
          '#ownerSwitches': 'ownerSwitchesSinceCheckpoint',
          '#checkpoint': 'checkpoint',
          '#checkpointSub': 'checkpointSubSequenceNumber',
          '#pendingCheckpoint': 'pendingCheckpoint',
          '#pendingCheckpointSub': 'pendingCheckpointSubSequenceNumber',
          '#pendingCheckpointState': 'pendingCheckpointState',
        },
        ExpressionAttributeValues: {
          ':newCounter': { N: '42' },
          ':checkpoint': { S: '123' },
          ':checkpointSub': { N: '4' },
          ':zero': { N: '0' },
          ':expectedCounter': { N: '41' },
          ':owner': { S: 'kcl-worker-a' },
        },
      }),
    );
    expect(result.ok && result.lease).toMatchObject({
      leaseCounter: 42,
      checkpoint: { sequenceNumber: '123', subSequenceNumber: 4 },
      pendingCheckpoint: undefined,
      ownerSwitchesSinceCheckpoint: 0,
    });
    expect(result.ok && 'pendingCheckpointState' in result.lease.attributes).toBe(false);
    expect(result.ok && result.lease.attributes.applicationTag).toEqual({ S: 'kept-by-kds' });
  });

  it('writes a prepared checkpoint when given', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    await table().updateCheckpoint(
      held(),
      { sequenceNumber: '123', subSequenceNumber: 0 },
      { sequenceNumber: '130', subSequenceNumber: 1 },
    );

    const input = sentUpdate();
    expect(input?.UpdateExpression).toBe(
      'SET #leaseCounter = :newCounter, #checkpoint = :checkpoint, #checkpointSub = :checkpointSub, #ownerSwitches = :zero, #pendingCheckpoint = :pending, #pendingCheckpointSub = :pendingSub REMOVE #pendingCheckpointState',
    );
    expect(input?.ExpressionAttributeValues?.[':pending']).toEqual({ S: '130' });
    expect(input?.ExpressionAttributeValues?.[':pendingSub']).toEqual({ N: '1' });
  });

  it('reports a failed condition without a write when the lease has no owner', async () => {
    const result = await table().updateCheckpoint(leaseFromItem(kclItem('unowned')) as Lease, {
      sequenceNumber: '1',
      subSequenceNumber: 0,
    });

    expect(result).toEqual({ ok: false, reason: 'CONDITION_FAILED' });
    expect(dynamo.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});

describe('createLeaseIfNotExists', () => {
  it('puts the item only if no lease has its key', async () => {
    dynamo.on(PutItemCommand).resolves({});
    const lease = newLease({
      leaseKey: 'shardId-000000000009',
      checkpoint: { sequenceNumber: 'LATEST', subSequenceNumber: 0 },
    });

    const result = await table().createLeaseIfNotExists(lease);

    expect(dynamo.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: leaseToItem(lease),
      ConditionExpression: 'attribute_not_exists(#leaseKey)',
      ExpressionAttributeNames: { '#leaseKey': 'leaseKey' },
    });
    expect(result.ok).toBe(true);
  });

  it('reports a failed condition when the lease exists', async () => {
    dynamo.on(PutItemCommand).rejects(conditionFailed());
    const lease = newLease({
      leaseKey: 'shardId-000000000009',
      checkpoint: { sequenceNumber: 'LATEST', subSequenceNumber: 0 },
    });

    expect(await table().createLeaseIfNotExists(lease)).toEqual({
      ok: false,
      reason: 'CONDITION_FAILED',
    });
  });
});

describe('updateChildShards and deleteLease', () => {
  it('sets childShardIds if the lease exists, without touching the counter', async () => {
    dynamo.on(UpdateItemCommand).resolves({});

    const result = await table().updateChildShards(held(), ['shardId-000000000007']);

    expect(sentUpdate()).toMatchObject({
      UpdateExpression: 'SET #childShardIds = :childShardIds',
      ConditionExpression: 'attribute_exists(#leaseKey)',
      ExpressionAttributeValues: { ':childShardIds': { SS: ['shardId-000000000007'] } },
    });
    expect(result.ok && result.lease.leaseCounter).toBe(41);
  });

  it('deletes by key', async () => {
    dynamo.on(DeleteItemCommand).resolves({});

    await table().deleteLease(held());

    expect(dynamo.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { leaseKey: { S: 'shardId-000000000002' } },
    });
  });
});

describe('listLeases', () => {
  it('scans every page with consistent reads and skips items that are not leases', async () => {
    dynamo
      .on(ScanCommand)
      .resolvesOnce({
        Items: [kclItem('unowned'), kclItem('kcl3WorkerMetrics')],
        LastEvaluatedKey: { leaseKey: { S: 'x' } },
      })
      .resolvesOnce({ Items: [kclItem('heldWithAggregateCheckpoint')] });

    const leases = await table().listLeases();

    expect(leases.map((lease) => lease.leaseKey)).toEqual([
      'shardId-000000000003',
      'shardId-000000000002',
    ]);
    const calls = dynamo.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { TableName: TABLE, ConsistentRead: true },
      { TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: { leaseKey: { S: 'x' } } },
    ]);
  });

  it('reports unreadable items to onUnreadableItem and keeps the others', async () => {
    const { checkpoint: _checkpoint, ...broken } = kclItem('unowned');
    dynamo.on(ScanCommand).resolves({ Items: [broken, kclItem('finishedParent')] });
    const unreadable: LeaseTableError[] = [];

    const leases = await createLeaseTable({
      tableName: TABLE,
      client: new DynamoDBClient({ region: 'us-east-1' }),
      onUnreadableItem: (error) => unreadable.push(error),
    }).listLeases();

    expect(leases.map((lease) => lease.leaseKey)).toEqual(['shardId-000000000000']);
    expect(unreadable.map((error) => error.leaseKey)).toEqual(['shardId-000000000003']);
  });
});

describe('createLeaseTableIfNotExists', () => {
  it('creates the table as the KCL does when it is missing', async () => {
    dynamo
      .on(DescribeTableCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'not found', $metadata: {} }))
      .resolves({ Table: { TableStatus: 'ACTIVE' } });
    dynamo.on(CreateTableCommand).resolves({});

    const created = await table().createLeaseTableIfNotExists();

    expect(created).toBe(true);
    expect(dynamo.commandCalls(CreateTableCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('leaves an existing table alone', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });

    expect(await table().createLeaseTableIfNotExists()).toBe(false);
    expect(dynamo.commandCalls(CreateTableCommand)).toHaveLength(0);
  });
});
