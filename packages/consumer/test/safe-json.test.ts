import { describe, expect, it } from 'vitest';
import { parseJsonSafely } from '../src/safe-json.js';

describe('parseJsonSafely', () => {
  it.each<{ text: string; value: unknown }>([
    { text: '{"Temperature":36}', value: { Temperature: 36 } },
    { text: '[1,"two",null]', value: [1, 'two', null] },
    { text: '"__proto__"', value: '__proto__' },
    { text: '{"constructor":"Acme"}', value: { constructor: 'Acme' } },
    { text: '{"constructor":{"name":"Acme"}}', value: { constructor: { name: 'Acme' } } },
    { text: '{"Spot":"\\u0051"}', value: { Spot: 'Q' } },
  ])('returns the value of $text', ({ text, value }) => {
    // Act
    const result = parseJsonSafely(text);

    // Assess
    expect(result).toEqual({ value });
  });

  it.each([
    { text: '{"__proto__":{}}', forbiddenKey: '__proto__' },
    { text: '[[{"a":{"__proto__":null}}]]', forbiddenKey: '__proto__' },
    { text: '{"\\u005f\\u005fproto\\u005f\\u005f":{}}', forbiddenKey: '__proto__' },
    { text: '{"constructor":{"prototype":{}}}', forbiddenKey: 'constructor.prototype' },
    { text: '{"a":[{"constructor":{"prototype":1}}]}', forbiddenKey: 'constructor.prototype' },
    { text: '{"constructor":{"\\u0070rototype":{}}}', forbiddenKey: 'constructor.prototype' },
  ])('reports the forbidden key of $text', ({ text, forbiddenKey }) => {
    // Act
    const result = parseJsonSafely(text);

    // Assess
    expect(result).toEqual({ forbiddenKey });
    expect(Object.prototype).not.toHaveProperty('prototype');
  });

  it('throws the SyntaxError of JSON.parse on text that is not JSON', () => {
    // Act
    const parse = (): unknown => parseJsonSafely('{"__proto__":');

    // Assess
    expect(parse).toThrow(SyntaxError);
  });
});
