import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type ExtendedSequenceNumber,
  type Lease,
  type LeaseTable,
  LeaseTableError,
  type LeaseWriteResult,
  leaseFromItem,
  leaseToItem,
} from '../../src/index.js';

type Operation = 'renewLease' | 'takeLease' | 'evictLease' | 'updateCheckpoint' | 'listLeases';

/** One write the table received: the operation, the lease key and the counter it expected. */
export interface WriteCall {
  readonly operation: Operation;
  readonly leaseKey: string;
  readonly expectedCounter: number;
}

/**
 * An in-memory lease table with DynamoDB's conditional semantics, to drive the coordinator under
 * fake timers. `gate` holds the next call of an operation until released; `failures` makes calls
 * throw as a DynamoDB outage would.
 */
export function createMemoryLeaseTable(initial: readonly Lease[] = []) {
  const items = new Map<string, Lease>(initial.map((lease) => [lease.leaseKey, lease]));
  const calls: WriteCall[] = [];
  const failures = new Set<Operation>();
  const gates = new Map<Operation, Promise<void>>();

  const CONDITION_FAILED: LeaseWriteResult = { ok: false, reason: 'CONDITION_FAILED' };
  const store = (lease: Lease): Lease => {
    const stored = leaseFromItem(leaseToItem(lease)) as Lease;
    items.set(stored.leaseKey, stored);
    return stored;
  };

  async function enter(operation: Operation, lease?: Lease): Promise<void> {
    if (lease !== undefined) {
      calls.push({ operation, leaseKey: lease.leaseKey, expectedCounter: lease.leaseCounter });
    }
    const gate = gates.get(operation);
    if (gate !== undefined) {
      gates.delete(operation);
      await gate;
    }
    if (failures.has(operation)) {
      throw new LeaseTableError(operation, lease?.leaseKey, 'simulated outage', {
        cause: new Error('ECONNRESET'),
      });
    }
  }

  const table: LeaseTable = {
    tableName: 'memory',
    client: new DynamoDBClient({ region: 'us-east-1' }),
    async createLeaseTableIfNotExists() {
      return false;
    },
    async listLeases() {
      await enter('listLeases');
      return [...items.values()];
    },
    async getLease(leaseKey) {
      return items.get(leaseKey);
    },
    async createLeaseIfNotExists(lease) {
      if (items.has(lease.leaseKey)) return CONDITION_FAILED;
      return { ok: true, lease: store(lease) };
    },
    async renewLease(lease) {
      await enter('renewLease', lease);
      const current = items.get(lease.leaseKey);
      if (current?.leaseCounter !== lease.leaseCounter || current.leaseOwner !== lease.leaseOwner) {
        return CONDITION_FAILED;
      }
      return { ok: true, lease: store({ ...current, leaseCounter: current.leaseCounter + 1 }) };
    },
    async takeLease(lease, owner) {
      await enter('takeLease', lease);
      const current = items.get(lease.leaseKey);
      if (current?.leaseCounter !== lease.leaseCounter) return CONDITION_FAILED;
      const switched = current.leaseOwner !== undefined && current.leaseOwner !== owner;
      return {
        ok: true,
        lease: store({
          ...current,
          leaseOwner: owner,
          leaseCounter: current.leaseCounter + 1,
          ownerSwitchesSinceCheckpoint: current.ownerSwitchesSinceCheckpoint + (switched ? 1 : 0),
        }),
      };
    },
    async evictLease(lease) {
      await enter('evictLease', lease);
      const current = items.get(lease.leaseKey);
      if (current === undefined || current.leaseOwner !== lease.leaseOwner) return CONDITION_FAILED;
      return {
        ok: true,
        lease: store({ ...current, leaseOwner: undefined, leaseCounter: current.leaseCounter + 1 }),
      };
    },
    async updateCheckpoint(lease, checkpoint: ExtendedSequenceNumber) {
      await enter('updateCheckpoint', lease);
      const current = items.get(lease.leaseKey);
      if (current?.leaseCounter !== lease.leaseCounter || current.leaseOwner !== lease.leaseOwner) {
        return CONDITION_FAILED;
      }
      return {
        ok: true,
        lease: store({
          ...current,
          checkpoint,
          leaseCounter: current.leaseCounter + 1,
          ownerSwitchesSinceCheckpoint: 0,
        }),
      };
    },
    async updateChildShards(lease, childShardIds) {
      const current = items.get(lease.leaseKey);
      if (current === undefined) return CONDITION_FAILED;
      return { ok: true, lease: store({ ...current, childShardIds }) };
    },
    async deleteLease(lease) {
      items.delete(lease.leaseKey);
    },
  };

  return {
    table,
    items,
    calls,
    failures,
    /** Holds the next call of `operation` until the returned function is called. */
    gate(operation: Operation): () => void {
      let open = (): void => undefined;
      gates.set(
        operation,
        new Promise<void>((resolve) => {
          open = resolve;
        }),
      );
      return () => open();
    },
    /** Another worker takes the lease (counter + 1, owner changed). */
    takeAs(leaseKey: string, owner: string): void {
      const current = items.get(leaseKey) as Lease;
      store({ ...current, leaseOwner: owner, leaseCounter: current.leaseCounter + 1 });
    },
  };
}
