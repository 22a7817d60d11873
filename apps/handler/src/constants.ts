import { PoisonPolicy } from '@kds/consumer';

/** The tutorial's table. */
export const DEFAULT_TABLE_NAME = 'TestTable';

/** The tutorial keeps readings at or above 35 °C. */
export const DEFAULT_MIN_TEMPERATURE = 35;

/**
 * The handler reports a record that can never decode (and logs it) but still stores the good
 * records after it: when the trigger's bounded retries give up, no good reading of the batch was
 * lost. `POISON_POLICY=skip` checkpoints past it instead; `fail` stops there.
 */
export const DEFAULT_POISON_POLICY: PoisonPolicy = PoisonPolicy.Report;

/**
 * The readings table's key: partition key `Timestamp` (Number) as in the tutorial, sort key `Spot`
 * (String) so two spots reporting in the same millisecond do not overwrite each other. The one
 * definition tables are created from (simulator, infrastructure); the handler's sink reads the key
 * of the table it writes to with DescribeTable.
 */
export const READINGS_TABLE_KEY = [
  { name: 'Timestamp', type: 'N', keyType: 'HASH' },
  { name: 'Spot', type: 'S', keyType: 'RANGE' },
] as const;
