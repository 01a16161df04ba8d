import { describe, expect, it } from 'vitest';
import { fmt, fmtE, paint, table, wrapCell } from './format.js';

describe('format', () => {
  it('wrapCell breaks at spaces, hard-breaks long words, and keeps short text whole', () => {
    expect(wrapCell('short', 10)).toEqual(['short']);
    expect(wrapCell('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapCell('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
  });
  it('table aligns columns by visible width (ANSI escapes and multi-byte characters excluded) and indents continuation lines', () => {
    const t = table(
      ['a', 'b'],
      [
        [paint(true, 'red', 'x'), 'y'],
        ['φ→ψ long name', 'z'],
      ],
      [8],
    );
    expect(t.split('\n')).toEqual([
      'a         b',
      '--------  -',
      '\x1b[31mx\x1b[0m         y',
      'φ→ψ long  z',
      '  name',
    ]);
  });
  it('numbers: integers as is, 4 significant digits, exponent notation for small and large', () => {
    expect([fmt(12), fmt(0.123456), fmt(1e-5), fmt(123456.7), fmtE(0), fmtE(2.5e-11)]).toEqual([
      '12',
      '0.1235',
      '1.00e-5',
      '1.23e+5',
      '0',
      '2.50e-11',
    ]);
  });
});
