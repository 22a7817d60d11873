import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** An item as DynamoDB returns it, binary attributes decoded from the fixture's base64. */
export type Item = Record<string, AttributeValue>;

type FixtureName =
  | 'heldWithAggregateCheckpoint'
  | 'unowned'
  | 'finishedParent'
  | 'kcl3Lease'
  | 'kcl3WorkerMetrics';

const raw = JSON.parse(
  readFileSync(new URL('../fixtures/kcl-lease-items.json', import.meta.url), 'utf8'),
) as Record<FixtureName, Record<string, Record<string, unknown>>>;

/** A lease table item in the exact format the KCL writes (names and DynamoDB types of its serializer). */
export function kclItem(name: FixtureName): Item {
  const item: Item = {};
  for (const [attribute, value] of Object.entries(raw[name])) {
    item[attribute] =
      typeof value.B === 'string'
        ? { B: new Uint8Array(Buffer.from(value.B, 'base64')) }
        : (value as unknown as AttributeValue);
  }
  return structuredClone(item);
}
