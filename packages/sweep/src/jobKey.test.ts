import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, jobKey } from './jobKey.js';

describe('jobKey', () => {
  it('is the first 32 hex digits of SHA-256 of the RFC 8785 text {"input":…,"study":…} (sorted keys)', () => {
    const text = '{"input":{"net":"relu:2-3-2","seed":1},"study":"laws"}';
    const expected = createHash('sha256').update(text).digest('hex').slice(0, 32);
    expect(jobKey('laws', { seed: 1, net: 'relu:2-3-2' })).toBe(expected);
    expect(jobKey('laws', { net: 'relu:2-3-2', seed: 1 })).toBe(expected);
  });
  it('differs between studies and between inputs', () => {
    expect(jobKey('laws', { net: 'relu:2-3-2' })).not.toBe(jobKey('lift', { net: 'relu:2-3-2' }));
    expect(jobKey('laws', { net: 'relu:2-3-2' })).not.toBe(jobKey('laws', { net: 'relu:2-3-1' }));
  });
  it('canonicalJson sorts keys at every depth and writes numbers as ECMAScript does; NaN is refused', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 1e21 }], a: 0.1 })).toBe('{"a":0.1,"b":[{"x":1e+21,"y":1}]}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  });
});
