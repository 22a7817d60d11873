/** One statement of a policy document in a template, and where it is. */
export interface FoundStatement {
  readonly logicalId: string;
  readonly type: string;
  /** Property path of the policy document, e.g. `PolicyDocument` or `KeyPolicy`. */
  readonly path: string;
  readonly statement: Record<string, unknown>;
}

/** The elements of a statement that say what is allowed or denied on what. */
const SCOPE_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

function isPolicyDocument(value: unknown): value is { Statement: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { Statement?: unknown }).Statement)
  );
}

/**
 * Every statement of every policy document in a template: IAM policies, role inline policies and
 * trust policies, KMS key policies, queue policies, wherever a `{ Statement: [...] }` appears in a
 * resource's properties.
 */
export function policyStatements(template: {
  Resources?: Record<string, { Type: string; Properties?: unknown }>;
}): FoundStatement[] {
  const found: FoundStatement[] = [];
  const visit = (value: unknown, logicalId: string, type: string, path: string): void => {
    if (isPolicyDocument(value)) {
      for (const statement of value.Statement) {
        found.push({ logicalId, type, path, statement: statement as Record<string, unknown> });
      }
      return;
    }
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        visit(item, logicalId, type, `${path}[${index}]`);
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, logicalId, type, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  for (const [logicalId, { Type, Properties }] of Object.entries(template.Resources ?? {})) {
    visit(Properties, logicalId, Type, '');
  }
  return found;
}

/** Every string with a `*` in a value, however deep in `Fn::Join`, `Fn::Sub` and the like. */
function wildcardStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('*') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(wildcardStrings);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).flatMap(wildcardStrings);
  }
  return [];
}

/** The `*`s of a statement's Action, NotAction, Resource and NotResource, by element. */
export function statementWildcards(statement: Record<string, unknown>): string[] {
  return SCOPE_ELEMENTS.flatMap((element) =>
    wildcardStrings(statement[element]).map((wildcard) => `${element}: ${wildcard}`),
  );
}
