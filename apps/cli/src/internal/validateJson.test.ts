import { describe, expect, it } from 'vitest';
import { validateJson } from './validateJson.js';

describe('validateJson', () => {
  const schema = {
    type: 'object',
    required: ['a', 'b'],
    additionalProperties: false,
    $defs: { pos: { type: 'number', minimum: 0 } },
    properties: {
      a: { const: 'x' },
      b: { type: 'array', minItems: 1, items: { $ref: '#/$defs/pos' } },
      c: { type: ['integer', 'null'] },
      d: { enum: ['p', 'q'] },
      e: { type: 'string', pattern: '^[0-9]+$' },
      f: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
    },
  } as const;
  it('accepts a conforming document', () => {
    expect(validateJson({ a: 'x', b: [0, 1.5], c: null, d: 'q', e: '42', f: true }, schema)).toEqual([]);
  });
  it('reports each violation with its path', () => {
    const errors = validateJson({ a: 'y', b: [-1, 'z'], c: 1.5, d: 'r', e: '4a', f: 3, g: 1 }, schema);
    expect(errors).toEqual([
      '$.a: expected "x", got "y"',
      '$.b[0]: -1 < minimum 0',
      '$.b[1]: expected number, got string',
      '$.c: expected integer or null, got number',
      '$.d: "r" is not one of ["p","q"]',
      '$.e: "4a" does not match ^[0-9]+$',
      '$.f: matches none of the anyOf alternatives',
      '$: unexpected property "g"',
    ]);
    expect(validateJson({ b: [] }, schema)).toEqual([
      '$: missing required property "a"',
      '$.b: 0 items, expected at least 1',
    ]);
  });
  it('integers are numbers but not the reverse', () => {
    expect(validateJson(3, { type: 'number' })).toEqual([]);
    expect(validateJson(3.5, { type: 'integer' })).toEqual(['$: expected integer, got number']);
  });
});
