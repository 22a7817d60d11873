function findForbiddenKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findForbiddenKey(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return key;
    if (key === 'constructor') {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== null && typeof inner === 'object' && Object.hasOwn(inner, 'prototype')) {
        return 'constructor.prototype';
      }
    }
    const found = findForbiddenKey((value as Record<string, unknown>)[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Whether JSON text may spell a forbidden key: both `__proto__` and `constructor.prototype` hold
 * the word `proto`, and a `\u` escape could spell either. Two native substring searches and no
 * closure: this runs for every record.
 */
export function mayHoldForbiddenKey(text: string): boolean {
  return text.includes('proto') || text.includes('\\u');
}

/**
 * Parses JSON like `JSON.parse`, but reports a `__proto__` key or a `constructor.prototype` path
 * (the rule of secure-json-parse), keys that would reach an object's prototype if the parsed value
 * were merged into another. The scan runs only when the text contains the word `proto` or a `\u`
 * escape, so ordinary records pay two substring searches.
 *
 * @returns the value, or the forbidden key found
 */
export function parseJsonSafely(
  text: string,
): { value: unknown; forbiddenKey?: never } | { forbiddenKey: string; value?: never } {
  const value: unknown = JSON.parse(text);
  // A key may be spelled with escapes ("\u005f_proto__"), which the word search alone would miss.
  if (mayHoldForbiddenKey(text)) {
    const forbiddenKey = findForbiddenKey(value);
    if (forbiddenKey !== undefined) return { forbiddenKey };
  }
  return { value };
}
