/** Whose checkpoints: one consumer (one trigger) of one stream. */
export interface CheckpointScope {
  readonly streamName: string;
  readonly consumerName: string;
}

/**
 * Where a trigger keeps, per shard, the last sequence number it handled, or `SHARD_END` once the
 * shard is read to its end. A trigger loads them at start and resumes after them.
 */
export interface CheckpointStore {
  /** Every checkpoint of the scope, per ShardId. */
  load(scope: CheckpointScope): Promise<Record<string, string>>;
  /** Records a shard's checkpoint; the trigger saves one shard's checkpoints in order. */
  save(scope: CheckpointScope, shardId: string, checkpoint: string): Promise<void>;
}

const scopeKey = ({ streamName, consumerName }: CheckpointScope): string =>
  `${streamName}/${consumerName}`;

/**
 * Checkpoints in this process's memory: the default. Pass one store to several triggers in turn
 * and a restarted trigger resumes where the last one stopped.
 *
 * @example
 * ```ts
 * import { createMemoryCheckpointStore } from '@kds/local';
 *
 * const checkpointStore = createMemoryCheckpointStore();
 * ```
 */
export function createMemoryCheckpointStore(): CheckpointStore {
  const scopes = new Map<string, Map<string, string>>();
  return {
    async load(scope) {
      return Object.fromEntries(scopes.get(scopeKey(scope)) ?? []);
    },
    async save(scope, shardId, checkpoint) {
      const key = scopeKey(scope);
      let shards = scopes.get(key);
      if (shards === undefined) {
        shards = new Map();
        scopes.set(key, shards);
      }
      shards.set(shardId, checkpoint);
    },
  };
}

export { scopeKey as checkpointScopeKey };
