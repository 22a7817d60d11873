// Long on purpose: one closure holding every conditional write of the KCL lease item (the same key, names and condition handling); the item format is in lease-serializer.ts.
import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_TABLE_ACTIVE_TIMEOUT_MS, TABLE_STATUS_POLL_INTERVAL_MS } from '../constants.js';
import { InvalidOptionError, LeaseTableError } from '../errors.js';
import type { ExtendedSequenceNumber, Lease } from './lease.js';
import { LeaseAttribute, leaseFromItem, leaseToItem } from './lease-serializer.js';

/** Either an injected DynamoDB client or the config to build one, never both. */
export type DynamoDbClientOptions =
  | { client: DynamoDBClient; clientConfig?: never }
  | { clientConfig?: DynamoDBClientConfig; client?: never };

/** Options of {@link createLeaseTable}. */
export type LeaseTableOptions = DynamoDbClientOptions & {
  /** The lease table: the KCL names it after the application (`applicationName`). */
  tableName: string;
  /**
   * Called for an item `listLeases` skips because it cannot be read as a lease (the KCL skips
   * those too); by default they are skipped silently.
   */
  onUnreadableItem?: (error: LeaseTableError) => void;
};

/**
 * Why a conditional write did not happen.
 *
 * @example
 * ```ts
 * import { LeaseWriteFailure, type LeaseWriteResult } from '@kds/worker';
 *
 * const lostRace = (result: LeaseWriteResult): boolean => !result.ok && result.reason === LeaseWriteFailure.ConditionFailed;
 * ```
 */
export const LeaseWriteFailure = {
  /** The item is not in the state the write expected (another worker wrote it first). */
  ConditionFailed: 'CONDITION_FAILED',
} as const;

/** One of {@link LeaseWriteFailure}. */
export type LeaseWriteFailure = (typeof LeaseWriteFailure)[keyof typeof LeaseWriteFailure];

/** The outcome of a conditional lease write: the lease as now stored, or why nothing was written. */
export type LeaseWriteResult =
  | { readonly ok: true; readonly lease: Lease }
  | { readonly ok: false; readonly reason: LeaseWriteFailure };

/** Options of {@link LeaseTable.createLeaseTableIfNotExists}. */
export interface CreateLeaseTableOptions {
  /** How long to wait for the table to become ACTIVE. Default {@link DEFAULT_TABLE_ACTIVE_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/**
 * The DynamoDB operations on a KCL lease table. Every write is conditional as the KCL's
 * (docs/kcl-lease-table.md lists the conditions) and changes only the attributes it names, so
 * attributes kds does not know are kept. A failed condition is a result (`ok: false`); any other
 * failure throws {@link LeaseTableError} with the SDK's error as `cause`.
 */
export interface LeaseTable {
  /** The table's name. */
  readonly tableName: string;
  /** The DynamoDB client in use. */
  readonly client: DynamoDBClient;
  /**
   * Creates the table as the KCL does (key `leaseKey` S HASH, on-demand capacity) unless it
   * exists, then waits until it is ACTIVE. Resolves `true` when this call created it.
   */
  createLeaseTableIfNotExists(options?: CreateLeaseTableOptions): Promise<boolean>;
  /** Every lease, read with a strongly consistent, paginated Scan; non-lease items are skipped. */
  listLeases(): Promise<Lease[]>;
  /** One lease (strongly consistent read), or `undefined` when there is none. */
  getLease(leaseKey: string): Promise<Lease | undefined>;
  /** Writes a new lease unless one with its key exists (PutItem, `attribute_not_exists(leaseKey)`). */
  createLeaseIfNotExists(lease: Lease): Promise<LeaseWriteResult>;
  /** Raises the counter of a lease held by `lease.leaseOwner`, if its counter is still `lease.leaseCounter`. */
  renewLease(lease: Lease): Promise<LeaseWriteResult>;
  /** Makes `owner` the lease's owner, if its counter is still `lease.leaseCounter`. */
  takeLease(lease: Lease, owner: string): Promise<LeaseWriteResult>;
  /** Removes the lease's owner so any worker can take it at once, if the owner is still `lease.leaseOwner`. */
  evictLease(lease: Lease): Promise<LeaseWriteResult>;
  /**
   * Writes a checkpoint (and a prepared checkpoint, or removes it) and sets
   * `ownerSwitchesSinceCheckpoint` to 0, if the lease's counter and owner are still the given ones.
   */
  updateCheckpoint(
    lease: Lease,
    checkpoint: ExtendedSequenceNumber,
    pendingCheckpoint?: ExtendedSequenceNumber,
  ): Promise<LeaseWriteResult>;
  /** Records a shard's children (`childShardIds`) if the lease exists; the counter is not changed. */
  updateChildShards(lease: Lease, childShardIds: readonly string[]): Promise<LeaseWriteResult>;
  /** Deletes a lease, unconditionally as the KCL does. */
  deleteLease(lease: Lease): Promise<void>;
}

const NAMES = {
  '#leaseKey': LeaseAttribute.LeaseKey,
  '#leaseOwner': LeaseAttribute.LeaseOwner,
  '#leaseCounter': LeaseAttribute.LeaseCounter,
  '#ownerSwitches': LeaseAttribute.OwnerSwitchesSinceCheckpoint,
  '#checkpoint': LeaseAttribute.Checkpoint,
  '#checkpointSub': LeaseAttribute.CheckpointSubSequenceNumber,
  '#pendingCheckpoint': LeaseAttribute.PendingCheckpoint,
  '#pendingCheckpointSub': LeaseAttribute.PendingCheckpointSubSequenceNumber,
  '#pendingCheckpointState': LeaseAttribute.PendingCheckpointState,
  '#childShardIds': LeaseAttribute.ChildShardIds,
  '#checkpointOwner': LeaseAttribute.CheckpointOwner,
} as const;

type Name = keyof typeof NAMES;

/** Only the placeholders an expression uses: DynamoDB rejects unused ones. */
function namesFor(...expressions: string[]): Record<string, string> {
  const text = expressions.join(' ');
  const used: Record<string, string> = {};
  for (const [placeholder, name] of Object.entries(NAMES)) {
    if (new RegExp(`${placeholder}\\b`).test(text)) used[placeholder] = name;
  }
  return used;
}

const n = (value: number): AttributeValue => ({ N: String(value) });
const s = (value: string): AttributeValue => ({ S: value });

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ResourceNotFoundException';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CONDITION_FAILED: LeaseWriteResult = {
  ok: false,
  reason: LeaseWriteFailure.ConditionFailed,
};

/** The lease as DynamoDB returned it, or as computed when the response has no attributes. */
function written(
  attributes: Record<string, AttributeValue> | undefined,
  expected: Lease,
  removed: readonly Name[] = [],
): Lease {
  if (attributes !== undefined && Object.keys(attributes).length > 0) {
    const lease = leaseFromItem(attributes);
    if (lease !== undefined) return lease;
  }
  const item = leaseToItem(expected);
  for (const placeholder of removed) delete item[NAMES[placeholder]];
  return leaseFromItem(item) ?? expected;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The lease table of a KCL application, for reading and writing leases as the KCL does.
 *
 * @example
 * ```ts
 * import { createLeaseTable } from '@kds/worker';
 *
 * const table = createLeaseTable({ tableName: 'my-kcl-application', clientConfig: { region: 'eu-west-1' } });
 * await table.createLeaseTableIfNotExists();
 * for (const lease of await table.listLeases()) {
 *   console.log(lease.leaseKey, lease.leaseOwner ?? '(free)', lease.checkpoint.sequenceNumber);
 * }
 * ```
 */
export function createLeaseTable(options: LeaseTableOptions): LeaseTable {
  const { tableName, onUnreadableItem } = options;
  if (typeof tableName !== 'string' || tableName.length === 0) {
    throw new InvalidOptionError('tableName', 'must be a non-empty string');
  }
  const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
  const keyOf = (leaseKey: string): Record<string, AttributeValue> => ({
    [LeaseAttribute.LeaseKey]: s(leaseKey),
  });

  async function call<T>(operation: string, leaseKey: string | undefined, run: () => Promise<T>) {
    try {
      return await run();
    } catch (error) {
      if (isConditionFailure(error)) throw error;
      throw new LeaseTableError(operation, leaseKey, messageOf(error), { cause: error });
    }
  }

  async function update(
    operation: string,
    lease: Lease,
    request: {
      update: string;
      condition: string;
      values: Record<string, AttributeValue>;
    },
  ): Promise<Record<string, AttributeValue> | undefined> {
    const response = await call(operation, lease.leaseKey, () =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(lease.leaseKey),
          UpdateExpression: request.update,
          ConditionExpression: request.condition,
          ExpressionAttributeNames: namesFor(request.update, request.condition),
          ExpressionAttributeValues: request.values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return response.Attributes ?? {};
  }

  /** Runs a conditional update; a failed condition becomes `undefined`. */
  async function conditional(
    operation: string,
    lease: Lease,
    request: Parameters<typeof update>[2],
  ): Promise<Record<string, AttributeValue> | undefined> {
    try {
      return await update(operation, lease, request);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async function getLease(leaseKey: string): Promise<Lease | undefined> {
    const response = await call('getLease', leaseKey, () =>
      client.send(
        new GetItemCommand({ TableName: tableName, Key: keyOf(leaseKey), ConsistentRead: true }),
      ),
    );
    return response.Item === undefined ? undefined : leaseFromItem(response.Item);
  }

  async function tableStatus(): Promise<string | undefined> {
    try {
      const response = await client.send(new DescribeTableCommand({ TableName: tableName }));
      return response.Table?.TableStatus;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new LeaseTableError('describeTable', undefined, messageOf(error), { cause: error });
    }
  }

  return {
    tableName,
    client,

    async createLeaseTableIfNotExists(createOptions = {}) {
      const { timeoutMs = DEFAULT_TABLE_ACTIVE_TIMEOUT_MS } = createOptions;
      let created = false;
      if ((await tableStatus()) === undefined) {
        try {
          await client.send(
            new CreateTableCommand({
              TableName: tableName,
              KeySchema: [{ AttributeName: LeaseAttribute.LeaseKey, KeyType: 'HASH' }],
              AttributeDefinitions: [
                { AttributeName: LeaseAttribute.LeaseKey, AttributeType: 'S' },
              ],
              BillingMode: 'PAY_PER_REQUEST',
            }),
          );
          created = true;
        } catch (error) {
          if ((error as { name?: unknown }).name !== 'ResourceInUseException') {
            throw new LeaseTableError('createTable', undefined, messageOf(error), { cause: error });
          }
        }
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await tableStatus();
        // The KCL accepts UPDATING too: the table serves reads and writes while it updates.
        if (status === 'ACTIVE' || status === 'UPDATING') return created;
        if (Date.now() >= deadline) {
          throw new LeaseTableError(
            'createTable',
            undefined,
            `table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${status ?? 'absent'})`,
          );
        }
        await sleep(TABLE_STATUS_POLL_INTERVAL_MS);
      }
    },

    async listLeases() {
      const leases: Lease[] = [];
      let exclusiveStartKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await call('listLeases', undefined, () =>
          client.send(
            new ScanCommand({
              TableName: tableName,
              ConsistentRead: true,
              ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
            }),
          ),
        );
        for (const item of page.Items ?? []) {
          try {
            const lease = leaseFromItem(item);
            if (lease !== undefined) leases.push(lease);
          } catch (error) {
            if (!(error instanceof LeaseTableError)) throw error;
            onUnreadableItem?.(error);
          }
        }
        exclusiveStartKey = page.LastEvaluatedKey;
      } while (exclusiveStartKey !== undefined);
      return leases;
    },

    getLease,

    async createLeaseIfNotExists(lease) {
      try {
        await call('createLeaseIfNotExists', lease.leaseKey, () =>
          client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: leaseToItem(lease),
              ConditionExpression: 'attribute_not_exists(#leaseKey)',
              ExpressionAttributeNames: namesFor('#leaseKey'),
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) return CONDITION_FAILED;
        throw error;
      }
      return { ok: true, lease: written(undefined, lease) };
    },

    async renewLease(lease) {
      const owner = lease.leaseOwner;
      if (owner === undefined) return CONDITION_FAILED;
      const nextCounter = lease.leaseCounter + 1;
      const attributes = await conditional('renewLease', lease, {
        update: 'SET #leaseCounter = :newCounter',
        condition:
          '#leaseCounter = :expectedCounter AND #leaseOwner = :owner AND attribute_not_exists(#checkpointOwner)',
        values: {
          ':newCounter': n(nextCounter),
          ':expectedCounter': n(lease.leaseCounter),
          ':owner': s(owner),
        },
      });
      if (attributes !== undefined) {
        return { ok: true, lease: written(attributes, { ...lease, leaseCounter: nextCounter }) };
      }
      // As the KCL: an SDK retry of a renewal that did succeed fails its own condition, so read the
      // item and accept it when it holds exactly what that renewal wrote.
      const current = await getLease(lease.leaseKey);
      if (current?.leaseOwner === owner && current.leaseCounter === nextCounter) {
        return { ok: true, lease: current };
      }
      return CONDITION_FAILED;
    },

    async takeLease(lease, owner) {
      const nextCounter = lease.leaseCounter + 1;
      const switches =
        (lease.leaseOwner !== undefined && lease.leaseOwner !== owner) ||
        lease.checkpointOwner === owner;
      const attributes = await conditional('takeLease', lease, {
        update: `SET #leaseOwner = :owner, #leaseCounter = :newCounter REMOVE #checkpointOwner${
          switches ? ' ADD #ownerSwitches :one' : ''
        }`,
        condition: '#leaseCounter = :expectedCounter',
        values: {
          ':owner': s(owner),
          ':newCounter': n(nextCounter),
          ':expectedCounter': n(lease.leaseCounter),
          ...(switches ? { ':one': n(1) } : {}),
        },
      });
      if (attributes === undefined) return CONDITION_FAILED;
      const expected: Lease = {
        ...lease,
        leaseOwner: owner,
        leaseCounter: nextCounter,
        checkpointOwner: undefined,
        ownerSwitchesSinceCheckpoint: lease.ownerSwitchesSinceCheckpoint + (switches ? 1 : 0),
      };
      return { ok: true, lease: written(attributes, expected, ['#checkpointOwner']) };
    },

    async evictLease(lease) {
      // As the KCL: during a KCL 3.x handoff (checkpointOwner set) only the handoff is cleared.
      const handoff = lease.checkpointOwner !== undefined;
      const ownerCondition =
        lease.leaseOwner === undefined
          ? 'attribute_not_exists(#leaseOwner)'
          : '#leaseOwner = :owner';
      const checkpointOwnerCondition = handoff
        ? '#checkpointOwner = :checkpointOwner'
        : 'attribute_not_exists(#checkpointOwner)';
      const attributes = await conditional('evictLease', lease, {
        update: `REMOVE ${handoff ? '' : '#leaseOwner, '}#checkpointOwner ADD #leaseCounter :one`,
        condition: `${ownerCondition} AND ${checkpointOwnerCondition} AND attribute_exists(#leaseKey)`,
        values: {
          ':one': n(1),
          ...(lease.leaseOwner === undefined ? {} : { ':owner': s(lease.leaseOwner) }),
          ...(handoff && lease.checkpointOwner !== undefined
            ? { ':checkpointOwner': s(lease.checkpointOwner) }
            : {}),
        },
      });
      if (attributes === undefined) return CONDITION_FAILED;
      const expected: Lease = {
        ...lease,
        leaseOwner: handoff ? lease.leaseOwner : undefined,
        checkpointOwner: undefined,
        leaseCounter: lease.leaseCounter + 1,
      };
      return { ok: true, lease: written(attributes, expected) };
    },

    async updateCheckpoint(lease, checkpoint, pendingCheckpoint) {
      const owner = lease.leaseOwner;
      if (owner === undefined) return CONDITION_FAILED;
      const nextCounter = lease.leaseCounter + 1;
      const sets = [
        '#leaseCounter = :newCounter',
        '#checkpoint = :checkpoint',
        '#checkpointSub = :checkpointSub',
        '#ownerSwitches = :zero',
      ];
      const removes: Name[] = ['#pendingCheckpointState'];
      const values: Record<string, AttributeValue> = {
        ':newCounter': n(nextCounter),
        ':checkpoint': s(checkpoint.sequenceNumber),
        ':checkpointSub': n(checkpoint.subSequenceNumber),
        ':zero': n(0),
        ':expectedCounter': n(lease.leaseCounter),
        ':owner': s(owner),
      };
      if (pendingCheckpoint === undefined) {
        removes.unshift('#pendingCheckpoint', '#pendingCheckpointSub');
      } else {
        sets.push('#pendingCheckpoint = :pending', '#pendingCheckpointSub = :pendingSub');
        values[':pending'] = s(pendingCheckpoint.sequenceNumber);
        values[':pendingSub'] = n(pendingCheckpoint.subSequenceNumber);
      }
      const attributes = await conditional('updateCheckpoint', lease, {
        update: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        condition: '#leaseCounter = :expectedCounter AND #leaseOwner = :owner',
        values,
      });
      if (attributes === undefined) return CONDITION_FAILED;
      const expected: Lease = {
        ...lease,
        leaseCounter: nextCounter,
        checkpoint,
        pendingCheckpoint,
        ownerSwitchesSinceCheckpoint: 0,
      };
      return { ok: true, lease: written(attributes, expected, removes) };
    },

    async updateChildShards(lease, childShardIds) {
      if (childShardIds.length === 0) {
        throw new InvalidOptionError('childShardIds', 'must name at least one shard');
      }
      const attributes = await conditional('updateChildShards', lease, {
        update: 'SET #childShardIds = :childShardIds',
        condition: 'attribute_exists(#leaseKey)',
        values: { ':childShardIds': { SS: [...childShardIds] } },
      });
      if (attributes === undefined) return CONDITION_FAILED;
      return {
        ok: true,
        lease: written(attributes, { ...lease, childShardIds: [...childShardIds] }),
      };
    },

    async deleteLease(lease) {
      await call('deleteLease', lease.leaseKey, () =>
        client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf(lease.leaseKey) })),
      );
    },
  };
}
